"""Who works through a store and what they may do: the login and its roles on the team database, or
everything for a librarian alone.

On the team database the server decides (``postgres/roles.py``, its triggers);
:class:`Access` is what the app knows of that decision when it opens the
library (``pg_has_role`` for each role, ``has_column_privilege`` for contact
details), so the window can leave out what would be refused and say why,
instead of letting the server refuse it. A librarian alone on the local file
has every role (:data:`ALONE`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The team's roles, as ``post-composer team add NAME --role ROLE`` names them.
WRITER, APPROVER, REGISTER = "writer", "approver", "register"
ROLES = (WRITER, APPROVER, REGISTER)

#: What :meth:`Access.may` knows, and the role each needs.
ACTIONS: dict[str, str] = {
    "write": WRITER,          # drafts, photos, crops, who is in a photo, the publication log
    "approve": APPROVER,      # approve a colleague's draft (never one's own: the server sees to that)
    "house_style": APPROVER,  # change the shared house style
    "register": REGISTER,     # consent records, contact details, dates of birth, evidence scans, erasure
    "delete_photos": REGISTER,
}


@dataclass(frozen=True)
class Access:
    """The login (``None`` alone: the name then comes from the settings) and its roles (see the module).

    ``sees_contacts``: may read people's contact details and dates of birth
    (checked once per connection; for others they read as empty).
    """

    user: str | None
    roles: frozenset[str]
    sees_contacts: bool = True

    def may(self, action: str) -> bool:
        """Whether the login may do ``action`` (a key of :data:`ACTIONS`); ``KeyError`` for an unknown one."""
        return ACTIONS[action] in self.roles

    @property
    def team(self) -> bool:
        return self.user is not None


#: A librarian alone: every role, every column.
ALONE = Access(None, frozenset(ROLES), True)
