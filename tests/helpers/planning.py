"""Posts, their writing time and their feedback written straight into a store, for the report's and the
statistics' tests (the app's own forms for effort and feedback are tested elsewhere).

On the team database the server writes the login as the author of an effort row, whatever is sent.
"""

from __future__ import annotations

from datetime import date

from composer.core.storage.store import Store, now

AUTHOR = "An Peeters"


def new_draft(store: Store, purpose: str | None = "dialogue", audience: str | None = "students",
              author: str = AUTHOR, text: str = "Welk boek raad jij aan?") -> int:
    return store.create(author, text=text, networks=("instagram", "facebook"), purpose=purpose,
                        audience=audience).id


def publish(store: Store, draft_id: int, network: str, day: date | str, link: str = "") -> int:
    """A publication row (as "Mark as published" writes it, without the photos)."""
    day = day if isinstance(day, str) else day.isoformat()
    return store.db.insert("INSERT INTO publications (draft_id, network, published_at, link, recorded_at, recorded_by)"
                           " VALUES (?, ?, ?, ?, ?, ?)", [draft_id, network, day, link, now(), AUTHOR])


def spend(store: Store, draft_id: int, minutes: float, author: str = AUTHOR, extra_minutes: float = 0,
          note: str = "") -> None:
    """``author``'s time on the draft: ``minutes`` measured, ``extra_minutes`` corrected by hand."""
    store.db.execute("INSERT INTO effort (draft_id, author, writing_seconds, extra_seconds, note, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     [draft_id, author, round(minutes * 60), round(extra_minutes * 60), note, now()])


def feedback(store: Store, publication_id: int, comments: int = 0, questions: int = 0, suggestions: int = 0,
             shares: int = 0, likes: int = 0, reach: int | None = None, note: str = "") -> None:
    store.db.execute("INSERT INTO feedback (publication_id, comments, questions, suggestions, shares, likes, reach,"
                     " note, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [publication_id, comments, questions, suggestions, shares, likes, reach, note, now(), AUTHOR])


def post(store: Store, network: str, day: date | str, responses: int | None = None, *, purpose: str | None = "dialogue",
         audience: str | None = "students", minutes: float = 0, likes: int = 0, shares: int = 0) -> int:
    """A draft published once on ``network`` on ``day``, with ``minutes`` of writing and (unless ``responses``
    is ``None``) feedback: ``responses`` comments, and ``likes`` and ``shares``; the publication's id."""
    draft_id = new_draft(store, purpose, audience)
    if minutes:
        spend(store, draft_id, minutes)
    publication = publish(store, draft_id, network, day)
    if responses is not None:
        feedback(store, publication, comments=responses, likes=likes, shares=shares)
    return publication
