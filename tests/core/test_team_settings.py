"""Which team library a workstation uses: the address, ``team.json`` and the password in the credential store."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from composer.core.storage.postgres.credentials import (
    SERVICE,
    CredentialStoreUnavailable,
    TeamSettings,
    TeamSettingsError,
    forget,
    forget_password,
    load,
    parse_url,
    password,
    save,
    settings_path,
    store_password,
)
from tests.helpers.keyrings import memory_keyring

# --- the address ---------------------------------------------------------------------------------------


def test_an_address_as_the_it_department_writes_it():
    assert parse_url("postgresql://an@db.library.be/composer") == TeamSettings(
        "db.library.be", 5432, "composer", "an", "prefer", None)


@pytest.mark.parametrize(("url", "expected"), [
    ("postgres://an@db:6543/composer", TeamSettings("db", 6543, "composer", "an")),
    ("  postgresql://an@db/composer \n", TeamSettings("db", 5432, "composer", "an")),
    ("postgresql://an@[2001:db8::1]:5433/composer", TeamSettings("2001:db8::1", 5433, "composer", "an")),
    ("postgresql://an@%2Fvar%2Frun%2Fpostgresql/composer",
     TeamSettings("/var/run/postgresql", 5432, "composer", "an")),
    ("postgresql://an%40bib@db/team%20library", TeamSettings("db", 5432, "team library", "an@bib")),
    ("postgresql://an@db/composer?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.crt",
     TeamSettings("db", 5432, "composer", "an", "verify-full", "/etc/ca.crt")),
])
def test_addresses_that_are_read(url, expected):
    assert parse_url(url) == expected


@pytest.mark.parametrize(("url", "words"), [
    ("mysql://an@db/composer", "starts with postgresql://"),
    ("db.library.be/composer", "starts with postgresql://"),
    ("postgresql://db/composer", "names no login"),
    ("postgresql://an@/composer", "names no server"),
    ("postgresql://an@db", "names no database"),
    ("postgresql://an@db/", "names no database"),
    ("postgresql://an@db:99999/composer", "Port 99999 does not exist"),
    ("postgresql://an@db:http/composer", "Port http does not exist"),
    ("postgresql://an@db/composer?sslmode=paranoid", "sslmode 'paranoid' does not exist"),
    ("postgresql://an@db/composer?application_name=x", "Unknown setting 'application_name'"),
    ("postgresql://an@[2001:db8::1/composer", "in brackets"),
    ("postgresql://an@d%0Ab/composer", "control character"),
])
def test_addresses_that_are_refused_say_why(url, words):
    with pytest.raises(TeamSettingsError, match=words):
        parse_url(url)


@pytest.mark.parametrize("url", [
    "postgresql://an:Sup3r-Geheim@db/composer",
    "postgresql://an:Sup3r-Geheim@db:5432/composer?sslmode=require",
    "postgresql://an@db/composer?password=Sup3r-Geheim",
    "mysql://an:Sup3r-Geheim@db/composer",
    "postgresql://an:Sup3r-Geheim@[2001:db8::1/composer",
])
def test_a_password_in_the_address_is_refused_and_never_repeated(url):
    with pytest.raises(TeamSettingsError) as refused:
        parse_url(url)
    assert "Sup3r-Geheim" not in str(refused.value)


@pytest.mark.parametrize("url", [
    "postgresql://an@db.library.be:5432/composer",
    "postgresql://an%40bib@[2001:db8::1]:5433/team%20library?sslmode=verify-full&sslrootcert=%2Fca.crt",
    "postgresql://an@%2Fvar%2Frun%2Fpostgresql:5432/composer",
])
def test_url_gives_back_an_address_that_reads_the_same(url):
    settings = parse_url(url)
    assert parse_url(settings.url()) == settings


def test_conninfo_quotes_what_libpq_would_misread_and_leaves_out_a_missing_password():
    settings = TeamSettings("db", 5432, "team library", "an", "verify-full", "/my certs/ca.crt")
    words = settings.conninfo("it's a \\ secret")
    assert "dbname='team library'" in words
    assert "password='it\\'s a \\\\ secret'" in words
    assert "sslmode=verify-full" in words and "sslrootcert='/my certs/ca.crt'" in words
    assert "password" not in settings.conninfo(None)


def test_conninfo_is_what_libpq_reads():
    from psycopg.conninfo import conninfo_to_dict

    settings = TeamSettings("db", 5433, "team library", "an")
    read = conninfo_to_dict(settings.conninfo("it's = a \\ secret"))
    assert read["password"] == "it's = a \\ secret"
    assert (read["host"], read["port"], read["dbname"], read["user"]) == ("db", "5433", "team library", "an")


# --- team.json -----------------------------------------------------------------------------------------


def test_no_team_json_means_the_local_library(data_dir):
    assert load(data_dir) is None


def test_team_json_is_written_and_read_back(data_dir):
    settings = TeamSettings("db.library.be", 5433, "composer", "an", "verify-full", "/etc/ca.crt")
    save(data_dir, settings)
    assert load(data_dir) == settings
    assert json.loads(settings_path(data_dir).read_text("utf-8"))["user"] == "an"


def test_team_json_never_holds_a_password(data_dir):
    with memory_keyring():
        settings = parse_url("postgresql://an@db/composer")
        store_password(settings, "Sup3r-Geheim")
        save(data_dir, settings)
    assert "Geheim" not in settings_path(data_dir).read_text("utf-8")
    assert set(json.loads(settings_path(data_dir).read_text("utf-8"))) == {
        "host", "port", "dbname", "user", "sslmode", "sslrootcert"}


def test_forget_removes_team_json_and_nothing_else(data_dir):
    save(data_dir, parse_url("postgresql://an@db/composer"))
    (data_dir / "composer.db").write_bytes(b"local")
    forget(data_dir)
    forget(data_dir)  # nothing to forget: nothing happens
    assert load(data_dir) is None
    assert (data_dir / "composer.db").read_bytes() == b"local"


@pytest.mark.parametrize("content", [
    b"{not json", b"[]", b'{"host": "db"}', b'{"host": "db", "port": "5432", "dbname": "c", "user": "an"}',
    b'{"host": "", "port": 5432, "dbname": "c", "user": "an"}',
    b'{"host": "db", "port": true, "dbname": "c", "user": "an"}',
    b'{"host": "db", "port": 5432, "dbname": "c", "user": "an", "sslmode": "maybe"}',
    b"\xff\xfe",
])
def test_a_damaged_team_json_says_to_join_again(data_dir, content):
    data_dir.mkdir()
    settings_path(data_dir).write_bytes(content)
    with pytest.raises(TeamSettingsError, match="team join") as refused:
        load(data_dir)
    assert str(settings_path(data_dir)) in str(refused.value)


# --- the password --------------------------------------------------------------------------------------


def test_the_password_is_kept_under_the_login_and_the_database():
    settings = parse_url("postgresql://an@db:5433/composer")
    other = parse_url("postgresql://an@db:5433/archive")
    with memory_keyring() as store:
        assert password(settings) is None
        store_password(settings, "Sup3r-Geheim")
        assert store.passwords == {(SERVICE, "an@db:5433/composer"): "Sup3r-Geheim"}
        assert password(settings) == "Sup3r-Geheim"
        assert password(other) is None
        forget_password(settings)
        forget_password(settings)  # none kept: nothing happens
        assert store.passwords == {}


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring])
def test_without_a_credential_store_nothing_is_kept_and_the_message_says_why(backend):
    previous = keyring.get_keyring()
    keyring.set_keyring(backend())
    try:
        settings = parse_url("postgresql://an@db/composer")
        for attempt in (lambda: store_password(settings, "x"), lambda: password(settings),
                        lambda: forget_password(settings)):
            with pytest.raises(CredentialStoreUnavailable, match="never in a plain file"):
                attempt()
    finally:
        keyring.set_keyring(previous)


class LockedKeyring(KeyringBackend):
    """A store that refuses everything, as a locked keychain or a D-Bus error does."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service, username):
        raise RuntimeError("the keychain is locked")

    def set_password(self, service, username, password):
        raise RuntimeError("the keychain is locked")

    def delete_password(self, service, username):
        raise RuntimeError("the keychain is locked")


def test_a_store_that_refuses_says_so_in_words():
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        settings = parse_url("postgresql://an@db/composer")
        with pytest.raises(CredentialStoreUnavailable, match="the keychain is locked"):
            store_password(settings, "x")
        with pytest.raises(CredentialStoreUnavailable, match="the keychain is locked"):
            password(settings)
    finally:
        keyring.set_keyring(previous)
