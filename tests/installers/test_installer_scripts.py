"""The Windows installer script compiles here with Debian's makensis, and keeps away from the user's data;
its setup program installs, updates and uninstalls on Wine.

A small fake bundle stands in for PyInstaller's (the script only copies it), so these run in seconds (the Wine
one in under a minute). Without makensis (Debian's nsis) or Wine (wine64) they skip, unless
COMPOSER_PACKAGING_REQUIRED is set (CI sets it): then they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from composer.core.storage.paths import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "windows" / "post-composer.nsi"
CHECK = ROOT / "packaging" / "check-installer-scripts"
SETUP = "PostComposer-0.2.0-setup.exe"  # makensis warns of a bare setup.exe (Windows' compatibility shims)
NSIS_ICON = Path("/usr/share/nsis/Contrib/Graphics/Icons/nsis3-install.ico")  # Debian's nsis ships it


def makensis() -> str:
    found = shutil.which("makensis")
    if found is None:
        message = "makensis is missing (Debian package nsis)"
        if os.environ.get("COMPOSER_PACKAGING_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def compile_script(bundle: Path, out: Path, *defines: str) -> subprocess.CompletedProcess[str]:
    """makensis with warnings as errors, as build.ps1 runs it."""
    return subprocess.run(
        [makensis(), "-WX", "-V2", f"-DBUNDLE={bundle}", "-DVERSION=0.2.0", f"-DOUTFILE={out}", *defines,
         str(SCRIPT)],
        capture_output=True, text=True, check=False)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A one-folder bundle as PyInstaller lays it out on Windows: the program and its _internal folder."""
    folder = tmp_path / "post-composer"
    (folder / "_internal").mkdir(parents=True)
    (folder / "post-composer.exe").write_bytes(b"MZ placeholder")
    (folder / "_internal" / "base_library.zip").write_bytes(b"placeholder")
    return folder


def script_lines() -> list[str]:
    """The script's statements, comments removed."""
    lines = (line.split(";", 1)[0].strip() for line in SCRIPT.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def section(name: str) -> list[str]:
    lines = script_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f'Section "{name}"'))
    return lines[start:lines.index("SectionEnd", start)]


def test_the_setup_program_compiles_with_warnings_as_errors(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / SETUP
    result = compile_script(bundle, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"


def test_it_takes_the_icon_when_there_is_one(bundle: Path, tmp_path: Path) -> None:
    if not NSIS_ICON.exists():
        pytest.skip(f"no {NSIS_ICON} to stand in for the app's icon")
    icons = tmp_path / "icons"
    icons.mkdir()
    shutil.copy(NSIS_ICON, icons / "post-composer.ico")
    result = compile_script(bundle, tmp_path / SETUP, f"-DICONS={icons}")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_signing_tool_signs_the_uninstaller_and_the_setup_program(bundle: Path, tmp_path: Path) -> None:
    log = tmp_path / "signed.txt"
    tool = tmp_path / "sign tool"  # a space in the path, as in C:\Program Files
    tool.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n')
    tool.chmod(0o755)
    out = tmp_path / SETUP
    result = compile_script(bundle, out, f"-DSIGN_TOOL={tool}")
    assert result.returncode == 0, result.stdout + result.stderr
    signed = log.read_text().splitlines()
    assert len(signed) == 2 and signed[-1] == str(out)  # the uninstaller first (a temporary file), then setup


def test_a_folder_that_is_no_bundle_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-bundle"
    folder.mkdir()
    (folder / "post-composer.exe").write_bytes(b"MZ")
    result = compile_script(folder, tmp_path / SETUP)
    assert result.returncode != 0
    assert "_internal" in result.stdout + result.stderr


def test_it_asks_for_no_administrator_rights() -> None:
    lines = script_lines()
    assert "RequestExecutionLevel user" in lines
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_NAME}"' in lines
    assert not any(re.search(r"\bHKLM\b|\$PROGRAMFILES|SetShellVarContext all", line) for line in lines)


def test_nothing_it_deletes_can_be_the_data_folder() -> None:
    """Every Delete and RMDir names a file or folder under the program folder or a shortcut; the only
    recursive one is the bundle's own _internal folder. The data folder, %LOCALAPPDATA%\\PostComposer, is
    named only by the guard that refuses it."""
    lines = script_lines()
    assert f'!define DATA_DIR "$LOCALAPPDATA\\{APP_NAME}"' in lines  # the app's own folder name
    removals = [line for line in lines if re.match(r"(Delete|RMDir)\b", line)]
    assert removals
    for line in removals:
        target = line.split(None, 1)[1].removeprefix("/r ").removeprefix("/REBOOTOK ").strip('"')
        assert "LOCALAPPDATA" not in target and "DATA_DIR" not in target, line
        assert target.startswith(("$INSTDIR\\", "$SMPROGRAMS\\", "$DESKTOP\\")) or line == 'RMDir "$INSTDIR"', line
        if "/r" in line.split():
            assert target == "$INSTDIR\\_internal", line


def test_the_uninstaller_removes_its_entry_and_shortcuts() -> None:
    uninstall = section("Uninstall")
    assert 'DeleteRegKey HKCU "${UNINSTALL_KEY}"' in uninstall
    assert 'Delete "$SMPROGRAMS\\${APP_NAME}.lnk"' in uninstall
    assert "Call un.RemoveProgramFiles" in uninstall
    assert 'RMDir "$INSTDIR"' in uninstall  # only when empty


def test_apps_and_features_gets_its_entry() -> None:
    install = " ".join(section("${APP_NAME}"))
    for value in ("DisplayName", "DisplayVersion", "Publisher", "DisplayIcon", "UninstallString",
                  "InstallLocation", "NoModify", "NoRepair", "EstimatedSize"):
        assert re.search(rf'WriteReg(Str|DWORD) HKCU "\$\{{UNINSTALL_KEY\}}" "{value}"', install), value


def test_the_check_script_passes_on_a_bundle(bundle: Path) -> None:
    makensis()
    result = subprocess.run([str(CHECK), str(bundle)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- The setup program run under Wine: install, a newer version over it, uninstall --------------------------

WINE = Path("/usr/lib/wine/wine64")  # Debian's wine64 (no 32-bit Wine, hence the amd64 build below)
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\be.postcomposer.PostComposer"


class Wine:
    """A Windows 10 of its own in a folder (a Wine prefix), for the setup program to install into."""

    def __init__(self, prefix: Path) -> None:
        self.env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="}
        self.run("wineboot", "-i")
        self.run("winecfg", "-v", "win10")  # the installer refuses anything older
        self.user = next(path.name for path in (prefix / "drive_c" / "users").iterdir() if path.name != "Public")
        self.local = prefix / "drive_c" / "users" / self.user / "AppData" / "Local"

    def run(self, *args: str) -> int:
        """Runs a Windows program and waits for every process it started (the uninstaller restarts itself)."""
        code = subprocess.run([str(WINE), *args], env=self.env, capture_output=True, check=False,
                              timeout=300).returncode
        subprocess.run([str(WINE.parent / "wineserver"), "-w"], env=self.env, check=False, timeout=300)
        return code

    def has_key(self) -> bool:
        return self.run("reg", "query", UNINSTALL_KEY, "/v", "DisplayVersion") == 0


def setup_program(tmp_path: Path, version: str, files: dict[str, str]) -> Path:
    """A setup program of ``version`` for a fake bundle holding ``files``, built for 64-bit Windows."""
    bundle = tmp_path / f"bundle-{version}"
    for name, text in {"post-composer.exe": "MZ", **files}.items():
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_text(text)
    out = tmp_path / f"PostComposer-{version}-setup.exe"
    result = subprocess.run(
        [makensis(), "-WX", "-V2", "-DTARGET=amd64-unicode", f"-DBUNDLE={bundle}", f"-DVERSION={version}",
         f"-DOUTFILE={out}", str(SCRIPT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_install_update_and_uninstall_keep_the_data_folder(tmp_path: Path) -> None:
    """The script's logic on Wine's Windows 10: the shipped setup program is the 32-bit (x86) build of the same
    script, which Debian's 64-bit-only wine64 cannot run."""
    if not WINE.exists():
        message = "Wine is missing (Debian package wine64)"
        if os.environ.get("COMPOSER_PACKAGING_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    old = setup_program(tmp_path, "0.1.0", {"_internal/base_library.zip": "old", "_internal/gone-in-0.2.txt": "x"})
    new = setup_program(tmp_path, "0.2.0", {"_internal/base_library.zip": "new"})
    wine = Wine(tmp_path / "wine")
    program = wine.local / "Programs" / "Post Composer"
    data = wine.local / "PostComposer"  # the app's data folder (composer/core/storage/paths.py)

    assert wine.run(str(old), "/S") == 0
    assert (program / "_internal" / "gone-in-0.2.txt").exists() and wine.has_key()
    shortcut = wine.local.parent / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Post Composer.lnk"
    assert shortcut.exists()
    data.mkdir()
    (data / "composer.db").write_text("a librarian's drafts")

    assert wine.run(str(new), "/S") == 0  # over the old one: its stale file goes, the data stays
    assert (program / "_internal" / "base_library.zip").read_text() == "new"
    assert not (program / "_internal" / "gone-in-0.2.txt").exists()
    assert (data / "composer.db").read_text() == "a librarian's drafts"

    # asked to install into the data folder itself (no space in the path: Wine would quote /D=), it refuses
    assert wine.run(str(new), "/S", f"/D=C:\\users\\{wine.user}\\AppData\\Local\\PostComposer") == 2
    assert [path.name for path in data.iterdir()] == ["composer.db"]

    assert wine.run(str(program / "uninstall.exe"), "/S") == 0
    assert not program.exists() and not shortcut.exists() and not wine.has_key()
    assert (data / "composer.db").read_text() == "a librarian's drafts"
