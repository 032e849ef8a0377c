"""``post-composer check``: the checklist on a text file or standard input, with no window.

Exit status: 0 when nothing blocks export, 1 when something does, 2 for a
usage error (and 3 should a check itself break: a bug, never "blocked").
A usage error includes input that is no post (``check_input.py``: too long,
not UTF-8) and a house-style file that
:func:`~composer.core.house_style.read_house_style` refuses. What is printed
is ``check_output.py``.

This module never loads Qt, and loads the checklist only when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from composer.cli.check_input import STDIN, UsageError, read_text
from composer.cli.check_output import write_json, write_plain
from composer.cli.exit_codes import EXIT_BLOCKED, EXIT_BUG, EXIT_OK, EXIT_USAGE
from composer.cli.options import add_data_dir, add_language
from composer.core import i18n
from composer.core.i18n import _
from composer.core.networks.facts import NETWORKS

TYPE_CHECKING = False  # (typing costs the window's start-up a few ms)
if TYPE_CHECKING:
    from composer.core.checklist import Check
    from composer.core.house_style import HouseStyle, HouseStyleError

# --- the command line ---------------------------------------------------------


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``check`` to ``post-composer``'s sub-commands."""
    p = subparsers.add_parser(
        "check",
        help=_("check a text against the guidelines, without opening the window"),
        description=_("Run the checklist on a text file (or standard input) and list what it finds."),
        epilog=_("Exit status: 0 when nothing blocks export, 1 when something does, 2 for a usage error."))
    p.add_argument("file", nargs="?", default=STDIN, metavar="FILE",
                   help=_("the text to check, in UTF-8; '-' or nothing reads standard input"))
    p.add_argument("--network", action="append", dest="networks", metavar="NET",
                   help=_("a network to check for; repeat for more (default: all of them): {networks}").format(
                       networks=", ".join(NETWORKS)))
    p.add_argument("--purpose", metavar="P",
                   help=_("why this post: {purposes}").format(purposes=", ".join(_purposes())))
    p.add_argument("--audience", metavar="A",
                   help=_("for whom: {audiences}, or one of the house style's own").format(
                       audiences=", ".join(_audiences())))
    p.add_argument("--json", action="store_true", help=_("print the checks as JSON"))
    p.add_argument("--all", action="store_true", help=_("also list the checks that do not apply"))
    p.add_argument("--house-style", type=Path, metavar="FILE",
                   help=_("use the house style in this JSON file (default: the one saved in --data-dir, if given)"))
    add_data_dir(p, _("read the saved house style from the database in DIR (never creates or changes it)"))
    add_language(p)
    p.set_defaults(check_parser=p)
    return p


def _purposes() -> list[str]:
    from composer.core.drafts.draft import PURPOSES

    return list(PURPOSES)


def _audiences() -> list[str]:
    from composer.core.drafts.draft import AUDIENCES

    return list(AUDIENCES)


def run(args: argparse.Namespace) -> int:
    """Run ``post-composer check`` as parsed into ``args``; return the exit status."""
    i18n.set_language(getattr(args, "language", None))
    try:
        house_style, colleagues = load_context(args.house_style, getattr(args, "data_dir", None))
        networks = choose_networks(args.networks)
        purpose = choose("purpose", args.purpose)
        audience = choose("audience", args.audience, house_style.audiences)
        text = read_text(args.file)
        checks = check_text(text, networks, purpose, audience, house_style, colleagues)
        if args.json:
            write_json(checks, sys.stdout)
        else:
            write_plain(checks, sys.stdout, show_all=args.all)
        sys.stdout.flush()
    except UsageError as error:
        print(f"{args.check_parser.prog}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader stopped early (| head): the checks ran all the same
        _silence_stdout()
    except Exception:  # noqa: BLE001 - a bug must not look like "export blocked" (Python's own status 1)
        import traceback

        traceback.print_exc()
        print(_("post-composer check: something went wrong inside Post Composer; please report it "
                "with the lines above."), file=sys.stderr)
        return EXIT_BUG
    return EXIT_BLOCKED if any(c.blocks_export for c in checks) else EXIT_OK


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def choose_networks(names: list[str] | None) -> tuple[str, ...]:
    """The networks asked for, in the usual order (none asked: all of them)."""
    if not names:
        return NETWORKS
    chosen = set()
    for name in names:
        key = name.strip().lower()
        if key not in NETWORKS:
            raise UsageError(_("Unknown network '{name}'. Choose from: {choices}.").format(
                name=name, choices=", ".join(NETWORKS)))
        chosen.add(key)
    return tuple(key for key in NETWORKS if key in chosen)


def choose(kind: str, value: str | None, own: tuple[str, ...] = ()) -> str | None:
    """A valid ``--purpose`` or ``--audience`` (``own``: the house style's extra audiences)."""
    if value is None:
        return None
    from composer.core.drafts.draft import AUDIENCES, PURPOSES

    standard = list(PURPOSES if kind == "purpose" else AUDIENCES)
    if value in standard or value in own:
        return value
    if value.strip().lower() in standard:
        return value.strip().lower()
    choices = ", ".join([*standard, *own])
    if kind == "purpose":
        raise UsageError(_("Unknown purpose '{name}'. Choose from: {choices}.").format(name=value, choices=choices))
    raise UsageError(_("Unknown audience '{name}'. Choose from: {choices}.").format(name=value, choices=choices))


def load_context(house_style_file: Path | None, data_dir: Path | None) -> tuple[HouseStyle, tuple[str, ...]]:
    """The house style (the file's, else the saved one, else none) and the colleagues' names."""
    from composer.core.house_style import HouseStyle, HouseStyleError, read_house_style

    saved, colleagues = _read_database(data_dir) if data_dir is not None else (None, ())
    if house_style_file is not None:
        try:
            return read_house_style(house_style_file), colleagues
        except HouseStyleError as error:  # the same sentence as the window's Import… shows
            raise UsageError(str(error)) from error
    if isinstance(saved, HouseStyleError):
        raise UsageError(_("The house style saved in {folder} is not usable: {reason}").format(
            folder=data_dir, reason=saved))
    return saved or HouseStyle(), colleagues


def _read_database(data_dir: Path) -> tuple[HouseStyle | HouseStyleError | None, tuple[str, ...]]:
    """The saved house style (or why it cannot be used) and the colleagues, read without changing anything."""
    from composer.core.house_style import HouseStyleError, stored_house_style
    from composer.core.storage.errors import DatabaseError, StoreError, describe
    from composer.core.storage.opening import read_only
    from composer.core.storage.paths import database_path

    data_dir = data_dir.expanduser()
    unreadable = _("The database {path} could not be read: {detail}")
    saved: HouseStyle | HouseStyleError | None = None
    colleagues: tuple[str, ...] = ()
    try:
        with read_only(data_dir) as store:
            if store is None:
                return None, ()
            tables = store.db.tables()
            if "settings" in tables:  # (an empty or older database may lack them)
                try:
                    saved = stored_house_style(store)
                except HouseStyleError as error:
                    saved = error
            if "drafts" in tables:
                colleagues = tuple(store.colleagues())
    except StoreError as error:
        raise UsageError(describe(error)) from error
    except (*DatabaseError, ValueError) as error:  # ValueError: what else a damaged file may give
        raise UsageError(unreadable.format(path=database_path(data_dir), detail=error)) from error
    return saved, colleagues


# --- the checks and their output ---------------------------------------------


def check_text(text: str, networks: tuple[str, ...], purpose: str | None, audience: str | None,
               house_style: HouseStyle, colleagues: tuple[str, ...] = ()) -> list[Check]:
    from composer.core.checklist import CheckContext, run_checks
    from composer.core.drafts.draft import Draft

    draft = Draft(text=text, purpose=purpose, audience=audience).with_networks(networks)
    return run_checks(draft, CheckContext(house_style=house_style, colleagues=colleagues))
