"""Who may approve a draft: never whoever wrote it or changed it last.

On the team database the server enforces this from the logins
(``approval_not_own_draft`` in ``storage/postgres/migrations.py``). Alone on
the local file there are no logins, only the names typed on this computer:
:func:`refusal` still refuses the draft's own author or last editor by name,
and :data:`ALONE_NOTE` says what such an approval is worth and how a team
library makes it a real one.
"""

from __future__ import annotations

from composer.core.drafts.draft import Draft
from composer.core.i18n import N_, _

#: Said beside the approver's name on the local library: a name typed here proves nothing.
ALONE_NOTE = N_("On this computer's own library an approval is a name typed here. For approvals that count, "
                "with each colleague's own login, your IT department sets up a team library "
                "(post-composer team create; see the README).")


class ApprovalRefused(ValueError):
    """The approval may not be recorded; the message (translated) says why."""


def same_person(a: str, b: str) -> bool:
    """Whether two typed names are one person's: case, accents' composition and spacing ignored."""
    import unicodedata

    def plain(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).casefold().split())

    return bool(plain(a)) and plain(a) == plain(b)


def refusal(draft: Draft, approver: str) -> str | None:
    """Why ``approver`` may not approve ``draft`` (a translated sentence), or ``None`` when they may."""
    if not approver.strip():
        return _("Type the name of the colleague who read the draft.")
    if any(same_person(approver, author) for author in (draft.created_by, draft.updated_by)):
        return _("{name} wrote or last changed this draft: a colleague approves it, never its own author.").format(
            name=approver.strip())
    return None


def check(draft: Draft, approver: str) -> None:
    """Raise :class:`ApprovalRefused` when ``approver`` may not approve ``draft``."""
    reason = refusal(draft, approver)
    if reason is not None:
        raise ApprovalRefused(reason)
