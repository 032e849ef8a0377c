"""The Linux desktop files pass their validators and agree with the app; the icons come out whole at every size.

The validators are Debian's ``desktop-file-utils`` and ``appstream`` (``./dev`` installs them); without
them those two tests are skipped, saying which package is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

import composer

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "be.postcomposer.PostComposer"
DESKTOP = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
MAKE_ICONS = ROOT / "packaging" / "icons" / "make_icons.py"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def validator(program: str, package: str) -> str:
    """The validator's path, or skip the test naming the Debian package that brings it."""
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is missing (Debian package {package})")
    return path


def complaints(output: str, pattern: str) -> list[str]:
    """The lines of a validator's report that match ``pattern``: its errors and warnings, not its hints."""
    return [line for line in output.splitlines() if re.search(pattern, line)]


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text("utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_desktop_file_is_valid():
    result = subprocess.run([validator("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
                            capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and not complaints(output, r": (error|warning): "), output


def test_metainfo_is_valid():
    result = subprocess.run([validator("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and not complaints(output, r"^[EW]: "), output


def test_newest_release_is_this_version():
    """A version bump without its release in the metainfo fails here (the newest release comes first)."""
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases[0].get("version") == composer.__version__
    dates = [release.get("date") for release in releases]
    assert dates == sorted(dates, reverse=True)


def test_desktop_file_and_metainfo_agree_with_the_app():
    from composer.ui.app import DESKTOP_ID  # the window's desktop file name (Wayland's app id)

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    program = next(iter(project["scripts"]))
    entry = desktop_entry()
    assert DESKTOP.stem == DESKTOP_ID == APP_ID
    assert entry["Exec"] == program and entry["Icon"] == APP_ID
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("provides/binary") == program
    assert component.findtext("project_license") == project["license"]
    assert component.findtext("name") == entry["Name"]


@pytest.fixture(scope="module")
def icons(tmp_path_factory) -> Path:
    """What the build script gets: make_icons.py run as a program into an empty folder."""
    out = tmp_path_factory.mktemp("icons")
    result = subprocess.run([sys.executable, str(MAKE_ICONS), str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


def assert_drawn(image: Image.Image, size: int) -> None:
    """Square at ``size``, transparent around the picture, the picture itself opaque in the middle."""
    assert image.size == (size, size)
    image = image.convert("RGBA")
    assert image.getpixel((0, 0))[3] == 0, "the background is not transparent"
    assert image.getpixel((size // 2, size // 2))[3] > 0, "the centre is empty"


@pytest.mark.parametrize("size", HICOLOR_SIZES)
def test_hicolor_png_at_each_size(icons, size):
    with Image.open(icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as image:
        assert image.format == "PNG"
        assert_drawn(image, size)


def test_scalable_icon_is_the_source(icons):
    source = ROOT / "composer" / "ui" / "icons" / "post-composer.svg"
    assert (icons / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == source.read_bytes()


def test_windows_ico_holds_16_to_256(icons):
    with Image.open(icons / "post-composer.ico") as ico:
        sizes = sorted(ico.info["sizes"])
        assert sizes == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
        for size in sizes:
            ico.size = size
            assert_drawn(ico, size[0])


def test_macos_icns_holds_up_to_1024(icons):
    with Image.open(icons / "post-composer.icns") as icns:
        assert icns.format == "ICNS"
        pixels = {width * scale for width, _, scale in icns.info["sizes"]}
        assert {32, 64, 128, 256, 512, 1024} <= pixels
        assert_drawn(icns, 1024)
