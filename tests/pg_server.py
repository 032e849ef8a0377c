"""A real PostgreSQL server for the tests: Debian's ``postgresql`` package, started once per test run.

``initdb`` makes a cluster in a temporary folder, the server listens only on
127.0.0.1 (a free port) and on a Unix socket in that folder, and it is stopped
(and the folder removed) at the end of the session. As root the server runs as
the ``postgres`` OS user (``runuser -u postgres``): ``initdb`` refuses root.
A watchdog process stops the server even when the test run itself is killed.

Authentication (``pg_hba.conf``): the bootstrap superuser ``postgres`` may use
the Unix socket without a password (the socket's folder is private); every TCP
connection needs a password checked with ``scram-sha-256``, so a wrong one is
refused as on a real server. :meth:`PgServer.enable_tls` (fixture
:func:`pg_tls`) turns on TLS with a CA and a server certificate made here by
``openssl``, for ``sslmode=verify-full`` to ``localhost`` or ``127.0.0.1``.

Use it as a plugin (``pytest_plugins = ["tests.pg_server"]``) or import the
fixtures into a ``conftest.py``. Without the binaries the tests that need the
server are skipped, saying what to install; with ``COMPOSER_PG_REQUIRED=1``
(CI) they fail instead.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: Where Debian puts a PostgreSQL version's server programs; 15 is Debian 12's.
BINDIR_PATTERN = "/usr/lib/postgresql/{version}/bin"
PREFERRED_VERSION = "15"
SUPERUSER = "postgres"
INSTALL_HINT = "apt-get install postgresql (Debian 12: PostgreSQL 15, with unaccent)"

#: Stops the server and removes its folder once the test run (our end of its stdin) goes away.
_WATCHDOG = r"""
import os, shutil, subprocess, sys
run_as, pg_ctl, datadir, base = sys.argv[1:5]
sys.stdin.read()
if os.path.exists(os.path.join(datadir, "postmaster.pid")):
    prefix = ["runuser", "-u", run_as, "--"] if run_as else []
    subprocess.run([*prefix, pg_ctl, "-D", datadir, "-m", "immediate", "-w", "stop"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
shutil.rmtree(base, ignore_errors=True)
"""


def find_bindir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: ``$COMPOSER_PG_BINDIR``, else PostgreSQL 15's, else the newest."""
    wanted = os.environ.get("COMPOSER_PG_BINDIR")
    if wanted:
        return Path(wanted) if (Path(wanted) / "initdb").exists() else None
    preferred = Path(BINDIR_PATTERN.format(version=PREFERRED_VERSION))
    if (preferred / "initdb").exists():
        return preferred
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class TlsFiles:
    """The test CA (give it to the client as ``sslrootcert``) and the server's certificate."""

    ca_cert: Path
    server_cert: Path
    hosts: tuple[str, ...] = ("localhost", "127.0.0.1")


@dataclass
class PgServer:
    """A running test server. Connect with :meth:`dsn` (TCP, password) or :meth:`admin_dsn` (socket, superuser)."""

    bindir: Path
    base: Path  # the temporary folder holding everything below
    datadir: Path
    socket_dir: Path
    port: int
    run_as: str | None  # the OS user the server runs as (``postgres`` when the tests run as root)
    host: str = "127.0.0.1"
    _watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _tls: TlsFiles | None = field(default=None, repr=False)
    _databases: int = field(default=0, repr=False)

    # --- connecting -------------------------------------------------------------------------------

    def admin_dsn(self, dbname: str = "postgres") -> str:
        """The bootstrap superuser over the Unix socket (no password: the socket's folder is private)."""
        return f"host={self.socket_dir} port={self.port} user={SUPERUSER} dbname={dbname}"

    def dsn(self, user: str, password: str, dbname: str = "postgres", host: str | None = None, **extra: str) -> str:
        """A colleague's connection over TCP (``scram-sha-256``); ``extra``: more libpq keywords (``sslmode``...)."""
        words = {"host": host or self.host, "port": str(self.port), "user": user, "password": password,
                 "dbname": dbname, "connect_timeout": "10", **extra}
        return " ".join(f"{key}={_quoted(str(value))}" for key, value in words.items())

    def create_database(self, prefix: str = "library") -> str:
        """A new empty database (UTF-8, ``C.UTF-8``); its name."""
        import psycopg

        self._databases += 1
        name = f"{prefix}_{os.getpid()}_{self._databases}"
        with psycopg.connect(self.admin_dsn(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''
                          " LOCALE 'C.UTF-8'")
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_dsn(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # --- TLS ------------------------------------------------------------------------------------

    def enable_tls(self) -> TlsFiles:
        """Turn on TLS with a new test CA and a certificate for ``localhost`` and ``127.0.0.1`` (once).

        Plain TCP connections keep working (``host`` lines in ``pg_hba.conf``
        match both); a client asking ``sslmode=verify-full`` with
        :attr:`TlsFiles.ca_cert` gets a verified connection.
        """
        if self._tls is not None:
            return self._tls
        folder = self.base / "tls"
        folder.mkdir()
        make_certificates(folder, hosts=("localhost", "127.0.0.1"))
        for name in ("server.crt", "server.key"):  # the server reads them from its data folder, key private
            target = self.datadir / name
            shutil.copyfile(folder / name, target)
            os.chmod(target, 0o600)
            self._own(target)
        self.psql_admin("ALTER SYSTEM SET ssl = on", "ALTER SYSTEM SET ssl_cert_file = 'server.crt'",
                        "ALTER SYSTEM SET ssl_key_file = 'server.key'", "SELECT pg_reload_conf()")
        deadline = time.monotonic() + 10
        while self.psql_admin("SHOW ssl").strip() != "on":  # the reload is asynchronous
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not turn TLS on:\n" + self.log_tail())
            time.sleep(0.05)
        self._tls = TlsFiles(folder / "ca.crt", folder / "server.crt")
        return self._tls

    # --- running ----------------------------------------------------------------------------------

    def psql_admin(self, *statements: str, dbname: str = "postgres") -> str:
        """Run statements as the superuser (each its own transaction); the last one's output."""
        import psycopg

        out = ""
        with psycopg.connect(self.admin_dsn(dbname), autocommit=True) as admin:
            for statement in statements:
                cursor = admin.execute(statement)
                out = str(cursor.fetchone()[0]) if cursor.description else ""
        return out

    def log_tail(self, lines: int = 40) -> str:
        log = self.base / "server.log"
        return "\n".join(log.read_text("utf-8", "replace").splitlines()[-lines:]) if log.exists() else ""

    def _prefix(self) -> list[str]:
        return ["runuser", "-u", self.run_as, "--"] if self.run_as else []

    def _own(self, path: Path) -> None:
        if self.run_as:
            account = pwd.getpwnam(self.run_as)
            os.chown(path, account.pw_uid, account.pw_gid)

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._prefix(), str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args],
                              capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> None:
        options = (f"-k {self.socket_dir} -c listen_addresses=127.0.0.1 -p {self.port}"
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                   " -c max_connections=60 -c shared_buffers=32MB")
        self._pg_ctl("-o", options, "-l", str(self.base / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        """Stop the server (fast shutdown; immediate if that hangs) and remove its folder."""
        if (self.datadir / "postmaster.pid").exists():
            try:
                self._pg_ctl("-m", "fast", "-w", "-t", "30", "stop", check=False)
            except subprocess.TimeoutExpired:
                self._pg_ctl("-m", "immediate", "-w", "stop", check=False)
        if self._watchdog is not None:
            with contextlib.suppress(OSError):
                if self._watchdog.stdin is not None:
                    self._watchdog.stdin.close()
            self._watchdog.wait(timeout=60)
            self._watchdog = None
        shutil.rmtree(self.base, ignore_errors=True)

    def halt(self) -> None:
        """Stop the server (fast shutdown) but keep its folder, so that :meth:`start` brings it back as it was.

        For a test of the server going away: use a server of the test's own (:func:`start_server`), never the
        session's, which every other test shares.
        """
        self._pg_ctl("-m", "fast", "-w", "-t", "30", "stop")

    def running(self) -> bool:
        return self._pg_ctl("status", check=False).returncode == 0


def _quoted(value: str) -> str:
    """A value for a libpq connection string."""
    if value and not any(ch in value for ch in " '\\"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def make_certificates(folder: Path, hosts: tuple[str, ...] = ("localhost", "127.0.0.1")) -> None:
    """``ca.crt``/``ca.key`` (a test CA) and ``server.crt``/``server.key`` signed by it for ``hosts``, with openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl is needed for the TLS test: apt-get install openssl")
    names = ",".join(f"IP:{h}" if h.replace(".", "").isdigit() or ":" in h else f"DNS:{h}" for h in hosts)
    (folder / "server.ext").write_text(
        f"subjectAltName = {names}\nextendedKeyUsage = serverAuth\nbasicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature, keyEncipherment\n", "ascii")

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], cwd=folder, check=True, capture_output=True, timeout=60)

    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=Post Composer test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", "ca.key", "-out", "ca.crt")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", f"/CN={hosts[0]}",
        "-keyout", "server.key", "-out", "server.csr")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "server.ext", "-out", "server.crt")


HBA = """\
# Post Composer's test server: the superuser over the private socket; everyone over TCP with a password.
local   all   {superuser}                      trust
local   all   all                              scram-sha-256
host    all   all         127.0.0.1/32         scram-sha-256
"""


def start_server(bindir: Path) -> PgServer:
    """initdb into a new temporary folder and start a server there (see the module)."""
    run_as = SUPERUSER if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="composer-pg-"))
    datadir, socket_dir = base / "data", base / "socket"
    socket_dir.mkdir()
    server = PgServer(bindir, base, datadir, socket_dir, free_port(), run_as)
    try:
        if run_as:
            account = pwd.getpwnam(run_as)
            for path in (base, socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
        os.chmod(base, 0o700)
        os.chmod(socket_dir, 0o700)
        subprocess.run([*server._prefix(), str(bindir / "initdb"), "-D", str(datadir), "-U", SUPERUSER,
                        "--encoding=UTF8", "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256",
                        "--no-sync"], capture_output=True, text=True, check=True, timeout=300)
        (datadir / "pg_hba.conf").write_text(HBA.format(superuser=SUPERUSER), "utf-8")
        server._watchdog = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _WATCHDOG, run_as or "", str(bindir / "pg_ctl"), str(datadir),
             str(base)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        for attempt in range(3):  # another program may take the free port before the server does
            try:
                server.start()
                break
            except subprocess.CalledProcessError as error:
                if attempt == 2 or "Address already in use" not in server.log_tail():
                    raise RuntimeError(f"PostgreSQL did not start: {error.stderr}\n{server.log_tail()}") from error
                server.port = free_port()
    except BaseException:
        server.stop()
        raise
    return server


def _missing(reason: str) -> None:
    if os.environ.get("COMPOSER_PG_REQUIRED"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One real PostgreSQL server for the whole test run, stopped at its end (see the module)."""
    bindir = find_bindir()
    if bindir is None:
        _missing(f"PostgreSQL's server programs (initdb, pg_ctl) are not installed: {INSTALL_HINT}")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg is not installed: pip install 'psycopg[binary]>=3.2'")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            _missing(f"running as root, the server needs the '{SUPERUSER}' OS user: {INSTALL_HINT}")
    assert bindir is not None
    server = start_server(bindir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_tls(pg_server: PgServer) -> TlsFiles:
    """TLS on the session's server, with a test CA: connect with ``sslmode=verify-full sslrootcert=<ca_cert>``."""
    return pg_server.enable_tls()
