"""``post-composer team …``: set up a team library on PostgreSQL, and join or leave it on a workstation.

For the IT department, once: ``team create postgresql://ADMIN@HOST/DB`` (the
schema and the roles; run again after an update, it only adds what is
missing) and ``team add NAME --role writer|approver|register --admin
postgresql://ADMIN@HOST/DB`` per colleague. On each workstation: ``team join
postgresql://NAME@HOST/DB`` (the address in ``team.json`` in the data
folder, the password in the system's credential store, never in a file),
``team status`` and ``team leave`` (back to the local library, which was
never changed); ``team move-local`` copies the local library into the team
library as the login (``core/storage/postgres/move_local.py``: verified,
refused a second time, the local file only read).

Passwords are asked at the terminal without echo, or read as one line of
standard input with ``--password-stdin`` (``--admin-password-stdin`` for the
administrator in ``team add``); never from the command line or the address.
The administrator's password may also come from libpq's own ``PGPASSWORD``
or ``~/.pgpass``, or be needed not at all (a Unix socket with ``peer``).

Exit status: 0 done; 1 for ``team status`` when the team library cannot be
used as it stands (the message says why); 2 when the command cannot be
carried out as given (an address, a password, a login or the server refused:
the message says what to do); 3 should something break inside (a bug).

This module never loads Qt; ``psycopg`` and ``keyring`` load only when a
team command runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from pathlib import Path

from composer.cli.exit_codes import EXIT_BLOCKED, EXIT_BUG, EXIT_OK, EXIT_USAGE
from composer.cli.options import add_data_dir, add_language
from composer.core import i18n
from composer.core.i18n import _
from composer.core.storage import paths
from composer.core.storage.access import ROLES

TYPE_CHECKING = False  # (typing costs the window's start-up a few ms)
if TYPE_CHECKING:
    from composer.core.storage.postgres.credentials import TeamSettings


class TeamCommandError(Exception):
    """The command cannot be carried out as given; the message (translated) says why and what to do."""


# --- the command line ---------------------------------------------------------


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add ``team`` and its own sub-commands to ``post-composer``'s sub-commands."""
    p = subparsers.add_parser(
        "team",
        help=_("set up a team library on PostgreSQL, or join or leave one on this computer"),
        description=_("A team library on PostgreSQL: colleagues share drafts, the consent register and "
                      "approvals, each from their own computer."),
        epilog=_("Exit status: 0 when done, 1 when 'team status' finds the team library unusable, "
                 "2 when the command cannot be carried out as given."))
    commands = p.add_subparsers(dest="team_command", metavar="COMMAND", title=_("commands"), required=True)

    create = commands.add_parser(
        "create", help=_("make the team database's schema and roles (IT department; safe to run again)"),
        description=_("Make (or bring up to date) the schema, the roles and the privileges in an existing, "
                      "empty PostgreSQL database. Running it again adds only what is missing."))
    create.add_argument("url", metavar="postgresql://ADMIN@HOST[:PORT]/DB",
                        help=_("the database, and an administrator's login that owns it and may create roles"))
    create.add_argument("--password-stdin", action="store_true",
                        help=_("read the administrator's password from standard input (one line)"))

    add = commands.add_parser(
        "add", help=_("give a colleague a login (IT department)"),
        description=_("Make a colleague's login with one or more roles. A new password is made and shown once "
                      "(or read with --password-stdin)."))
    add.add_argument("login", metavar="NAME", help=_("the colleague's login"))
    add.add_argument("--role", action="append", dest="roles", choices=ROLES, required=True,
                     help=_("writer, approver or register (register keeper); repeat for more than one"))
    add.add_argument("--admin", required=True, metavar="postgresql://ADMIN@HOST[:PORT]/DB",
                     help=_("the team database and an administrator's login"))
    add.add_argument("--password-stdin", action="store_true",
                     help=_("read the colleague's new password from standard input instead of making one"))
    add.add_argument("--admin-password-stdin", action="store_true",
                     help=_("read the administrator's password from standard input (the first line, "
                            "before the colleague's)"))

    join = commands.add_parser(
        "join", help=_("use a team library on this computer"),
        description=_("Log in to the team library and remember it: the address in team.json in the data folder, "
                      "the password in the system's credential store (never in a file)."))
    join.add_argument("url", metavar="postgresql://NAME@HOST[:PORT]/DB",
                      help=_("the team database and your login, as your IT department gave them"))
    join.add_argument("--password-stdin", action="store_true",
                      help=_("read the password from standard input (one line)"))

    status = commands.add_parser("status", help=_("which library this computer uses, and whether it works"),
                                 description=_("Which library this computer uses: the local file, or a team "
                                               "library (its address, the login, its roles, the server)."))
    leave = commands.add_parser("leave", help=_("stop using the team library on this computer"),
                                description=_("Forget the team library's address and password on this computer. "
                                              "The local library was never changed and is used again."))
    move = commands.add_parser(
        "move-local", help=_("move this computer's local library into the team library"),
        description=_("Copy the local library (drafts, history, trash, photos, the consent register with its "
                      "evidence, the publication log, the house style) into the team library as your login, "
                      "check the copy (counts and content hashes) and keep the local file unchanged. "
                      "A library already moved is refused."))
    for each in (join, status, leave, move):
        add_data_dir(each, _("the data folder that joins the team (default: the user's data folder)"))
    for each in (p, create, add, join, status, leave, move):
        add_language(each)
    p.set_defaults(team_parser=p)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``post-composer team …`` as parsed into ``args``; return the exit status."""
    from composer.core.storage.errors import TeamError, describe
    from composer.core.storage.postgres.credentials import CredentialStoreUnavailable, TeamSettingsError
    from composer.core.storage.postgres.logins import ColleagueExists, TeamNotMade
    from composer.core.storage.postgres.move_local import MoveRefused
    from composer.core.storage.postgres.team import TeamSetupError

    i18n.set_language(getattr(args, "language", None))
    prog = f"{args.team_parser.prog} {args.team_command}"
    commands = {"create": run_create, "add": run_add, "join": run_join, "status": run_status, "leave": run_leave,
                "move-local": run_move_local}
    try:
        status = commands[args.team_command](args)
        sys.stdout.flush()
        return status
    except TeamError as error:
        print(f"{prog}: {describe(error)}", file=sys.stderr)
    except (TeamCommandError, TeamSettingsError, CredentialStoreUnavailable, ColleagueExists, TeamNotMade,
            TeamSetupError, MoveRefused) as error:
        print(f"{prog}: {error}", file=sys.stderr)
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)
    except Exception:  # noqa: BLE001 - a bug is reported as one, with its traceback
        import traceback

        traceback.print_exc()
        print(_("{command}: something went wrong inside Post Composer; please report it "
                "with the lines above.").format(command=prog), file=sys.stderr)
        return EXIT_BUG
    return EXIT_USAGE


# --- passwords ----------------------------------------------------------------


def read_line(what: str) -> str:
    """One line of standard input without its line end (``what`` names the password for the message)."""
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise TeamCommandError(_("No {what} on standard input: give it as one line.").format(what=what))
    return line


def ask(prompt: str, flag: str) -> str:
    """A password typed at the terminal, not shown; without a terminal, say to use ``flag``."""
    if not sys.stdin.isatty():
        raise TeamCommandError(_("No password: type it in a terminal, or give it on standard input with "
                                 "{flag}.").format(flag=flag))
    password = getpass.getpass(prompt)
    if not password:
        raise TeamCommandError(_("No password was typed."))
    return password


def settings_of(url: str) -> TeamSettings:
    from composer.core.storage.postgres.credentials import parse_url

    return parse_url(url)


def data_dir_of(args: argparse.Namespace) -> Path:
    """The data folder asked for (``--data-dir``), else the user's; :class:`TeamCommandError` for a file."""
    from composer.core.storage.errors import NotAFolder, describe

    given = getattr(args, "data_dir", None)
    folder = (given if given is not None else paths.default_data_dir()).expanduser()
    if folder.exists() and not folder.is_dir():
        raise TeamCommandError(describe(NotAFolder(folder)))
    return folder


def role_words(kinds: frozenset[str] | list[str]) -> str:
    """The roles in words, in the usual order: "writer, approver"."""
    words = {"writer": _("writer"), "approver": _("approver"), "register": _("register keeper")}
    return ", ".join(words[kind] for kind in ROLES if kind in kinds)


# --- the IT department's commands --------------------------------------------


def run_create(args: argparse.Namespace) -> int:
    from composer.core.storage.postgres import logins

    settings = settings_of(args.url)
    password = read_line(_("password")) if args.password_stdin else None
    try:
        applied = logins.create(settings, password)
    except logins.PasswordNeeded:
        password = ask(_("Password of {user}: ").format(user=settings.user), "--password-stdin")
        applied = logins.create(settings, password)
    place = logins.server_name(settings)
    if applied:
        print(_("Team library {server} is ready. Applied:").format(server=place))
        for name in applied:
            print(f"  {name}")
    else:
        print(_("Team library {server} was already up to date: nothing to apply.").format(server=place))
    print(_("Roles and privileges are in place. Next, give each colleague a login: "
            "post-composer team add NAME --role writer --admin {url}").format(url=settings.url()))
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    from composer.core.storage.postgres import logins, roles

    settings = settings_of(args.admin)
    try:
        roles.check_login(args.login)
    except ValueError as error:  # (translated)
        raise TeamCommandError(str(error)) from error
    admin_password = read_line(_("administrator's password")) if args.admin_password_stdin else None
    new_password = read_line(_("new password")) if args.password_stdin else logins.generate_password()
    try:
        logins.add(settings, admin_password, args.login, new_password, args.roles)
    except logins.PasswordNeeded:
        admin_password = ask(_("Password of {user}: ").format(user=settings.user), "--admin-password-stdin")
        logins.add(settings, admin_password, args.login, new_password, args.roles)
    print(_("Login {login} made in {server}, as {roles}.").format(
        login=args.login, server=logins.server_name(settings), roles=role_words(args.roles)))
    if not args.password_stdin:
        print(_("Password (shown only this once; give it to {login} in person):").format(login=args.login))
        print(new_password)
    if settings.host.startswith("/"):  # the administrator came through the server's own socket
        colleague = f"postgresql://{args.login}@SERVER/{settings.dbname}"
    else:
        colleague = dataclasses.replace(settings, user=args.login).url()
    print(_("On {login}'s computer: post-composer team join {url}").format(login=args.login, url=colleague))
    return EXIT_OK


# --- a workstation's commands ---------------------------------------------------


def run_join(args: argparse.Namespace) -> int:
    from composer.core.storage.postgres import credentials, logins

    settings = settings_of(args.url)
    data_dir = data_dir_of(args)
    password = (read_line(_("password")) if args.password_stdin
                else ask(_("Password of {user}: ").format(user=settings.user), "--password-stdin"))
    try:
        kinds, earlier = logins.join(data_dir, settings, password)
    except logins.SettingsNotWritten as error:
        raise TeamCommandError(str(error)) from error
    if earlier is not None:
        print(_("This computer no longer uses the team library {url}.").format(url=earlier.url()))
    print(_("This computer now uses the team library {server} as {user} ({roles}).").format(
        server=logins.server_name(settings), user=settings.user, roles=role_words(kinds)))
    print(_("The password is in the system's credential store; the address is in {file}.").format(
        file=credentials.settings_path(data_dir)))
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from composer.core.storage.errors import TeamError, describe
    from composer.core.storage.postgres import credentials, logins

    data_dir = data_dir_of(args)
    settings = credentials.load(data_dir)
    if settings is None:
        database = paths.database_path(data_dir)
        print(_("This computer uses its local library: {path}").format(path=database))
        if not database.exists():
            print(_("(It is made when Post Composer first starts.)"))
        return EXIT_OK
    print(_("This computer uses the team library {server}.").format(server=logins.server_name(settings)))
    print(_("Address: {url}").format(url=settings.url()))
    print(_("Login: {user}").format(user=settings.user))
    try:
        password = credentials.password(settings)
    except credentials.CredentialStoreUnavailable as error:
        print(str(error))
        return EXIT_BLOCKED
    if password is None:
        print(_("No password is kept for this login: join again with post-composer team join {url}").format(
            url=settings.url()))
        return EXIT_BLOCKED
    try:
        kinds = logins.log_in(settings, password)
    except TeamError as error:
        print(_("Server: {problem}").format(problem=describe(error)))
        return EXIT_BLOCKED
    print(_("Roles: {roles}").format(roles=role_words(kinds)))
    print(_("Server: reachable, the login works."))
    return EXIT_OK


def run_leave(args: argparse.Namespace) -> int:
    from composer.core.storage.postgres import credentials, logins

    data_dir = data_dir_of(args)
    local = paths.database_path(data_dir)
    try:
        settings, note = logins.leave(data_dir)
    except credentials.TeamSettingsError as error:  # damaged: forgotten all the same
        print(str(error))
        print(_("The team settings were removed; a password kept for them may remain in the system's "
                "credential store. This computer uses its local library again: {path}").format(path=local))
        return EXIT_OK
    if settings is None:
        print(_("This computer uses no team library; its local library is {path}").format(path=local))
        return EXIT_OK
    if note is not None:
        print(note)
    print(_("This computer no longer uses the team library {url}; the password was forgotten.").format(
        url=settings.url()))
    print(_("It uses its local library again, unchanged: {path}").format(path=local))
    return EXIT_OK


def run_move_local(args: argparse.Namespace) -> int:
    from composer.core.storage import opening
    from composer.core.storage.postgres import credentials, logins
    from composer.core.storage.postgres.move_local import TABLES, move_local
    from composer.core.storage.postgres.opening import open_team

    data_dir = data_dir_of(args)
    settings = credentials.load(data_dir)
    if settings is None:
        raise TeamCommandError(_("This computer uses no team library: join one first with "
                                 "post-composer team join postgresql://NAME@HOST/DB"))
    password = credentials.password(settings)
    if password is None:
        raise TeamCommandError(_("No password is kept for this login: join again with post-composer team join "
                                 "{url}").format(url=settings.url()))
    with opening.read_only(data_dir) as local:
        if local is None:
            print(_("There is no local library in {folder}: nothing to move.").format(folder=data_dir))
            return EXIT_OK
        team = open_team(settings, password, data_dir)
        try:
            report = move_local(local, team)
        finally:
            team.close()
        path = local.path
    print(_("The local library {path} was moved into the team library {server} as {user}.").format(
        path=path, server=logins.server_name(settings), user=settings.user))
    print()
    print("| " + " | ".join([_("table"), _("local"), _("team"), _("sha256 (first 12)")]) + " |")
    print("|---|---:|---:|---|")
    for table in TABLES:
        if table in report.counts:
            mine, theirs = report.counts[table]
            print(f"| {table} | {mine} | {theirs} | {report.hashes[table][:12]} |")
    print()
    print(_("Counts and content hashes match; the local file was only read and is unchanged."))
    photos, evidence = report.already_there.get("photos", 0), report.already_there.get("evidence", 0)
    if photos or evidence:
        print(_("Already in the team library, so stored once: {photos} photos and {evidence} evidence files.").format(
            photos=photos, evidence=evidence))
    if report.house_style == "team_kept":
        print(_("The team library has a house style of its own: it was kept, and the local one was not moved."))
    if report.approvals_dropped:
        print(i18n.ngettext("{count} approved draft waits for approval again: in the team, an approver approves "
                            "as their own login.",
                            "{count} approved drafts wait for approval again: in the team, an approver approves "
                            "as their own login.", report.approvals_dropped).format(count=report.approvals_dropped))
    print(_("Who wrote, edited, imported and recorded things is now your login; every date and time was kept, "
            "and so was the name in each consent's terms."))
    for note in report.notes:
        print(note)
    return EXIT_OK
