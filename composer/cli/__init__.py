"""``post-composer``: start the window, or run a core job from the command line (``post-composer check``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from composer import __version__
from composer.cli import check, export, team
from composer.core import i18n
from composer.core.i18n import _
from composer.core.storage import paths


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="post-composer",
        description=_("Write your library's social media posts beside a live checklist."))
    p.add_argument("--version", action="version", version=f"post-composer {__version__}")
    p.add_argument("--data-dir", type=Path, metavar="DIR",
                   help=_("keep the database and everything else in DIR instead of the user's data folder"))
    p.add_argument("--language", choices=i18n.LANGUAGES,
                   help=_("the language of the window (default: the saved setting, else the system's)"))
    commands = p.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"),
                                description=_("without a command, the window opens"))
    check.add_parser(commands)
    export.add_parser(commands)
    team.add_parser(commands)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``post-composer`` and ``python -m composer``."""
    i18n.set_language(None)
    args = parser().parse_args(argv)
    if args.command == "check":
        return check.run(args)
    if args.command == "export":
        return export.run(args)
    if args.command == "team":
        return team.run(args)
    data_dir = args.data_dir if args.data_dir is not None else paths.default_data_dir()
    from composer.ui.app import run  # Qt loads only when a window is wanted

    return run(data_dir.expanduser(), args.language)
