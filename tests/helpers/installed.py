"""The .deb as a librarian's computer gets it: installed by dpkg into a root folder of its own, the program
started from there on a virtual screen with a fresh home folder, driven by keys as a person would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.helpers.processes import wait_for

PROGRAM = "opt/post-composer/post-composer"


class Root:
    """A folder dpkg installs into (``dpkg --root``) with a package database of its own.

    The folder starts empty: dependencies are not there, so they are not checked (``--force-depends``); the
    program then runs with this machine's libraries, which is what those dependencies name.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        admin = folder / "var" / "lib" / "dpkg"
        for sub in ("updates", "info", "triggers"):
            (admin / sub).mkdir(parents=True, exist_ok=True)
        for name in ("status", "available"):
            (admin / name).touch()

    def dpkg(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["dpkg", f"--root={self.folder}", "--log=/dev/null", "--force-depends",
                               "--force-not-root", "--force-script-chrootless", *args],
                              capture_output=True, text=True, check=True)

    def install(self, deb: Path) -> None:
        self.dpkg("--install", str(deb))

    def remove(self) -> None:
        self.dpkg("--remove", "post-composer")

    def version(self) -> str:
        out = subprocess.run(["dpkg-query", f"--admindir={self.folder}/var/lib/dpkg", "-W", "-f=${Version}",
                              "post-composer"], capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else ""

    @property
    def program(self) -> Path:
        return self.folder / PROGRAM


class Screen:
    """An X server in memory (Xvfb), 1366x768, local socket only."""

    def __init__(self) -> None:
        number = 120
        while Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            number += 1
        self.display = f":{number}"
        self.server = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10):
            self.close()
            raise RuntimeError("Xvfb did not start")

    def run(self, *args: str) -> str:
        """An X tool (xdotool, import) on this screen; its output."""
        return subprocess.run(args, capture_output=True, text=True, env={**os.environ, "DISPLAY": self.display},
                              timeout=30).stdout

    def windows(self) -> dict[str, str]:
        """The visible windows' titles, by window id."""
        ids = self.run("xdotool", "search", "--onlyvisible", "--name", ".").split()
        return {wid: self.run("xdotool", "getwindowname", wid).strip() for wid in ids}

    def window(self, title: str, seconds: float = 60) -> str:
        """The id of the visible window called ``title``, once it is there."""
        found: list[str] = []

        def shown() -> bool:
            found[:] = [wid for wid, name in self.windows().items() if name == title]
            return bool(found)

        if not wait_for(shown, seconds):
            raise AssertionError(f"no window {title!r} within {seconds} s; there are {self.windows()}")
        return found[0]

    def shoot(self, path: Path) -> Path:
        self.run("import", "-window", "root", str(path))
        return path

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(10)


class Running:
    """The installed program, started as a user starts it from the menu, on ``screen``."""

    def __init__(self, program: Path, home: Path, screen: Screen, language: str = "en_GB.UTF-8") -> None:
        self.screen = screen
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "DISPLAY": screen.display, "LANG": language,
                    "QT_QPA_PLATFORM": "xcb"}
        self.log = home / "program.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen([str(program)], env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *_exc: object) -> None:
        """A program a failed test left running is stopped, so the screen can close."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def first_start(self, name: str) -> str:
        """Answer the first start's question (who is writing) and wait for the main window; its id."""
        self.screen.window("Who is writing?")
        self.keys("ctrl+a")
        self.type(name)
        self.keys("Return")
        return self.screen.window("Post Composer")

    def focus(self, title: str) -> None:
        """Give the window called ``title`` the keyboard (the virtual screen has no window manager to do it)."""
        self.screen.run("xdotool", "windowfocus", "--sync", self.screen.window(title))

    def keys(self, *keys: str) -> None:
        self.screen.run("xdotool", "key", "--delay", "50", *keys)

    def type(self, text: str) -> None:
        self.screen.run("xdotool", "type", "--delay", "20", text)

    def click(self, x: int, y: int) -> None:
        self.screen.run("xdotool", "mousemove", str(x), str(y), "click", "1")

    def quit(self) -> int:
        """Ctrl+Q in the main window, as a user quits; the exit status."""
        self.focus("Post Composer")
        self.keys("ctrl+q")
        try:
            return self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("the program did not quit on Ctrl+Q:\n" + self.log.read_text()) from None


def data_folder(home: Path) -> Path:
    """Where the app keeps its database on Linux with a fresh home folder (platformdirs)."""
    return home / ".local" / "share" / "PostComposer"


def draft_texts(home: Path) -> list[str]:
    """The texts of the drafts in the database, read as any SQLite client reads them."""
    with sqlite3.connect(data_folder(home) / "composer.db") as db:
        return [text for (text,) in db.execute("SELECT text FROM drafts ORDER BY id")]


def schema_version(home: Path) -> int:
    with sqlite3.connect(data_folder(home) / "composer.db") as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def saved_within(home: Path, text: str, seconds: float = 10) -> bool:
    """Whether ``text`` reached the database within ``seconds`` (the app saves within a second of typing)."""
    def there() -> bool:
        try:
            return text in draft_texts(home)
        except sqlite3.Error:  # the file is being written: ask again
            return False

    return wait_for(there, seconds)


def pause(seconds: float) -> None:
    """Let the program react to a key (a person is slower than xdotool)."""
    time.sleep(seconds)
