"""What a publication brought, as the librarian saw it on the network (issue 13, point 4).

Nothing is fetched from the networks: a few days after posting, the
librarian types what they see — reactions and comments, questions,
suggestions, shares, likes, the reach if the network shows it — and a note
("three people asked about the opening hours"). The roundtable's point is
kept in the order of :data:`COUNTS`: the dialogue (reactions, questions,
suggestions) comes first; likes are recorded but never the headline.

Figures are whole numbers from zero up, parsed from what was typed
(:func:`parse_count`: ``" 12 "`` is 12, an empty field 0, an empty reach
"unknown"); anything else is refused with a message naming the field. One
row per publication, saved again when edited later (:func:`save_feedback`).
:func:`due_for_feedback` lists the publications a gentle reminder asks about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from composer.core.drafts.draft import first_line
from composer.core.i18n import N_, _

if TYPE_CHECKING:
    from composer.core.storage.store import Store

#: The figures, in the order the form asks for them: dialogue first, likes last.
COUNTS: dict[str, str] = {
    "comments": N_("Reactions and comments"),
    "questions": N_("Questions"),
    "suggestions": N_("Suggestions"),
    "shares": N_("Shares"),
    "likes": N_("Likes"),
}
REACH = N_("Reach")
#: A reminder asks about a post this many days after it was published ...
DUE_AFTER_DAYS = 3
#: ... and no longer once it is this old (what a network shows of an old post fades; years of a library's
#: history before this feature existed are not asked about all at once).
DUE_WITHIN_DAYS = 30
MAX_COUNT = 1_000_000_000  # more than any library's post reaches: a typing mistake
MAX_NOTE = 2000
_WHOLE = re.compile(r"\d+")


class FeedbackError(ValueError):
    """Feedback refused, with a translated message to show as is; nothing was written.

    ``field``: the figure it is about (a key of :data:`COUNTS`, ``reach`` or ``note``), if any.
    """

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Feedback:
    """What one publication brought. ``reach`` ``None``: not known."""

    publication_id: int
    comments: int = 0
    questions: int = 0
    suggestions: int = 0
    shares: int = 0
    likes: int = 0
    reach: int | None = None
    note: str = ""
    recorded_at: str = ""
    recorded_by: str = ""

    @property
    def dialogue(self) -> int:
        """Reactions, questions and suggestions: what the roundtable counts as return (likes apart)."""
        return self.comments + self.questions + self.suggestions


@dataclass(frozen=True)
class DuePublication:
    """A publication waiting for its feedback (or one to show in the feedback list)."""

    publication_id: int
    draft_id: int
    network: str
    published_at: date
    link: str
    first_line: str
    has_feedback: bool = False


def parse_count(text: str, label: str, optional: bool = False) -> int | None:
    """A whole number ≥ 0 from what was typed in field ``label`` (translated); empty is 0, or ``None`` when
    ``optional`` (not known). :class:`FeedbackError` names the field otherwise."""
    cleaned = text.strip().replace("\u202f", "").replace("\u00a0", "")
    if not cleaned:
        return None if optional else 0
    if cleaned.startswith("-") and _WHOLE.fullmatch(cleaned[1:]):
        raise FeedbackError(_("{field}: a number cannot be below zero ({text}).").format(field=label, text=cleaned))
    if not _WHOLE.fullmatch(cleaned):
        raise FeedbackError(_("{field}: “{text}” is not a whole number. Type what you see, e.g. 3, or leave it "
                              "empty.").format(field=label, text=cleaned[:20]))
    value = int(cleaned)
    if value > MAX_COUNT:
        raise FeedbackError(_("{field}: {text} is more than any post reaches: check the number.").format(
            field=label, text=cleaned))
    return value


def feedback_from_texts(publication_id: int, texts: Mapping[str, str], note: str = "") -> Feedback:
    """The feedback typed into a form: ``texts`` maps each of :data:`COUNTS` and ``reach`` to what was typed
    (a missing key is an empty field). Every field is checked; the first problem is raised."""
    def figure(key: str, label: str) -> int | None:
        try:
            return parse_count(texts.get(key, ""), _(label), optional=key == "reach")
        except FeedbackError as error:
            raise FeedbackError(str(error), key) from None

    n = {key: figure(key, label) or 0 for key, label in COUNTS.items()}
    return Feedback(publication_id, n["comments"], n["questions"], n["suggestions"], n["shares"], n["likes"],
                    figure("reach", REACH), _check_note(note))


def _check_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise FeedbackError(_("The note is too long: at most {count} characters.").format(count=MAX_NOTE), "note")
    return note


def _check(feedback: Feedback) -> None:
    """Whole numbers from zero up, also when given as numbers rather than typed."""
    for key in (*COUNTS, "reach"):
        value = getattr(feedback, key)
        if key == "reach" and value is None:
            continue
        label = _(COUNTS.get(key, REACH))
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            raise FeedbackError(_("{field}: a whole number from 0 up, please.").format(field=label), key)
    _check_note(feedback.note)


def save_feedback(store: Store, feedback: Feedback, author: str) -> Feedback:
    """Keep ``feedback`` (replacing what was recorded for that publication before); the feedback as stored."""
    _check(feedback)
    if store.db.one("SELECT 1 FROM publications WHERE id = ?", [feedback.publication_id]) is None:
        raise FeedbackError(_("This publication is not in the log (any more)."))
    from composer.core.storage.store import now

    columns = [*COUNTS, "reach", "note"]
    updates = ", ".join(f"{name} = excluded.{name}" for name in [*columns, "recorded_at", "recorded_by"])
    store.db.execute(
        f"INSERT INTO feedback (publication_id, {', '.join(columns)}, recorded_at, recorded_by)"
        f" VALUES (?, {', '.join('?' for _ in columns)}, ?, ?)"
        f" ON CONFLICT (publication_id) DO UPDATE SET {updates}",
        [feedback.publication_id, *(getattr(feedback, name) for name in columns), now(), store.author(author)])
    found = get_feedback(store, feedback.publication_id)
    assert found is not None
    return found


_FIELDS = ", ".join(f.name for f in fields(Feedback))


def get_feedback(store: Store, publication_id: int) -> Feedback | None:
    """What was recorded for a publication, or ``None``."""
    row = store.db.one(f"SELECT {_FIELDS} FROM feedback WHERE publication_id = ?", [publication_id])
    return Feedback(*row) if row is not None else None


_LISTED = ("SELECT p.id, p.draft_id, p.network, p.published_at, p.link, substr(d.text, 1, 300),"
           " CASE WHEN f.publication_id IS NULL THEN 0 ELSE 1 END"
           " FROM publications p JOIN drafts d ON d.id = p.draft_id"
           " LEFT JOIN feedback f ON f.publication_id = p.id")


def _listed(rows: list[tuple[Any, ...]]) -> list[DuePublication]:
    return [DuePublication(id_, draft, key, date.fromisoformat(day), link, first_line(text), bool(done))
            for id_, draft, key, day, link, text, done in rows]


def due_for_feedback(store: Store, today: date, after_days: int = DUE_AFTER_DAYS,
                     within_days: int = DUE_WITHIN_DAYS) -> list[DuePublication]:
    """Publications published at least ``after_days`` days before ``today`` (and at most ``within_days``)
    with no feedback yet, oldest first."""
    latest, earliest = today - timedelta(days=after_days), today - timedelta(days=within_days)
    return _listed(store.db.all(
        f"{_LISTED} WHERE f.publication_id IS NULL AND p.published_at BETWEEN ? AND ?"
        " ORDER BY p.published_at, p.id", [earliest.isoformat(), latest.isoformat()]))


def recent_publications(store: Store, today: date, days: int = DUE_WITHIN_DAYS) -> list[DuePublication]:
    """Every publication of the last ``days`` days, with or without feedback, newest first (the feedback list)."""
    return _listed(store.db.all(f"{_LISTED} WHERE p.published_at >= ? ORDER BY p.published_at DESC, p.id DESC",
                                [(today - timedelta(days=days)).isoformat()]))
