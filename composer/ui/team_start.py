"""Opening the team library at start-up, when the data folder has a ``team.json`` (``post-composer team join``).

The password comes from the system's credential store; when none is kept
there, or the server refuses it, the user is asked for it
(:func:`~composer.ui.start_messages.ask_password`) and a password that works
is kept in the credential store again. A server out of reach, a login
without a team role, a schema older or newer than this app: the clear
message of :func:`~composer.core.storage.errors.describe`, with the choice to
try again or to quit. The local library is never opened instead: the user
would write where no colleague sees it.

Only loaded when a data folder uses a team library: the local library's
start-up never loads ``psycopg`` or ``keyring``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from composer.core.i18n import _
from composer.core.storage.errors import TeamError, WrongPassword, describe
from composer.core.storage.postgres import credentials
from composer.ui import start_messages

if TYPE_CHECKING:
    from composer.core.storage.store import Store

def uses_team(data_dir: Path) -> bool:
    """Whether ``data_dir`` uses a team library (it has a ``team.json``)."""
    return credentials.settings_path(data_dir).exists()


def open_team_library(data_dir: Path) -> Store | None:
    """The team library ``data_dir`` uses, or ``None`` once the user was told why not (or chose to quit)."""
    from composer.core.storage.postgres.opening import open_team, server_name

    found = _settings_and_password(data_dir)
    if found is None:
        return None
    settings, password = found
    typed = False
    reason = _("No password is kept on this computer for the login {user}.").format(user=settings.user)
    for _attempt in range(100):  # (each round asks the user something)
        if password is None:
            password = start_messages.ask_password(
                _("Password for the team library"),
                _("{reason}\n\nPassword of {user} for the team library {server}:").format(
                    reason=reason, user=settings.user, server=server_name(settings)))
            if password is None:
                return None
            typed = True
        try:
            store = open_team(settings, password, data_dir)
        except WrongPassword as error:
            reason, password = describe(error), None
            continue
        except TeamError as error:
            choice = start_messages.ask_choice(_("Post Composer cannot start"), describe(error),
                                               [("retry", _("Try again")), ("quit", _("Quit"))], default="quit")
            if choice == "retry":
                continue
            return None
        return _keep_password(store, settings, password) if typed else store
    return None


def _settings_and_password(data_dir: Path) -> tuple[credentials.TeamSettings, str | None] | None:
    """``team.json`` and the kept password (``None``: none kept); ``None`` once the user was told why not."""
    title = _("Post Composer cannot start")
    try:
        settings = credentials.load(data_dir)
        if settings is None:  # gone since the file was seen
            raise credentials.TeamSettingsError(_("{file} disappeared while Post Composer started; start it "
                                                  "again.").format(file=credentials.settings_path(data_dir)))
        return settings, credentials.password(settings)
    except (credentials.TeamSettingsError, credentials.CredentialStoreUnavailable) as error:
        start_messages.show_message(title, str(error))
        return None


def _keep_password(store: Store, settings: credentials.TeamSettings, password: str) -> Store | None:
    """A typed password that works, kept in the credential store: the saver and the export connect with it."""
    try:
        credentials.store_password(settings, password)
    except credentials.CredentialStoreUnavailable as error:
        store.close()
        start_messages.show_message(_("Post Composer cannot start"), str(error))
        return None
    return store
