"""The .deb as a librarian gets it: installed, started on a screen, written in, upgraded, removed.

These tests need the packages built (``packaging/build-linux``): ``packaging/test-linux`` builds the
current version and an older one and runs them with ``COMPOSER_DEB`` and ``COMPOSER_OLD_DEB`` set; without
those they are skipped (with ``COMPOSER_PACKAGING_REQUIRED=1``, as in CI, they fail instead).
Screenshots go to ``COMPOSER_SCREENS`` when it is set, so that a person can look at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.installed import (
    Root,
    Running,
    Screen,
    data_folder,
    draft_texts,
    pause,
    saved_within,
    schema_version,
)

DEB = os.environ.get("COMPOSER_DEB", "")
OLD_DEB = os.environ.get("COMPOSER_OLD_DEB", "")
REQUIRED = os.environ.get("COMPOSER_PACKAGING_REQUIRED") == "1"
TOOLS = ("dpkg", "Xvfb", "xdotool", "import")
APP_ID = "be.postcomposer.PostComposer"
# Points of the window as it first opens on a 1366x768 screen, in English: inside the post's text box, and the
# Plan menu's title (its keyboard letters need a window manager, which the virtual screen has none of)
EDITOR = (675, 380)
PLAN_MENU = (294, 44)


def _missing() -> str:
    if not DEB:
        return "no .deb given (COMPOSER_DEB): packaging/test-linux builds and tests it"
    tools = [tool for tool in TOOLS if shutil.which(tool) is None]
    return f"missing {', '.join(tools)}" if tools else ""


if _missing() and not REQUIRED:
    pytest.skip(_missing(), allow_module_level=True)


@pytest.fixture(scope="module")
def screen():
    assert not _missing(), _missing()
    shown = Screen()
    yield shown
    shown.close()


@pytest.fixture
def root(tmp_path) -> Root:
    return Root(tmp_path / "root")


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def shoot(screen: Screen, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("COMPOSER_SCREENS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return screen.shoot(folder / name)


def version_of(deb: str) -> str:
    return subprocess.run(["dpkg-deb", "--field", deb, "Version"], capture_output=True, text=True,
                          check=True).stdout.strip()


def write_a_post(root: Root, home: Path, screen: Screen, text: str, tmp_path: Path, shot: str) -> None:
    """Start the installed program with ``home``, answer the first start, type ``text``, see it saved, quit."""
    with Running(root.program, home, screen) as app:
        app.first_start("Lien")
        app.click(*EDITOR)
        app.type(text)
        assert saved_within(home, text), app.log.read_text()
        pause(0.5)
        shoot(screen, shot, tmp_path)
        assert app.quit() == 0, app.log.read_text()
        assert "Traceback" not in app.log.read_text(), app.log.read_text()


def test_the_deb_installs_its_files_in_their_places(root):
    root.install(Path(DEB))

    assert root.program.is_file() and os.access(root.program, os.X_OK)
    command = root.folder / "usr/bin/post-composer"
    assert command.is_symlink() and os.readlink(command) == "/opt/post-composer/post-composer"
    assert (root.folder / f"usr/share/applications/{APP_ID}.desktop").is_file()
    assert (root.folder / f"usr/share/metainfo/{APP_ID}.metainfo.xml").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert (root.folder / f"usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert root.version() == version_of(DEB)


def test_the_installed_command_line_answers(root, home, tmp_path):
    root.install(Path(DEB))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "en_GB.UTF-8"}

    version = subprocess.run([root.program, "--version"], capture_output=True, text=True, env=env)
    post = tmp_path / "post.txt"
    post.write_text("Voorleesuurtje elke woensdag om 14 u in de leeszaal! Kom je ook? https://bib.example.be/agenda",
                    "utf-8")
    check = subprocess.run([root.program, "check", "--network", "x", "--network", "bluesky",
                            "--purpose", "event", "--audience", "general_public", "--json", str(post)],
                           capture_output=True, text=True, env=env)

    assert version.returncode == 0 and version.stdout.strip() == f"post-composer {version_of(DEB)}"
    assert check.returncode == 0, check.stdout + check.stderr  # 0: nothing blocks export
    assert '"length"' in check.stdout and '"bluesky"' in check.stdout


def test_the_installed_program_opens_its_window_saves_a_draft_and_quits(root, home, screen, tmp_path):
    root.install(Path(DEB))

    write_a_post(root, home, screen, "Voorleesuurtje woensdag om 14 u!", tmp_path, "installed.png")

    assert draft_texts(home) == ["Voorleesuurtje woensdag om 14 u!"]


def test_the_installed_program_draws_the_return_report(root, home, screen, tmp_path):
    """The report loads matplotlib, numpy and the Qt canvas only when asked: the bundle must carry them."""
    root.install(Path(DEB))
    with Running(root.program, home, screen) as app:
        app.first_start("Lien")
        app.click(*PLAN_MENU)
        pause(0.5)
        app.keys("r")  # Return on effort…
        screen.window("Return on effort")
        pause(1)
        shoot(screen, "report.png", tmp_path)
        app.focus("Return on effort")
        app.keys("Escape")
        pause(0.5)

        assert app.quit() == 0, app.log.read_text()
        assert "Traceback" not in app.log.read_text(), app.log.read_text()


@pytest.mark.skipif(not OLD_DEB and not REQUIRED, reason="no older .deb given (COMPOSER_OLD_DEB)")
def test_a_newer_version_installed_over_an_older_one_keeps_the_drafts_and_removing_it_keeps_the_data(
        root, home, screen, tmp_path):
    root.install(Path(OLD_DEB))
    assert root.version() == version_of(OLD_DEB) != version_of(DEB)
    write_a_post(root, home, screen, "Geschreven in de oude versie.", tmp_path, "old-version.png")
    old_schema = schema_version(home)

    root.install(Path(DEB))
    with Running(root.program, home, screen) as app:
        screen.window("Post Composer")  # no first-start question: the name was kept
        pause(1)
        shoot(screen, "upgraded.png", tmp_path)
        assert app.quit() == 0, app.log.read_text()
        assert "Traceback" not in app.log.read_text(), app.log.read_text()

    assert root.version() == version_of(DEB)
    assert draft_texts(home) == ["Geschreven in de oude versie."]
    assert schema_version(home) > old_schema
    backups = list((data_folder(home) / "backups").glob(f"*before-{old_schema + 1:04d}*"))
    assert backups, list((data_folder(home) / "backups").iterdir())

    root.remove()
    assert not root.program.exists() and not (root.folder / "opt/post-composer").exists()
    assert (data_folder(home) / "composer.db").is_file()
    assert draft_texts(home) == ["Geschreven in de oude versie."]
