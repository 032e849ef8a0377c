"""The library's own rules: the line between professional and private, house style, approval (statement 4)."""

from __future__ import annotations

from collections.abc import Iterator

from composer.core.checklist.engine import Check, CheckContext, Status, rule, said
from composer.core.checklist.phrases import find_phrases
from composer.core.checklist.rules.private import privacy_checks
from composer.core.checklist.text import emoji
from composer.core.drafts.draft import Draft
from composer.core.drafts.final_text import FinalText, additions_line, compose, finals_for
from composer.core.i18n import _


@rule("privacy")
def privacy(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Nothing private slips into a post (statement 4): phone numbers, register numbers, mail (``private.py``)."""
    yield from privacy_checks(draft, context)


@rule("house_style")
def house_style(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """What the library configured: its name, forbidden words, emoji; the sign-off and tags export adds itself.

    Never asks the author to type the sign-off or a required hashtag: export
    and copy add them (see :mod:`composer.core.drafts.final_text`), so typing them as
    well would give them twice. The check says what will be added, once.
    """
    style = context.house_style
    if not style.configured:
        yield Check("house_style", Status.NA, _("No house style configured."), "4")
        return
    problems = list(_house_style_problems(draft, context))
    yield from problems
    added = additions_line(finals_for(draft, style))
    if added and problems:
        yield said("house_style", Status.PASS, _("Export adds: {added}").format(added=added), "4")
    elif added:
        yield said("house_style", Status.PASS,
                   _("Follows the house style; export adds the rest: {added}").format(added=added), "4")
    elif not problems:
        yield said("house_style", Status.PASS, _("Follows the house style."), "4")


def _house_style_problems(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """One warning per thing the house style asks that only the author can do (export adds the rest)."""
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
    if style.emoji_limit is not None:
        too_many = _emoji_past(compose(text, style, ""), style.emoji_limit)  # with the sign-off: posted too
        if too_many is not None:
            yield Check("house_style", Status.WARN, _("At most {n} emoji, says the house style.").format(
                n=style.emoji_limit), "4", ranges=too_many)


def _emoji_past(posted: FinalText, limit: int) -> tuple[tuple[int, int], ...] | None:
    """The typed ranges of the emoji of ``posted`` past ``limit``, ``None`` when it has no more than that."""
    parts = posted.parts(emoji)
    if parts is not None:  # the added text after the typed text: its emoji come last and have no typed range
        typed, added = parts
        return typed[limit:] if len(typed) + len(added) > limit else None
    found = emoji(posted.text)
    return posted.typed_ranges(found[limit:]) if len(found) > limit else None


@rule("review")
def review(draft: Draft, context: CheckContext) -> Iterator[Check]:
    """Approval by the communications service, when the library asks for it (statement 4)."""
    if not context.house_style.review_required:
        yield said("review", Status.NA, _("No approval needed."), "4")
    elif draft.approved:
        yield Check("review", Status.PASS, _("Approved by {name}.").format(name=draft.approved_by), "4")
    elif draft.approved_by:
        yield Check("review", Status.TODO, _("Changed since {name} approved it: ask for approval again.").format(
            name=draft.approved_by), "4", blocking=True)
    else:
        yield Check("review", Status.TODO, _("The communications service approves this draft before export."),
                    "4", blocking=True)
