"""Templates: shared starts for a new draft ("New acquisition", "Event"), kept in the house style.

A template holds a draft's shared text, networks, purpose and audience (a network's own version is left
out: it is about one post). *File → New from template* makes a draft of one (:func:`draft_fields`);
*File → Save as template…* makes one of the open draft (:func:`template_from_draft`) and puts it in the
house style (:func:`with_template`), in place of a template of the same name (names compare without
regard to case). What comes out is checked as the house-style file is, so a template the file would
refuse is never saved.

>>> from composer.core.drafts.draft import Draft
>>> from composer.core.house_style import HouseStyle
>>> style = with_template(HouseStyle(), template_from_draft(" Event ", Draft(text="Kom!", networks=("x",))))
>>> [t.name for t in style.templates], draft_fields(style.templates[0])["networks"]
(['Event'], ('x',))
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from composer.core.house_style import DraftTemplate, HouseStyle, HouseStyleError
from composer.core.i18n import _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from composer.core.drafts.draft import Draft


def template_from_draft(name: str, draft: Draft) -> DraftTemplate:
    """A template named ``name`` of ``draft``'s shared text, networks, purpose and audience."""
    name = name.strip()
    if not name:
        raise HouseStyleError(_("A template needs a name."))
    return DraftTemplate(name, draft.text, tuple(draft.networks), draft.purpose or None, draft.audience or None)


def find_template(style: HouseStyle, name: str) -> DraftTemplate | None:
    """The template of that name (in any case), or ``None``."""
    wanted = name.strip().casefold()
    return next((t for t in style.templates if t.name.casefold() == wanted), None)


def with_template(style: HouseStyle, template: DraftTemplate) -> HouseStyle:
    """``style`` with ``template``: in the place of one of the same name, else last.

    :class:`HouseStyleError` (the house-style file's own words) if the result could not be kept.
    """
    kept = list(style.templates)
    same = find_template(style, template.name)
    if same is None:
        kept.append(template)
    else:
        kept[kept.index(same)] = template
    return _checked(replace(style, templates=tuple(kept)))


def without_template(style: HouseStyle, name: str) -> HouseStyle:
    """``style`` without the template of that name."""
    gone = find_template(style, name)
    return replace(style, templates=tuple(t for t in style.templates if t is not gone))


def renamed(templates: Sequence[DraftTemplate], names: Sequence[str]) -> tuple[DraftTemplate, ...]:
    """``templates`` under ``names`` (the house style dialog's table); a blank name or one used twice is a
    :class:`HouseStyleError` that says which."""
    seen: set[str] = set()
    found = []
    for template, name in zip(templates, names, strict=True):
        name = name.strip()
        if not name:
            raise HouseStyleError(_("Templates: every template needs a name"))
        if name.casefold() in seen:
            raise HouseStyleError(_("Templates: two are named “{name}”").format(name=name))
        seen.add(name.casefold())
        found.append(replace(template, name=name))
    return tuple(found)


def draft_fields(template: DraftTemplate) -> dict[str, Any]:
    """What a new draft from ``template`` starts with, as ``Store.create`` takes it (networks in the
    usual order)."""
    from composer.core.networks.facts import NETWORKS

    return {"text": template.text, "networks": tuple(n for n in NETWORKS if n in template.networks),
            "purpose": template.purpose, "audience": template.audience}


def _checked(style: HouseStyle) -> HouseStyle:
    """``style`` as the house-style file would give it back; :class:`HouseStyleError` if it refuses it."""
    return HouseStyle.from_dict(style.to_dict())
