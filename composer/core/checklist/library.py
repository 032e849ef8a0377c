"""The library's own rules: the line between professional and private, house style, approval (statement 4)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from composer.core.checklist.engine import Check, CheckContext, Status, rule
from composer.core.checklist.text import emoji, find_phrases, hashtags, privacy_data
from composer.core.drafts import Draft
from composer.core.i18n import _
from composer.core.platforms import network

_MOBILE = regex.compile(r"(?<![\d+])(?:\+32|0032|0)[\s.]?4[5-9]\d(?:[\s./-]?\d{2}){3}(?!\d)")
_NATIONAL_NUMBER = regex.compile(r"(?<!\d)(\d{2})[.\s]?(\d{2})[.\s]?(\d{2})[-\s]?(\d{3})[.\s]?(\d{2})(?!\d)")
_EMAIL = regex.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def _digits(phone: str) -> str:
    """A Belgian phone number in one form: ``0475123456``."""
    digits = regex.sub(r"\D", "", phone)
    for prefix in ("0032", "32"):
        if digits.startswith(prefix) and not phone.strip().startswith("0" + prefix[-2:]):
            return "0" + digits[len(prefix):]
    return digits


def _national_number_valid(match: regex.Match) -> bool:
    """The register number's check digits: 97 minus the first nine digits modulo 97 (born in 2000+: with a 2 before)."""
    first, check = "".join(match.groups()[:4]), int(match.group(5))
    return any(97 - int(prefix + first) % 97 == check for prefix in ("", "2"))


def private_details(text: str, context: CheckContext) -> list[tuple[int, int]]:
    """Mobile numbers, national register numbers and private e-mail addresses that are not the library's own."""
    own_phones = {_digits(p) for p in context.house_style.contact_phones}
    own_mails = {m.lower() for m in context.house_style.contact_emails}
    private_domains = set(privacy_data()["private_mail_domains"])
    found = [m.span() for m in _MOBILE.finditer(text) if _digits(m.group()) not in own_phones]
    found += [m.span() for m in _NATIONAL_NUMBER.finditer(text) if _national_number_valid(m)]
    found += [m.span() for m in _EMAIL.finditer(text)
              if m.group(1).lower() in private_domains and m.group().lower() not in own_mails]
    return sorted(found)


@rule("privacy")
def privacy(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Nothing private slips into a post (statement 4)."""
    texts = {draft.text, *draft.network_texts.values()}
    found = private_details(draft.text, context)
    elsewhere = any(private_details(t, context) for t in texts - {draft.text})
    if found or elsewhere:
        example = draft.text[slice(*found[0])] if found else ""
        yield Check("privacy", Status.WARN, _("This looks private ({example}): a personal phone number, e-mail "
                                              "address or national register number does not belong in a post."
                                              ).format(example=example or "…"), "4", ranges=tuple(found))
    else:
        yield Check("privacy", Status.PASS, _("Nothing private in sight."), "4")


@rule("house_style")
def house_style(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """What the library configured: its name, required hashtags, forbidden words, emoji, sign-off."""
    style = context.house_style
    if not style.configured:
        yield Check("house_style", Status.NA, _("No house style configured."), "4")
        return
    problems = list(_house_style_problems(draft, context))
    yield from problems
    if not problems:
        yield Check("house_style", Status.PASS, _("Follows the house style."), "4")


def _house_style_problems(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """One warning per thing the house style asks that the draft does not do."""
    style = context.house_style
    text = draft.text
    wrong = find_phrases(text, style.name_variants)
    if wrong and style.library_name:
        yield Check("house_style", Status.WARN, _("Write \u201c{name}\u201d, not \u201c{wrong}\u201d.").format(
            name=style.library_name, wrong=text[slice(*wrong[0])]), "4", ranges=tuple(wrong))
    forbidden = find_phrases(text, style.forbidden_words)
    if forbidden:
        yield Check("house_style", Status.WARN, _("The house style avoids \u201c{word}\u201d.").format(
            word=text[slice(*forbidden[0])]), "4", ranges=tuple(forbidden))
    if style.emoji_limit is not None and len(emoji(text)) > style.emoji_limit:
        yield Check("house_style", Status.WARN, _("At most {n} emoji, says the house style.").format(
            n=style.emoji_limit), "4", ranges=emoji(text)[style.emoji_limit:])
    if style.sign_off and not text.rstrip().endswith(style.sign_off.strip()):
        yield Check("house_style", Status.WARN, _("End with the sign-off \u201c{sign_off}\u201d.").format(
            sign_off=style.sign_off.strip()), "4")
    for key in draft.networks:
        present = {tag.lower() for _span, tag in hashtags(draft.text_for(key))}
        missing = [t for t in style.hashtags_for(key) if t.lstrip("#").lower() not in present]
        if missing:
            yield Check("house_style", Status.WARN, _("{network}: add {tags}.").format(
                network=network(key).name, tags=" ".join(missing)), "4", key)


@rule("review")
def review(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Approval by the communications service, when the library asks for it (statement 4)."""
    if not context.house_style.review_required:
        yield Check("review", Status.NA, _("No approval needed."), "4")
    elif draft.approved:
        yield Check("review", Status.PASS, _("Approved by {name}.").format(name=draft.approved_by), "4")
    elif draft.approved_by:
        yield Check("review", Status.TODO, _("Changed since {name} approved it: ask for approval again.").format(
            name=draft.approved_by), "4", blocking=True)
    else:
        yield Check("review", Status.TODO, _("The communications service approves this draft before export."),
                    "4", blocking=True)
