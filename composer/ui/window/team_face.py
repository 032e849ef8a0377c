"""What the window shows of the team library: where it works and as whom, and what the login's roles allow.

On the team library a permanent label in the status bar says "Team library:
composer on db.library.be — an (writer)"; actions a role does not allow are
disabled with a tooltip naming the role they need (the server would refuse
them anyway: :class:`~composer.core.storage.access.Access` is what the app
knows of its decision). On the local library nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from composer.core.i18n import _
from composer.core.storage.access import ACTIONS, APPROVER, REGISTER, ROLES, WRITER
from composer.ui.look import as_written

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton

    from composer.core.storage.store import Store


def role_words(roles: frozenset[str] | list[str]) -> str:
    """The roles in words, in the usual order: "writer, approver"."""
    words = {WRITER: _("writer"), APPROVER: _("approver"), REGISTER: _("register keeper")}
    return ", ".join(words[role] for role in ROLES if role in roles)


def needs_role(action: str) -> str:
    """The tooltip of something ``action`` (a key of :data:`ACTIONS`) needs and the login may not do."""
    return _("Only a colleague with the {role} role may do this in the team library; ask your IT department "
             "for it if you need it.").format(role=role_words([ACTIONS[action]]))


def where_text(store: Store) -> str:
    """ "Team library: composer on db.library.be — an (writer)"; "" on the local library."""
    access = store.access
    if not access.team:
        return ""
    server = getattr(store.db, "server", "") or store.path
    return _("Team library: {server} — {user} ({roles})").format(server=server, user=access.user,
                                                                 roles=role_words(access.roles))


def where_label(store: Store) -> QLabel | None:
    """The status bar's permanent label of the team library (``None`` on the local library)."""
    text = where_text(store)
    if not text:
        return None
    label = as_written(QLabel(text))
    label.setObjectName("team-library")
    label.setToolTip(_("Drafts, photos, the consent register and the house style are the team's, on this server. "
                       "Settings → Team library… shows more."))
    return label


def allow(store: Store, action: str, *widgets: QAction | QAbstractButton) -> bool:
    """Disable ``widgets`` with :func:`needs_role` as their tooltip unless the login may do ``action``."""
    may = store.access.may(action)
    if not may:
        for widget in widgets:
            widget.setEnabled(False)
            widget.setToolTip(needs_role(action))
    return may
