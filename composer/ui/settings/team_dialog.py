"""Settings → Team library…: which library this computer uses, joining a team library, and leaving it.

Joining is what ``post-composer team join`` does (the same core function,
:func:`~composer.core.storage.postgres.logins.join`): log in, keep the
password in the system's credential store and the address in ``team.json``.
Leaving is ``post-composer team leave``
(:func:`~composer.core.storage.postgres.logins.leave`). Logging in runs off
the UI thread. The library in use changes at the next start: the dialog
says so (the window keeps the library it opened, so nothing typed goes
elsewhere).

Signals:
    changed: this computer joined or left a team library.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.i18n import _
from composer.core.storage.paths import database_path
from composer.ui import accessibility, background
from composer.ui.window.team_face import role_words


class TeamDialog(QDialog):
    """See the module. Non-modal; ``message`` says the outcome of the last join or leave.

    Signals:
        changed: this computer joined or left a team library (it takes effect at the next start).
    """

    changed = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(_("Team library"))
        self.setObjectName("team-dialog")
        self.setMinimumWidth(520)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setObjectName("team-status")
        self.address = QLineEdit(self)
        self.address.setPlaceholderText("postgresql://NAME@SERVER/DATABASE")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.join_button = QPushButton(_("Join"), self)
        self.join_button.setDefault(True)
        self.leave_button = QPushButton(_("Leave the team library"), self)
        self.leave_button.setToolTip(_("Forget the team library's address and password on this computer. "
                                       "The local library was never changed and is used again."))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("team-message")
        self.working = False
        self._lay_out()
        self.join_button.clicked.connect(self.join)
        self.leave_button.clicked.connect(self.leave)
        self.show_status()
        accessibility.follow_the_eye(self)  # where this computer is and Leave above, joining under it

    def _lay_out(self) -> None:
        join_box = QGroupBox(_("Join a team library"), self)
        form = QFormLayout(join_box)
        hint = QLabel(_("Your IT department gives you the address and your password "
                        "(post-composer team add). The password is kept in the system's credential store, "
                        "never in a file."), join_box)
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(_("Address:"), self.address)
        form.addRow(_("Password:"), self.password)
        form.addRow("", self.join_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.leave_button)
        layout.addWidget(join_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def show_status(self) -> None:
        """Say which library this computer uses (from ``team.json``), and offer Leave only for a team library."""
        from composer.core.storage.postgres import credentials
        from composer.core.storage.postgres.opening import server_name

        try:
            settings = credentials.load(self.data_dir)
        except credentials.TeamSettingsError as error:
            self.status.setText(str(error))
            self.leave_button.setEnabled(True)
            return
        if settings is None:
            self.status.setText(_("This computer uses its local library: {path}").format(
                path=database_path(self.data_dir)))
            self.leave_button.setEnabled(False)
            return
        self.status.setText(_("This computer uses the team library {server} as {user}.\nAddress: {url}").format(
            server=server_name(settings), user=settings.user, url=settings.url()))
        self.leave_button.setEnabled(True)
        if not self.address.text():
            self.address.setText(settings.url())

    def say(self, text: str) -> None:
        self.message.setText(text)

    def join(self) -> None:
        """Log in with the address and password (off the UI thread); remember them once the server agrees."""
        from composer.core.storage.postgres.credentials import TeamSettingsError, parse_url
        from composer.core.storage.postgres.opening import server_name

        if self.working:
            return
        try:
            settings = parse_url(self.address.text())
        except TeamSettingsError as error:
            self.say(str(error))
            return
        password = self.password.text()
        if not password:
            self.say(_("Type the password your IT department gave you."))
            return
        self.working = True
        self.join_button.setEnabled(False)
        self.say(_("Logging in to {server}…").format(server=server_name(settings)))
        background.run(join_team, self.data_dir, settings, password, done=self._joined, failed=self._not_joined,
                       receiver=self)

    def _joined(self, text: str) -> None:
        self.working = False
        self.join_button.setEnabled(True)
        self.password.clear()
        self.show_status()
        self.say(text + "\n" + restart_text())
        self.changed.emit()

    def _not_joined(self, error: Exception) -> None:
        self.working = False
        self.join_button.setEnabled(True)
        self.say(refusal_text(error))

    def leave(self) -> None:
        """Forget the team library on this computer (the local library is used from the next start)."""
        from composer.core.storage.postgres import credentials, logins

        try:
            settings, note = logins.leave(self.data_dir)
        except credentials.TeamSettingsError as error:
            settings, note = None, str(error)
        except OSError as error:
            self.say(str(error))
            return
        self.show_status()
        lines = [note] if note else []
        if settings is not None:
            lines.append(_("This computer no longer uses the team library {url}; the password was forgotten.")
                         .format(url=settings.url()))
        lines.append(restart_text())
        self.say("\n".join(lines))
        self.changed.emit()


def restart_text() -> str:
    return _("Post Composer opens the other library at its next start: quit and start it again. Until then "
             "this window keeps working on the library it opened.")


def join_team(data_dir: Path, settings, password: str) -> str:
    """(Off the UI thread.) :func:`~composer.core.storage.postgres.logins.join`; what to tell the user."""
    from composer.core.storage.postgres import logins

    kinds, _earlier = logins.join(data_dir, settings, password)
    return _("This computer now uses the team library {server} as {user} ({roles}).").format(
        server=logins.server_name(settings), user=settings.user, roles=role_words(kinds))


def refusal_text(error: Exception) -> str:
    """Why joining did not work, in words (a bug only as itself)."""
    from composer.core.storage.errors import TeamError, describe
    from composer.core.storage.postgres.credentials import CredentialStoreUnavailable
    from composer.core.storage.postgres.logins import SettingsNotWritten

    if isinstance(error, TeamError):
        return describe(error)
    if isinstance(error, (CredentialStoreUnavailable, SettingsNotWritten)):
        return str(error)
    return _("Joining did not work: {error}").format(error=error)
