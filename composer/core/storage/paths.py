"""Where Post Composer keeps its files: one module owns the standard directories."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "PostComposer"
DATABASE_NAME = "composer.db"
LOCK_NAME = "composer.lock"


def default_data_dir() -> Path:
    """The user's data folder for Post Composer (platformdirs, per operating system)."""
    import platformdirs  # only when no --data-dir is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def lock_path(data_dir: Path) -> Path:
    """The file that keeps a second app away from the same data folder (see folder_lock.py)."""
    return data_dir / LOCK_NAME


def recovery_dir(data_dir: Path) -> Path:
    """Text typed but not yet in the database (see journal.py)."""
    return data_dir / "recovery"
