"""The test server itself (tests/pg_server.py): where it listens, how it authenticates, TLS, and that it goes away."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.pg_server import find_bindir, make_certificates, start_server

ROOT = Path(__file__).resolve().parents[2]


def test_it_listens_only_on_127_0_0_1_and_a_private_socket(pg_server):
    assert pg_server.psql_admin("SHOW listen_addresses") == "127.0.0.1"
    assert Path(pg_server.psql_admin("SHOW unix_socket_directories")) == pg_server.socket_dir
    assert oct(pg_server.socket_dir.stat().st_mode & 0o777) == "0o700"
    assert pg_server.psql_admin("SHOW password_encryption") == "scram-sha-256"
    assert pg_server.psql_admin("SELECT current_setting('server_version_num')::int / 10000") == "15"


def test_unaccent_is_in_debians_postgresql_package(pg_server):
    assert pg_server.psql_admin(
        "SELECT count(*) FROM pg_available_extensions WHERE name = 'unaccent'") == "1"


def test_tcp_needs_the_password_even_for_the_superuser(pg_server):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_server.dsn("postgres", "no-password-set")).close()


def test_tls_verify_full_with_the_test_ca(team, pg_tls):
    for host in pg_tls.hosts:
        with team.connect("an_writer", host=host, sslmode="verify-full", sslrootcert=str(pg_tls.ca_cert)) as conn:
            row = conn.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
            assert row[0] is True and row[1].startswith("TLS"), host
            assert conn.execute("SELECT session_user").fetchone() == ("an_writer",)


def test_tls_refuses_a_server_it_cannot_verify(team, pg_tls, tmp_path):
    make_certificates(tmp_path)  # another CA: the server's certificate is not signed by it
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        team.connect("an_writer", sslmode="verify-full", sslrootcert=str(tmp_path / "ca.crt"))
    with pytest.raises(psycopg.OperationalError):  # without a CA to verify with, verify-full refuses
        team.connect("an_writer", sslmode="verify-full", sslrootcert=str(tmp_path / "missing.crt"))


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_stopping_a_server_leaves_no_process_and_no_folder(pg_server):
    other = start_server(pg_server.bindir)
    assert other.running() and _port_open(other.port)
    other.stop()
    assert not other.base.exists()
    assert not _port_open(other.port)


@pytest.mark.skipif(find_bindir() is None, reason="PostgreSQL is not installed")
def test_a_killed_test_run_leaves_no_server_behind(pg_server):
    """The watchdog stops the server when the process that started it dies without cleaning up (kill -9)."""
    script = ("import sys, time; from tests.pg_server import find_bindir, start_server;"
              "s = start_server(find_bindir()); print(s.base, s.port, flush=True); time.sleep(600)")
    with subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}) as child:
        assert child.stdout is not None
        base, port = child.stdout.readline().split()
        assert (Path(base) / "data" / "postmaster.pid").exists() and _port_open(int(port))
        child.send_signal(signal.SIGKILL)
        child.wait()
    deadline = time.monotonic() + 60
    while (Path(base).exists() or _port_open(int(port))) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _port_open(int(port))
    assert not Path(base).exists()
