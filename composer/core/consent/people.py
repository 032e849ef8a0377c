"""The people in the register, and who must consent for them at their age.

As little as the proof needs: a name (or pseudonym), a contact only so they
can withdraw, and a date of birth, from which :func:`who_must_consent`
suggests (never enforces) who consents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from composer.core.consent import clock
from composer.core.consent.clock import iso_moment
from composer.core.consent.terms import ConsentError, Party, as_date, malformed
from composer.core.consent.validation import check, check_sensible, check_text
from composer.core.i18n import _

if TYPE_CHECKING:
    from composer.core.storage.store import Store

ADULT_AGE = 18


@dataclass(frozen=True)
class Person:
    """Someone in the register: as little as the proof needs."""

    id: int
    name: str
    contact: str = ""
    birth_date: date | None = None
    created_at: str = ""
    created_by: str = ""
    erased_at: str | None = None

    @property
    def display_name(self) -> str:
        """The name, or the translated pseudonym once erased (GDPR art. 17)."""
        if self.erased_at:
            return _("Erased person #{id}").format(id=self.id)
        return self.name

    def age(self, on: date | None = None) -> int | None:
        return None if self.birth_date is None else age_on(self.birth_date, on or clock.today())

    def minor(self, on: date | None = None) -> bool:
        age = self.age(on)
        return age is not None and age < ADULT_AGE


@dataclass(frozen=True)
class Suggestion:
    """Who should consent, from the age: advice for the librarian, never enforced."""

    roles: tuple[str, ...]
    text: str
    age: int | None = None


def age_on(birth: date, on: date) -> int:
    """Completed years on ``on``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def who_must_consent(birth_date: date | None, on: date | None = None) -> Suggestion:
    """Flemish practice (consent.md): under 12 a parent or guardian, 12-13 child and parent, 14+ the young person.

    ``parent`` in :attr:`Suggestion.roles` means a parent or a guardian.
    """
    birth = as_date(birth_date)  # the window may hand over an ISO text
    if birth is None:
        return Suggestion(("self",), _("No date of birth: an adult consents for themselves."))
    age = age_on(birth, on or clock.today())
    if age < 12:
        return Suggestion(("parent",), _("Under 12: a parent or guardian consents."), age)
    if age < 14:
        return Suggestion(("self", "parent"), _("12 or 13: safest is the child and a parent together."), age)
    if age < ADULT_AGE:
        return Suggestion(("self",), _("14 or older: the young person consents."), age)
    return Suggestion(("self",), _("An adult consents for themselves."), age)


def party_advice(birth_date: date | None, parties: Iterable[Party], on: date | None = None) -> str | None:
    """The suggestion's text when ``parties`` lack a suggested role; ``None`` when they match."""
    suggestion = who_must_consent(birth_date, on)
    roles = {"parent" if p.role == "guardian" else p.role for p in parties}
    return None if set(suggestion.roles) <= roles else suggestion.text


def add_person(store: Store, name: str, author: str, contact: str = "", birth_date: date | None = None) -> Person:
    """Put someone in the register (name or pseudonym; contact only so they can withdraw)."""
    if not (isinstance(name, str) and isinstance(contact, str) and isinstance(author, str)):
        raise malformed("person")
    name = name.strip()
    check_text(name, _("A person needs a name (or a pseudonym)."))
    check_text(contact)
    birth = as_date(birth_date)
    if birth is not None:
        check(birth <= clock.today(), _("The date of birth ({date}) is in the future.").format(
            date=birth.isoformat()))
        check_sensible(birth)
    stamp = iso_moment(clock.now())
    person_id = store.db.insert(
        "INSERT INTO people (name, contact, birth_date, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
        [name, contact.strip(), birth.isoformat() if birth else None, stamp, author])
    return Person(person_id, name, contact.strip(), birth, stamp, store.author(author))


_PERSON_SQL = "SELECT id, name, contact, birth_date, created_at, created_by, erased_at FROM people"
#: The same for a login that may not read contact details and dates of birth (a writer on the team
#: database, GDPR minimisation): they read as empty.
_PERSON_SQL_WITHOUT_CONTACT = "SELECT id, name, '', NULL, created_at, created_by, erased_at FROM people"


def _person_sql(store: Store) -> str:
    return _PERSON_SQL if store.access.sees_contacts else _PERSON_SQL_WITHOUT_CONTACT


def _person(row: tuple[Any, ...]) -> Person:
    id_, name, contact, birth, created_at, created_by, erased_at = row
    return Person(id_, name, contact, date.fromisoformat(birth) if birth else None, created_at, created_by, erased_at)


def get_person(store: Store, person_id: int) -> Person:
    """Person ``person_id``, or :class:`ConsentError` when the register has nobody by that id."""
    row = store.db.one(f"{_person_sql(store)} WHERE id = ?", [person_id])
    if row is None:
        raise ConsentError(_("There is no person #{id} in the register.").format(id=person_id))
    return _person(row)


def people(store: Store, person_ids: Iterable[int] | None = None) -> dict[int, Person]:
    """The people with ``person_ids`` (everyone when ``None``), by id; unknown ids are left out."""
    if person_ids is None:
        rows = store.db.all(_person_sql(store))
    else:
        wanted, params = store.db.in_list(sorted(set(person_ids)), "bigint")
        rows = store.db.all(f"{_person_sql(store)} WHERE id IN {wanted}", params)
    return {row[0]: _person(row) for row in rows}
