"""``post-composer team …`` run as a user runs it, against the real test server (issue 12, point 1).

Each test runs the command in a fresh interpreter. Its credential store is
a JSON file in the test's temporary folder (``tests/helpers/file_keyring.py``,
loaded through keyring's ``PYTHON_KEYRING_BACKEND``), outside the data folder
whose files the tests read. The administrator is the server's superuser over
its private Unix socket (no password); colleagues log in over TCP.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from composer.core.storage.postgres import credentials
from composer.core.storage.postgres.migrations import MIGRATIONS
from composer.core.storage.postgres.roles import ROLES
from tests.helpers import file_keyring
from tests.pg_server import PgServer, free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_LIBPQ = ("PGPASSWORD", "PGPASSFILE", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSERVICE", "PGSSLMODE")


@dataclass
class TeamDb:
    """A team database made for this module, the logins its tests made (dropped at the end)."""

    server: PgServer
    dbname: str
    logins: list[str] = field(default_factory=list)

    def admin_url(self, dbname: str | None = None) -> str:
        """The superuser over the socket, as ``team create`` and ``team add --admin`` take it."""
        socket = quote(str(self.server.socket_dir), safe="")
        return f"postgresql://postgres@{socket}:{self.server.port}/{dbname or self.dbname}"

    def url(self, login: str) -> str:
        return f"postgresql://{login}@127.0.0.1:{self.server.port}/{self.dbname}"

    def new_login(self, hint: str) -> str:
        """A login no other test (or test run) on the server uses."""
        login = f"cli_{hint}_{os.getpid()}_{len(self.logins)}"
        self.logins.append(login)
        return login

    def roles_of(self, login: str, password: str) -> set[str]:
        """The team roles ``login`` has, logged in as it over TCP (what the server says, not the command)."""
        with psycopg.connect(self.server.dsn(login, password, self.dbname)) as conn:
            return {kind for kind, group in ROLES.items()
                    if conn.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", [group]).fetchone()[0]}


@pytest.fixture(scope="module")
def team_db(pg_server: PgServer) -> Iterator[TeamDb]:
    from composer.core.storage.postgres import team as setup

    dbname = pg_server.create_database("teamcli")
    with psycopg.connect(pg_server.admin_dsn(dbname), autocommit=True) as admin:
        setup.create_team(admin)
    made = TeamDb(pg_server, dbname)
    try:
        yield made
    finally:
        pg_server.drop_database(dbname)
        for login in made.logins:
            pg_server.psql_admin(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture
def keyring_file(tmp_path: Path) -> Path:
    return tmp_path / "keyring.json"


@pytest.fixture
def team(keyring_file: Path):
    """``team(*args, input=...)``: the real command, in a fresh interpreter, with the test's credential store."""
    env = {key: value for key, value in os.environ.items() if key not in _LIBPQ and key != "PYTHONUTF8"}
    env.update(LANGUAGE="en", PYTHONIOENCODING="utf-8", **file_keyring.file_keyring_env(keyring_file))

    def run(*args: str, input: str = "", **more_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "composer", "team", *args], cwd=PROJECT_ROOT,
                              input=input, capture_output=True, text=True, encoding="utf-8",
                              env={**env, **more_env}, timeout=120, start_new_session=True)

    return run


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


def joined(team, team_db: TeamDb, data_dir: Path, login: str, password: str):
    return team("join", team_db.url(login), "--data-dir", str(data_dir), "--password-stdin", input=password + "\n")


def added(team, team_db: TeamDb, *roles: str, hint: str = "writer") -> tuple[str, str]:
    """A new colleague made with ``team add`` (its password generated); (login, password)."""
    login = team_db.new_login(hint)
    result = team("add", login, *[f"--role={role}" for role in roles], "--admin", team_db.admin_url())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    shown = next(index for index, line in enumerate(lines) if line.startswith("Password (shown only this once"))
    return login, lines[shown + 1].strip()


# --- team create -------------------------------------------------------------------------------------------


def test_create_makes_the_team_and_running_it_again_changes_nothing(team, team_db, pg_server):
    dbname = pg_server.create_database("teamcreate")
    try:
        first = team("create", team_db.admin_url(dbname))
        assert first.returncode == 0, first.stderr
        assert "Applied:" in first.stdout
        assert all(name in first.stdout for name in MIGRATIONS)
        again = team("create", team_db.admin_url(dbname))
        assert again.returncode == 0, again.stderr
        assert "already up to date: nothing to apply" in again.stdout
        assert not any(name in again.stdout for name in MIGRATIONS)
        with psycopg.connect(pg_server.admin_dsn(dbname)) as admin:
            applied = admin.execute("SELECT count(*) FROM composer.schema_migrations").fetchone()[0]
        assert applied == len(MIGRATIONS)
    finally:
        pg_server.drop_database(dbname)


def test_create_refuses_a_database_in_the_c_locale(team, team_db, pg_server):
    dbname = f"teamc_{os.getpid()}"
    pg_server.psql_admin(f"CREATE DATABASE {dbname} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
    try:
        result = team("create", team_db.admin_url(dbname))
        assert result.returncode == 2
        assert "character type C" in result.stderr and "LOCALE 'C.UTF-8'" in result.stderr
        no_traceback(result)
    finally:
        pg_server.drop_database(dbname)


# --- team add ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["writer", "approver", "register"])
def test_add_makes_a_login_with_its_role_and_a_password_shown_once(team, team_db, role):
    login, password = added(team, team_db, role, hint=role)
    assert len(password) >= 20
    assert team_db.roles_of(login, password) == {role, "writer"}  # approvers and register keepers write too


def test_add_takes_several_roles_and_a_password_from_standard_input(team, team_db):
    login = team_db.new_login("both")
    result = team("add", login, "--role", "approver", "--role", "register", "--admin", team_db.admin_url(),
                  "--password-stdin", input="chosen-by-it\n")
    assert result.returncode == 0, result.stderr
    assert "chosen-by-it" not in result.stdout + result.stderr
    assert "approver, register keeper" in result.stdout
    assert f"post-composer team join postgresql://{login}@" in result.stdout
    assert {"approver", "register"} <= team_db.roles_of(login, "chosen-by-it")


def test_add_refuses_a_reserved_login_before_connecting(team, team_db):
    result = team("add", "pg_admin", "--role", "writer", "--admin", team_db.admin_url())
    assert result.returncode == 2
    assert "reserved" in result.stderr
    no_traceback(result)


def test_add_refuses_a_login_that_exists(team, team_db):
    login, _password = added(team, team_db, "writer", hint="twice")
    again = team("add", login, "--role", "approver", "--admin", team_db.admin_url())
    assert again.returncode == 2
    assert f"A login called {login} already exists" in again.stderr
    no_traceback(again)


# --- team join --------------------------------------------------------------------------------------------


def test_join_with_a_wrong_password_says_so_and_remembers_nothing(team, team_db, data_dir, keyring_file):
    login, _password = added(team, team_db, "writer", hint="wrong")
    result = joined(team, team_db, data_dir, login, "not-the-password")
    assert result.returncode == 2
    assert f"refused the login {login}" in result.stderr and "password is wrong" in result.stderr
    no_traceback(result)
    assert not credentials.settings_path(data_dir).exists()
    assert file_keyring.read(keyring_file) == {}


def test_join_keeps_the_address_in_team_json_and_the_password_only_in_the_credential_store(
        team, team_db, data_dir, keyring_file):
    login, password = added(team, team_db, "approver", hint="joins")
    (data_dir / "photos").mkdir(parents=True)  # a data folder in use, with files of its own
    result = joined(team, team_db, data_dir, login, password)
    assert result.returncode == 0, result.stderr
    assert "(writer, approver)" in result.stdout
    saved = json.loads(credentials.settings_path(data_dir).read_text("utf-8"))
    assert saved["user"] == login and saved["dbname"] == team_db.dbname
    assert saved["host"] == "127.0.0.1" and saved["port"] == team_db.server.port
    store = file_keyring.read(keyring_file)
    assert store == {f"{credentials.SERVICE}\n{login}@127.0.0.1:{team_db.server.port}/{team_db.dbname}": password}
    holding = [path for path in data_dir.rglob("*") if path.is_file() and password.encode() in path.read_bytes()]
    assert holding == []


def test_join_without_a_credential_store_keeps_nothing(team, team_db, data_dir):
    login, password = added(team, team_db, "writer", hint="nostore")
    result = team("join", team_db.url(login), "--data-dir", str(data_dir), "--password-stdin",
                  input=password + "\n", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    assert result.returncode == 2
    assert "No credential store can be used on this computer" in result.stderr
    no_traceback(result)
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


def test_join_without_a_terminal_asks_for_password_stdin(team, team_db, data_dir):
    result = team("join", team_db.url("whoever"), "--data-dir", str(data_dir))
    assert result.returncode == 2
    assert "--password-stdin" in result.stderr
    assert not credentials.settings_path(data_dir).exists()


def test_join_a_server_that_does_not_answer(team, data_dir, keyring_file):
    result = team("join", f"postgresql://an@127.0.0.1:{free_port()}/library", "--data-dir", str(data_dir),
                  "--password-stdin", input="secret\n")
    assert result.returncode == 2
    assert "cannot be reached" in result.stderr
    no_traceback(result)
    assert not credentials.settings_path(data_dir).exists()
    assert file_keyring.read(keyring_file) == {}


def test_join_with_a_login_that_has_no_team_role(team, team_db, pg_server, data_dir):
    login = team_db.new_login("norole")
    pg_server.psql_admin(f"CREATE ROLE {login} LOGIN PASSWORD 'its-password'")
    result = joined(team, team_db, data_dir, login, "its-password")
    assert result.returncode == 2
    assert f"The login {login} has no role in the team library" in result.stderr
    no_traceback(result)
    assert not credentials.settings_path(data_dir).exists()


@pytest.mark.parametrize("command", [("join", "{url}"), ("create", "{url}"),
                                     ("add", "someone", "--role", "writer", "--admin", "{url}")])
def test_an_address_with_a_password_is_refused_without_repeating_it(team, team_db, data_dir, command):
    url = f"postgresql://an:Sup3r-Geheim@127.0.0.1:{team_db.server.port}/{team_db.dbname}"
    result = team(*[part.format(url=url) for part in command], input="x\n")
    assert result.returncode == 2
    assert "Leave the password out of the address" in result.stderr
    assert "Sup3r-Geheim" not in result.stdout + result.stderr
    no_traceback(result)


def test_join_over_tls_with_the_server_certificate_checked(team, team_db, data_dir, pg_tls):
    login, password = added(team, team_db, "writer", hint="tls")
    url = f"{team_db.url(login)}?sslmode=verify-full&sslrootcert={quote(str(pg_tls.ca_cert), safe='')}"
    result = team("join", url, "--data-dir", str(data_dir), "--password-stdin", input=password + "\n")
    assert result.returncode == 0, result.stderr
    saved = credentials.load(data_dir)
    assert saved is not None and (saved.sslmode, saved.sslrootcert) == ("verify-full", str(pg_tls.ca_cert))
    status = team("status", "--data-dir", str(data_dir))
    assert status.returncode == 0 and "Server: reachable" in status.stdout, status.stdout


def test_join_refuses_a_server_whose_certificate_is_not_the_one_expected(team, team_db, data_dir, pg_tls,
                                                                         tmp_path):
    login, password = added(team, team_db, "writer", hint="badcert")
    stranger = tmp_path / "other-ca.crt"
    stranger.write_text(pg_tls.server_cert.read_text("ascii"), "ascii")  # not the CA that signed it
    url = f"{team_db.url(login)}?sslmode=verify-full&sslrootcert={quote(str(stranger), safe='')}"
    result = team("join", url, "--data-dir", str(data_dir), "--password-stdin", input=password + "\n")
    assert result.returncode == 2
    assert "cannot be reached" in result.stderr and "certificate" in result.stderr
    no_traceback(result)
    assert not credentials.settings_path(data_dir).exists()


def join_a_database_without_a_team(team, team_db, pg_server, data_dir) -> subprocess.CompletedProcess[str]:
    login, password = added(team, team_db, "writer", hint="empty")
    empty = pg_server.create_database("noteam")
    try:
        return team("join", f"postgresql://{login}@127.0.0.1:{pg_server.port}/{empty}", "--data-dir",
                    str(data_dir), "--password-stdin", input=password + "\n")
    finally:
        pg_server.drop_database(empty)


def test_join_a_database_that_holds_no_team_keeps_nothing(team, team_db, pg_server, data_dir):
    result = join_a_database_without_a_team(team, team_db, pg_server, data_dir)
    assert result.returncode == 2
    assert "could not be used" in result.stderr or "older format" in result.stderr
    no_traceback(result)
    assert not credentials.settings_path(data_dir).exists()


def test_join_a_database_that_holds_no_team_says_to_run_team_create(team, team_db, pg_server, data_dir):
    result = join_a_database_without_a_team(team, team_db, pg_server, data_dir)
    assert "team create" in result.stderr


# --- team status and team leave -------------------------------------------------------------------------


def test_status_of_a_computer_alone(team, data_dir):
    result = team("status", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert f"uses its local library: {data_dir / 'composer.db'}" in result.stdout


def test_status_after_joining_names_the_library_the_login_its_roles_and_the_server(team, team_db, data_dir):
    login, password = added(team, team_db, "register", hint="status")
    assert joined(team, team_db, data_dir, login, password).returncode == 0
    result = team("status", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert f"team library {team_db.dbname} on 127.0.0.1" in result.stdout
    assert f"Address: {team_db.url(login)}" in result.stdout
    assert f"Login: {login}" in result.stdout
    assert "Roles: writer, register keeper" in result.stdout
    assert "Server: reachable" in result.stdout


def test_status_when_the_server_does_not_answer(team, data_dir, keyring_file):
    away = credentials.parse_url(f"postgresql://an@127.0.0.1:{free_port()}/library")
    credentials.save(data_dir, away)
    keyring_file.write_text(json.dumps({f"{credentials.SERVICE}\n{away.keyring_name}": "secret"}), "utf-8")
    result = team("status", "--data-dir", str(data_dir))
    assert result.returncode == 1
    assert "Login: an" in result.stdout and "cannot be reached" in result.stdout
    no_traceback(result)


def test_leave_forgets_the_address_and_the_password_and_leaves_the_local_file_alone(
        team, team_db, data_dir, keyring_file):
    data_dir.mkdir(parents=True)
    local = data_dir / "composer.db"
    local.write_bytes(b"the local library, as it was")
    login, password = added(team, team_db, "writer", hint="leaves")
    assert joined(team, team_db, data_dir, login, password).returncode == 0
    result = team("leave", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "no longer uses the team library" in result.stdout
    assert not credentials.settings_path(data_dir).exists()
    assert file_keyring.read(keyring_file) == {}
    assert local.read_bytes() == b"the local library, as it was"
    status = team("status", "--data-dir", str(data_dir))
    assert "uses its local library" in status.stdout
    again = team("leave", "--data-dir", str(data_dir))
    assert again.returncode == 0 and "uses no team library" in again.stdout


def test_a_data_folder_that_is_a_file_is_named(team, tmp_path):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file", "utf-8")
    result = team("status", "--data-dir", str(not_a_folder))
    assert result.returncode == 2
    assert f"{not_a_folder} is a file, not a folder" in result.stderr
    no_traceback(result)
