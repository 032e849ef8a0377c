"""Which team library a workstation uses, and the password for it: ``team.json`` and the system's credential store.

:class:`TeamSettings`
    Where the team database is and who logs in: host, port, database, login,
    and how the connection is protected (``sslmode``, ``sslrootcert``).
    :meth:`TeamSettings.conninfo` is the libpq keyword string to connect with.
:func:`parse_url`
    ``postgresql://NAME@HOST[:PORT]/DB[?sslmode=…&sslrootcert=…]`` as the IT
    department writes it. A password in the address is refused: it would end
    up in the shell's history, or in a file.
:func:`load`, :func:`save`, :func:`forget`
    ``team.json`` in the data folder (written whole or not at all); no file:
    the workstation uses its local library.
:func:`password`, :func:`store_password`, :func:`forget_password`
    The password, in the operating system's credential store through
    ``keyring`` (Windows Credential Manager, the macOS Keychain, a Secret
    Service such as GNOME Keyring or KWallet), under the service
    :data:`SERVICE` and the name ``user@host:port/dbname``. Where no such
    store is usable, :class:`CredentialStoreUnavailable` says so: the
    password is never kept in a plain file.

Neither ``psycopg`` nor ``keyring`` is imported at module level: the local
library never loads them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from composer.core.i18n import _
from composer.core.storage.files import write_atomic

#: The file in the data folder that says which team library this workstation uses.
SETTINGS_NAME = "team.json"
#: The credential store's service name for every team password.
SERVICE = "post-composer"
#: What the server shows as the client program (``pg_stat_activity.application_name``).
APPLICATION_NAME = "post-composer"
DEFAULT_PORT = 5432
#: libpq's ``sslmode`` values, weakest first. ``verify-full``: encrypted, and the server's certificate is
#: checked against ``sslrootcert`` and its name against the host.
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
#: Seconds to wait for the server before saying it cannot be reached (libpq's default is to wait forever).
CONNECT_TIMEOUT = 10
#: Every connection works in the team's schema (a colleague's login also has it as its own search_path).
SEARCH_PATH_OPTIONS = "-c search_path=composer,pg_catalog"
_SCHEMES = ("postgresql", "postgres")
_QUERY_KEYS = ("sslmode", "sslrootcert")


class TeamSettingsError(ValueError):
    """An address or a ``team.json`` that cannot be used; the message (translated) says why and what to do."""


class CredentialStoreUnavailable(RuntimeError):
    """No usable credential store on this computer (or it refused): the message (translated) says so."""


@dataclass(frozen=True)
class TeamSettings:
    """Where the team database is and who logs in (never the password)."""

    host: str
    port: int
    dbname: str
    user: str
    sslmode: str = "prefer"
    sslrootcert: str | None = None

    def conninfo(self, password: str | None) -> str:
        """The libpq keyword string for this login (``password`` left out when ``None``), values quoted."""
        words: dict[str, str] = {"host": self.host, "port": str(self.port), "dbname": self.dbname,
                                 "user": self.user}
        if password is not None:
            words["password"] = password
        words["sslmode"] = self.sslmode
        if self.sslrootcert:
            words["sslrootcert"] = self.sslrootcert
        words.update(application_name=APPLICATION_NAME, connect_timeout=str(CONNECT_TIMEOUT),
                     options=SEARCH_PATH_OPTIONS)
        return " ".join(f"{key}={quote_value(value)}" for key, value in words.items())

    @property
    def keyring_name(self) -> str:
        """The name the password is kept under in the credential store: ``user@host:port/dbname``."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def url(self) -> str:
        """The address as :func:`parse_url` reads it (no password), e.g. for ``team status``."""
        from urllib.parse import quote, urlencode

        host = f"[{self.host}]" if ":" in self.host else quote(self.host, safe="")
        query = {"sslmode": self.sslmode} if self.sslmode != "prefer" else {}
        if self.sslrootcert:
            query["sslrootcert"] = self.sslrootcert
        return (f"postgresql://{quote(self.user, safe='')}@{host}:{self.port}/{quote(self.dbname, safe='')}"
                + (f"?{urlencode(query)}" if query else ""))


def quote_value(value: str) -> str:
    """A value as a libpq connection string writes it: bare when it can be, else in quotes with ``\\`` escapes."""
    if value and not any(ch.isspace() or ch in "'\\=" for ch in value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


# --- the address ----------------------------------------------------------------------------------


def parse_url(url: str) -> TeamSettings:
    """``postgresql://NAME@HOST[:PORT]/DB[?sslmode=…&sslrootcert=…]`` as :class:`TeamSettings`.

    ``HOST`` may be a name, an IPv4 address, an IPv6 address in brackets, or a
    Unix socket folder written with ``%2F`` for each ``/`` (libpq's way). A
    password in the address (``NAME:PASSWORD@``, or ``?password=``) is refused
    with :class:`TeamSettingsError`, whose message never repeats it.
    """
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in _SCHEMES:
        raise TeamSettingsError(_("A team library's address starts with postgresql://, as in "
                                  "postgresql://NAME@SERVER/DATABASE (not '{url}').").format(
                                      url=_without_password(text)))
    try:
        parts = urlsplit("postgresql://" + rest)
    except ValueError as error:  # an IPv6 address with one bracket, or no address in the brackets
        raise TeamSettingsError(_("'{url}' is not an address of a team library: {reason}.").format(
            url=_without_password(text), reason=_("an IPv6 address is written in brackets, [like::this]"))) from error
    login, at, place = parts.netloc.rpartition("@")
    query = parse_qsl(parts.query, keep_blank_values=True)
    if ":" in login or any(key == "password" for key, _value in query):
        raise TeamSettingsError(_("Leave the password out of the address: it would stay in the shell's history "
                                  "and in files. Post Composer asks for it, or reads it with --password-stdin."))
    host, port = _host_and_port(place, text)
    user, dbname = unquote(login), unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
    if not at or not user:
        raise TeamSettingsError(_("The address names no login: write it as postgresql://NAME@{host}/DATABASE.").format(
            host=host or "SERVER"))
    if not host:
        raise TeamSettingsError(_("The address names no server: write it as postgresql://{user}@SERVER/DATABASE.")
                                .format(user=user))
    if not dbname or "/" in dbname:
        raise TeamSettingsError(_("The address names no database: write it as postgresql://{user}@{host}/DATABASE.")
                                .format(user=user, host=host))
    options: dict[str, str] = {}
    for key, value in query:
        if key not in _QUERY_KEYS:
            raise TeamSettingsError(_("Unknown setting '{key}' in the address: only sslmode and sslrootcert "
                                      "are read.").format(key=key))
        options[key] = value
    return make(host, port, dbname, user, options.get("sslmode") or "prefer", options.get("sslrootcert") or None)


def _host_and_port(place: str, url: str) -> tuple[str, int]:
    """``HOST[:PORT]`` (an IPv6 address in brackets) as host and port number."""
    if place.startswith("["):
        host, bracket, after = place[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise TeamSettingsError(_("'{url}' is not an address of a team library: {reason}.").format(
                url=_without_password(url), reason=_("an IPv6 address is written in brackets, [like::this]")))
        port_text = after[1:]
    else:
        host, _colon, port_text = place.partition(":")
        host = unquote(host)
    if not port_text:
        return host, DEFAULT_PORT
    if not port_text.isascii() or not port_text.isdigit():
        raise TeamSettingsError(_("Port {port} does not exist: a port is a number from 1 to 65535.").format(
            port=port_text))
    return host, int(port_text)


def make(host: str, port: int, dbname: str, user: str, sslmode: str = "prefer",
         sslrootcert: str | None = None) -> TeamSettings:
    """:class:`TeamSettings` after checking each part (:class:`TeamSettingsError` names what is wrong)."""
    if sslmode not in SSLMODES:
        raise TeamSettingsError(_("sslmode '{mode}' does not exist: one of {modes}.").format(
            mode=sslmode, modes=", ".join(SSLMODES)))
    if not 0 < port < 65536:
        raise TeamSettingsError(_("Port {port} does not exist: a port is a number from 1 to 65535.").format(port=port))
    for value in (host, dbname, user, sslrootcert or ""):
        if any(ord(ch) < 32 for ch in value):
            raise TeamSettingsError(_("The address holds a control character."))
    return TeamSettings(host, port, dbname, user, sslmode, sslrootcert)


def _without_password(text: str) -> str:
    """``text`` with whatever stands between ``:`` and ``@`` of its login replaced by ``***``."""
    scheme, sep, rest = text.partition("://")
    if not sep or "@" not in rest.split("/", 1)[0]:
        return text
    login, at, tail = rest.partition("@")
    if ":" in login:
        login = login.split(":", 1)[0] + ":***"
    return f"{scheme}{sep}{login}{at}{tail}"


# --- team.json --------------------------------------------------------------------------------------


def settings_path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_NAME


def load(data_dir: Path) -> TeamSettings | None:
    """The team library this data folder uses, or ``None`` (the local library).

    :class:`TeamSettingsError` for a ``team.json`` that cannot be read or
    does not say what it must (the message names the file).
    """
    path = settings_path(data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise TeamSettingsError(_("{file} cannot be read: {reason}").format(
            file=path, reason=error.strerror or error)) from error
    try:
        data: Any = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        fields = {key: data[key] for key in ("host", "port", "dbname", "user")}
        if not all(isinstance(fields[key], str) and fields[key] for key in ("host", "dbname", "user")):
            raise ValueError("host, dbname and user are texts")
        if not isinstance(fields["port"], int) or isinstance(fields["port"], bool):
            raise ValueError("port is a number")
        sslmode, sslrootcert = data.get("sslmode", "prefer"), data.get("sslrootcert")
        if not isinstance(sslmode, str) or not (sslrootcert is None or isinstance(sslrootcert, str)):
            raise ValueError("sslmode and sslrootcert are texts")
        return make(fields["host"], fields["port"], fields["dbname"], fields["user"], sslmode, sslrootcert or None)
    except (ValueError, KeyError, UnicodeDecodeError) as error:
        raise TeamSettingsError(_("{file} is damaged ({reason}): join the team again with "
                                  "post-composer team join.").format(file=path, reason=error)) from error


def save(data_dir: Path, settings: TeamSettings) -> None:
    """Write ``team.json`` whole or not at all (``OSError`` for a full disk or no permission)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(settings_path(data_dir), json.dumps(asdict(settings), indent=2, ensure_ascii=False) + "\n")


def forget(data_dir: Path) -> None:
    """Remove ``team.json``: the data folder uses its local library again (the local file was never changed)."""
    settings_path(data_dir).unlink(missing_ok=True)


# --- the password ------------------------------------------------------------------------------------


def password(settings: TeamSettings) -> str | None:
    """The password kept for ``settings``' login, or ``None``; :class:`CredentialStoreUnavailable` without a store."""
    backend = _keyring()
    try:
        found: str | None = backend.get_password(SERVICE, settings.keyring_name)
    except Exception as error:  # noqa: BLE001 - a backend raises what it likes (D-Bus, a locked keychain...)
        raise _unavailable(error) from error
    return found


def store_password(settings: TeamSettings, password: str) -> None:
    """Keep ``password`` for ``settings``' login in the credential store (never in a file)."""
    backend = _keyring()
    try:
        backend.set_password(SERVICE, settings.keyring_name, password)
    except Exception as error:  # noqa: BLE001 - see password()
        raise _unavailable(error) from error


def forget_password(settings: TeamSettings) -> None:
    """Remove the password kept for ``settings``' login (nothing happens when there is none)."""
    from keyring.errors import PasswordDeleteError

    backend = _keyring()
    try:
        backend.delete_password(SERVICE, settings.keyring_name)
    except PasswordDeleteError:
        pass
    except Exception as error:  # noqa: BLE001 - see password()
        raise _unavailable(error) from error


#: Backends that are no credential store: ``keyring``'s own "none found" and "forget everything", and
#: keyrings.alt's files (plain text, or encrypted with a password typed at every start).
_NOT_A_STORE = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file")


def _keyring() -> Any:
    """The credential store ``keyring`` chose (or was told to use); :class:`CredentialStoreUnavailable` if none."""
    import keyring

    backend = keyring.get_keyring()
    chained = getattr(backend, "backends", None)
    parts = list(chained) if chained is not None else [backend]
    if not parts or all(type(part).__module__.startswith(_NOT_A_STORE) for part in parts):
        raise _unavailable(None)
    return backend


def _unavailable(error: BaseException | None) -> CredentialStoreUnavailable:
    detail = f" ({error})" if error is not None and str(error) else ""
    return CredentialStoreUnavailable(
        _("No credential store can be used on this computer{detail}. Post Composer keeps the team password only "
          "in the system's own store (Windows Credential Manager, the macOS Keychain, or a Secret Service such as "
          "GNOME Keyring or KWallet on Linux), never in a plain file: start one, or ask your IT department.")
        .format(detail=detail))
