"""``post-composer check``: the checklist on a text file or standard input, with no window.

Exit status: 0 when nothing blocks export, 1 when something does, 2 for a
usage error (and 3 should a check itself break: a bug, never "blocked").
A usage error includes input that is no post: more than
:data:`MAX_TEXT_BYTES` (``/dev/zero`` is refused after reading that much, not
read for ever), text that is not UTF-8, and a house-style file that
:func:`~composer.core.house_style.read_house_style` refuses.

This module never loads Qt, and loads the checklist only when it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from composer.core import i18n
from composer.core.i18n import N_, _
from composer.core.networks.facts import NETWORKS

TYPE_CHECKING = False  # (typing costs the window's start-up a few ms)
if TYPE_CHECKING:
    from typing import TextIO

    from composer.core.checklist import Check
    from composer.core.house_style import HouseStyle, HouseStyleError

EXIT_OK = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2
EXIT_BUG = 3

STDIN = "-"
#: More input than this is no post (the window handles pastes of 1 MB): refused, and never read further.
MAX_TEXT_BYTES = 10_000_000

MARKERS = {"pass": "✔", "warn": "!", "fail": "✘", "todo": "?", "n/a": "–"}
ASCII_MARKERS = {"pass": "+", "warn": "!", "fail": "x", "todo": "?", "n/a": "-"}
STATUS_WORDS = {"pass": N_("pass"), "warn": N_("warn"), "fail": N_("fail"), "todo": N_("todo"), "n/a": N_("n/a")}

# What a terminal that cannot show typographic characters gets instead.
_ASCII_PUNCTUATION = str.maketrans({"·": "|", "–": "-", "—": "-", "…": "...", "‘": "'", "’": "'",
                                    "“": '"', "”": '"', "\u00a0": " "})


class UsageError(Exception):
    """Something about the command line or its input that the user must fix; exit status 2."""


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
    # SUPPRESS: the same options before "check" are not overwritten by these defaults.
    p.add_argument("--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                   help=_("read the saved house style from the database in DIR (never creates or changes it)"))
    p.add_argument("--language", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                   help=_("the language of the messages (default: the system's)"))
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


# --- input ----------------------------------------------------------------------


def read_text(source: str) -> str:
    """The text in file ``source`` (``-``: standard input), as the post will be sent."""
    if source == STDIN:
        name = _("standard input")
        data = _read_stdin()
    else:
        name = source
        data = _read_file(Path(source))
    return normalise(_decode(data, name))


def _read_stdin() -> bytes | str:
    stream = sys.stdin
    if stream is None:
        raise UsageError(_("There is no standard input to read the text from; name a file instead."))
    try:
        if stream.isatty():
            keys = "Ctrl+Z, Enter" if os.name == "nt" else "Ctrl+D"
            print(_("Type or paste the text, then press {keys}.").format(keys=keys), file=sys.stderr)
    except (AttributeError, ValueError):
        pass
    buffer = getattr(stream, "buffer", None)
    try:
        return _bounded(buffer if buffer is not None else stream, _("standard input"))
    except OSError as error:
        raise UsageError(_("Standard input could not be read: {detail}").format(
            detail=error.strerror or error)) from error


def _bounded(stream, name: str) -> bytes | str:
    """All of ``stream`` if it is no more than :data:`MAX_TEXT_BYTES`; a :class:`UsageError` if it is more."""
    from composer.core.storage.files import FileProblem, read_bounded

    try:
        return read_bounded(stream, MAX_TEXT_BYTES)
    except FileProblem as problem:
        if problem.kind == "too_big":
            raise UsageError(_("{file} is too long to be a post: at most {limit} MB of text is checked.").format(
                file=name, limit=MAX_TEXT_BYTES // 1_000_000)) from problem
        raise UsageError(_("{file} could not be read: {detail}").format(file=name, detail=problem)) from problem


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return _bounded(handle, str(path))
    except FileNotFoundError as error:
        raise UsageError(_("{file}: there is no such file.").format(file=path)) from error
    except IsADirectoryError as error:
        raise UsageError(_("{file} is a folder, not a text file.").format(file=path)) from error
    except PermissionError as error:
        if path.is_dir():
            raise UsageError(_("{file} is a folder, not a text file.").format(file=path)) from error
        raise UsageError(_("{file}: you do not have permission to read this file.").format(file=path)) from error
    except OSError as error:
        raise UsageError(_("{file} could not be read: {detail}").format(
            file=path, detail=error.strerror or error)) from error


def _decode(data: bytes | str, name: str) -> str:
    if isinstance(data, str):  # a text stream (a test's, or an odd shell's)
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(_("{file} is not UTF-8 text (an invalid byte at position {position}). "
                           "Save it as UTF-8 and try again.").format(file=name, position=error.start)) from error


def normalise(text: str) -> str:
    """Line ends as a network gets them (``\\n``), without the line end a text file closes with."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:-1] if text.endswith("\n") else text


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
    import sqlite3

    from composer.core.storage.errors import StoreError, check_data_dir, describe
    from composer.core.house_style import HouseStyleError, stored_house_style
    from composer.core.storage.paths import database_path
    from composer.core.storage.store import Store

    path = database_path(data_dir.expanduser())
    try:
        check_data_dir(data_dir.expanduser(), path)
    except StoreError as error:
        raise UsageError(describe(error)) from error
    if not path.is_file():
        return None, ()
    # Read-write where allowed (never "rwc": no new file), so that closing tidies up the WAL files as the
    # app does; query_only keeps every statement from writing. A read-only folder: plain read-only.
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    unreadable = _("The database {path} could not be read: {detail}")
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + ("?mode=rw" if writable else "?mode=ro"), uri=True,
                               timeout=5)
    except sqlite3.Error as error:
        raise UsageError(unreadable.format(path=path, detail=error)) from error
    try:
        conn.execute("PRAGMA query_only = ON")
        store = Store(conn, path)
        try:
            saved = _unless_missing(stored_house_style, store)
        except HouseStyleError as error:
            saved = error
        colleagues = tuple(_unless_missing(store.colleagues) or ())
    except (sqlite3.Error, ValueError) as error:  # ValueError: what else a damaged file may give
        raise UsageError(unreadable.format(path=path, detail=error)) from error
    finally:
        conn.close()
    return saved, colleagues


def _unless_missing(read, *args):
    """``read(*args)``, or ``None`` when its table is not there (an empty or older database)."""
    import sqlite3

    try:
        return read(*args)
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise


# --- the checks and their output ---------------------------------------------


def check_text(text: str, networks: tuple[str, ...], purpose: str | None, audience: str | None,
               house_style: HouseStyle, colleagues: tuple[str, ...] = ()) -> list[Check]:
    from composer.core.checklist import CheckContext, run_checks
    from composer.core.drafts.draft import Draft

    draft = Draft(text=text, purpose=purpose, audience=audience).with_networks(networks)
    return run_checks(draft, CheckContext(house_style=house_style, colleagues=colleagues))


def as_json(checks: list[Check]) -> dict:
    """``{"checks": [...], "blocking": [ids]}``: network only when set, ranges only when there are any."""
    items = []
    for check in checks:
        item = {"id": check.id, "status": check.status.value, "message": check.message,
                "guideline": check.guideline}
        if check.network:
            item["network"] = check.network
        if check.ranges:
            item["ranges"] = [[start, end] for start, end in check.ranges]
        items.append(item)
    blocking = list(dict.fromkeys(c.id for c in checks if c.blocks_export))
    return {"checks": items, "blocking": blocking}


def json_text(checks: list[Check], ensure_ascii: bool = False) -> str:
    """:func:`as_json` as text, one check a line (easy to read, to diff and to grep)."""
    data = as_json(checks)
    items = ",\n".join("  " + json.dumps(item, ensure_ascii=ensure_ascii) for item in data["checks"])
    blocking = json.dumps(data["blocking"], ensure_ascii=ensure_ascii)
    return f'{{"checks": [\n{items}\n], "blocking": {blocking}}}' if items else \
        f'{{"checks": [], "blocking": {blocking}}}'


def write_json(checks: list[Check], stream: TextIO) -> None:
    text = json_text(checks)
    if not _encodable(text, stream):  # the same data, with \u escapes the terminal can carry
        text = json_text(checks, ensure_ascii=True)
    stream.write(text + "\n")


def plain_lines(checks: list[Check], show_all: bool = False, markers: dict[str, str] = MARKERS) -> list[str]:
    """The summary line, then one line per check as a person reads it."""
    from composer.core.checklist import Status, summary
    from composer.core.networks.facts import network

    words = {status: f"[{_(word)}]" for status, word in STATUS_WORDS.items()}
    width = max(len(word) for word in words.values())
    lines = [_one_line(summary(checks))]
    for check in checks:
        if check.status is Status.NA and not show_all:
            continue
        message = _one_line(check.message)
        if check.network:
            name = network(check.network).name
            if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", message):
                message = _("{network}: {message}").format(network=name, message=message)
        status = check.status.value
        lines.append(f"{markers[status]} {words[status].ljust(width)} {message}")
    return lines


def write_plain(checks: list[Check], stream: TextIO, show_all: bool = False) -> None:
    fancy = _encodable("".join(MARKERS.values()), stream)
    for line in plain_lines(checks, show_all, MARKERS if fancy else ASCII_MARKERS):
        if not _encodable(line, stream):
            encoding = _encoding(stream)
            line = line.translate(_ASCII_PUNCTUATION).encode(encoding, "replace").decode(encoding)
        stream.write(line + "\n")


def _one_line(text: str) -> str:
    """``text`` safe to print on one terminal line: no line breaks, no control characters."""
    return "".join(" " if ch in "\n\t" else "\ufffd" if unicodedata.category(ch) == "Cc" else ch
                   for ch in text)


def _encoding(stream: TextIO) -> str:
    return getattr(stream, "encoding", None) or "utf-8"


def _encodable(text: str, stream: TextIO) -> bool:
    try:
        text.encode(_encoding(stream))
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know: be safe
        return text.isascii()
    return True
