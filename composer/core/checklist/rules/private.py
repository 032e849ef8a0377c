"""What looks private in a post: personal phone numbers, national register numbers, private e-mail addresses.

Phone numbers are read by ``phonenumbers`` (Google's libphonenumber data, any
country, however they are written) and register numbers checked by
``python-stdnum`` (``be.nn``, ``be.bis``: check digits *and* a possible date of
birth). Both are slow to import, so they load with the other checklist
libraries in :func:`composer.core.checklist.warm_up`, and only runs of digits
that could be a number are handed to them: typing costs a regular expression.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from composer.core.checklist.engine import Check, CheckContext, Status, said
from composer.core.checklist.text import Range, line, text_lines
from composer.core.checklist.walks import LineFindings, shift_ranges
from composer.core.checklist.word_lists import privacy_data
from composer.core.drafts.draft import Draft
from composer.core.i18n import _
from composer.core.networks.facts import network

HOME_REGION = "BE"  # a number without a country code is read as Belgian
MIN_DIGITS = 8  # fewer digits are a price, a date or a time, never a phone number
MAX_RUN = 32     # the longest way to write one number: "0032 (0) 475 / 12 34 56"

# a digit run with the separators numbers are written with: "+32 (0)475 12.34.56", "0032 475/12-34-56"
_CANDIDATE = regex.compile(r"(?<![\w+(])[+(]?\d[\d \u00a0./()\-]{6,}\d(?![\w])")
_NUMBER_START = regex.compile(r"(?<=\d)[ \u00a0]+(?=[+0])")  # "0475 12 34 56 0476 …": where a second begins
_NATIONAL_NUMBER = regex.compile(r"(?<!\d)\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}(?!\d)")
_EMAIL = regex.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def warm_up() -> None:
    """Import the number libraries and load Belgium's number data ahead of need (≈0.1 s, off the UI thread)."""
    from stdnum.be import bis, nn

    _matches("0475 12 34 56")  # phonenumbers loads a country's data and its matcher's patterns on first use
    nn.is_valid("85.07.30-033.28") or bis.is_valid("85.07.30-033.28")


@lru_cache(maxsize=1)
def _personal_types() -> frozenset[int]:
    """The kinds of number that belong to a person rather than a desk: mobiles and personal numbers."""
    import phonenumbers

    kinds = phonenumbers.PhoneNumberType
    return frozenset({kinds.MOBILE, kinds.FIXED_LINE_OR_MOBILE, kinds.PERSONAL_NUMBER})


def e164(phone: str) -> str:
    """``+32475123456`` for any way of writing a number (Belgian unless it says otherwise); "" if it is none."""
    import phonenumbers

    try:
        return phonenumbers.format_number(phonenumbers.parse(phone, HOME_REGION),
                                          phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return ""


@lru_cache(maxsize=16)
def _own_numbers(phones: tuple[str, ...]) -> frozenset[str]:
    return frozenset(filter(None, map(e164, phones)))


@lru_cache(maxsize=512)
def _personal_numbers_in(run: str) -> tuple[tuple[int, int, str], ...]:
    """The personal phone numbers in one digit run: ``(start, end, E.164)`` each.

    A run can hold several numbers ("0475 12 34 56 0476 11 22 33"): when the
    whole run is none, each piece starting with ``+`` or ``0`` is tried.
    """
    whole = _matches(run) if len(run) <= MAX_RUN else ()
    if whole:
        return whole
    found, start = [], 0
    for gap in [*_NUMBER_START.finditer(run), None]:
        end = gap.start() if gap else len(run)
        piece = run[start:end]
        if len(piece) <= MAX_RUN and piece != run and _digit_count(piece) >= MIN_DIGITS:
            found += [(start + a, start + b, number) for a, b, number in _matches(piece)]
        start = gap.end() if gap else end
    return tuple(found)


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


@lru_cache(maxsize=512)
def _matches(piece: str) -> tuple[tuple[int, int, str], ...]:
    import phonenumbers

    personal = _personal_types()
    return tuple((m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
                 for m in phonenumbers.PhoneNumberMatcher(piece, HOME_REGION, leniency=phonenumbers.Leniency.VALID)
                 if phonenumbers.number_type(m.number) in personal)


def personal_phones(text: str, own: Iterable[str] = ()) -> list[Range]:
    """Mobile and personal numbers in ``text``, of any country, except the library's ``own`` (compared as E.164)."""
    own_numbers = _own_numbers(tuple(own))
    found = []
    for candidate in _CANDIDATE.finditer(text):
        run = candidate.group()
        if _digit_count(run) < MIN_DIGITS:
            continue
        base = candidate.start()
        found += [(base + a, base + b) for a, b, number in _personal_numbers_in(run) if number not in own_numbers]
    return found


def national_numbers(text: str) -> list[Range]:
    """Belgian national register and BIS numbers that could be real: right check digits, a possible birth date."""
    matches = list(_NATIONAL_NUMBER.finditer(text))
    if not matches:
        return []
    from stdnum.be import bis, nn

    return [m.span() for m in matches if nn.is_valid(m.group()) or bis.is_valid(m.group())]


def private_mails(text: str, own: Iterable[str] = ()) -> list[Range]:
    """Addresses at a private mail provider (gmail.com, telenet.be, …), except the library's ``own``."""
    own_mails = {m.lower() for m in own}
    domains = _private_domains()
    return [m.span() for m in _EMAIL.finditer(text)
            if m.group(1).lower() in domains and m.group().lower() not in own_mails]


@lru_cache(maxsize=1)
def _private_domains() -> frozenset[str]:
    return frozenset(privacy_data()["private_mail_domains"])


def private_details(text: str, phones: Iterable[str] = (), mails: Iterable[str] = ()) -> list[Range]:
    """Everything private in ``text``, sorted; ``phones`` and ``mails`` are the library's own (house style)."""
    return list(_private_details(text, tuple(phones), tuple(mails)))


@lru_cache(maxsize=32)
def _private_details(text: str, phones: tuple[str, ...], mails: tuple[str, ...]) -> tuple[Range, ...]:
    """Line by line, each line cached (typing in one paragraph reads only that one again): a phone number or an
    address never runs over a line break, a register number only where a line ends and the next begins with a
    digit (then the whole text is read)."""
    if "\n" not in text or _number_may_cross_lines(text):
        return tuple(sorted(personal_phones(text, phones) + national_numbers(text) + private_mails(text, mails)))
    return tuple(sorted(_private_walk(phones, mails)(text)))


@lru_cache(maxsize=16)
def _private_walk(phones: tuple[str, ...], mails: tuple[str, ...]) -> LineFindings[Range]:
    """:func:`_private_in_line` of every line put together (the lines a recent text shares taken over)."""
    return LineFindings(lambda line_text, _first: _private_in_line(line_text, phones, mails), shift_ranges)


@lru_cache(maxsize=2048)
def _private_in_line(line_text: str, phones: tuple[str, ...], mails: tuple[str, ...]) -> tuple[Range, ...]:
    """A line's private details, stretch by stretch (each cached): cut where a sentence ends and the next begins
    with a letter, which no number or address runs over."""
    return tuple((start + a, start + b) for start, part in _stretches(line_text)
                 for a, b in _private_in(part, phones, mails))


@lru_cache(maxsize=4096)
def _private_in(text: str, phones: tuple[str, ...], mails: tuple[str, ...]) -> tuple[Range, ...]:
    numbers = personal_phones(text, phones) + national_numbers(text) if _DIGIT.search(text) else []
    return tuple(numbers + private_mails(text, mails)) if "@" in text else tuple(numbers)


#: A number needs a digit, an address an "@": a stretch without either (most sentences) has nothing to read.
_DIGIT = regex.compile(r"\d")


def _stretches(line_text: str) -> list[tuple[int, str]]:
    """The line's sentences (see ``lines.Line.chunks``), joined again where the next one does not begin with a
    letter after its space: a number's digits and separators can run on there ("0475. 12 34 56")."""
    out: list[tuple[int, str]] = []
    for start, part in line(line_text).chunks:
        if out and not part.text[1:2].isalpha():
            out[-1] = (out[-1][0], out[-1][1] + part.text)
        else:
            out.append((start, part.text))
    return out


def _number_may_cross_lines(text: str) -> bool:
    """Whether a register number could run over a line break (its separators may be any whitespace)."""
    lines, _starts = text_lines(text)
    return any(a[-1:].isdigit() and b[:1].isdigit() for a, b in zip(lines, lines[1:], strict=False))


def privacy_checks(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """The ``privacy`` rule: what looks private where it is — the shared text, each network's own version, and
    the house style's sign-off that export adds to every post."""
    style = context.house_style
    places: list[tuple[str | None, str, bool]] = [(None, draft.text, True)]  # (network or None, text, point)
    places += [(key, draft.network_texts[key], True) for key in draft.networks
               if draft.network_texts.get(key, draft.text) != draft.text]
    places.append((None, style.sign_off, False))
    warned = False
    for key, text, point in places:
        found = private_details(text, style.contact_phones, style.contact_emails)
        if found:
            warned = True
            yield _looks_private(key, text[slice(*found[0])], tuple(found) if point else ())
    if not warned:
        yield said("privacy", Status.PASS, _("Nothing private in sight."), "4")


def _looks_private(key: str | None, example: str, ranges: tuple[Range, ...]) -> Check:
    if key is None:
        message = _("This looks private ({example}): a personal phone number, e-mail address or national register "
                    "number does not belong in a post.").format(example=example)
    else:
        message = _("{network}: this looks private ({example}): a personal phone number, e-mail address or "
                    "national register number does not belong in a post.").format(network=network(key).name,
                                                                                    example=example)
    return Check("privacy", Status.WARN, message, "4", key, ranges)
