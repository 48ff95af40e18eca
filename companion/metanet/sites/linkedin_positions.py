"""LinkedIn: a member's work and education, with their years.

From the public page's JSON-LD (``worksFor``/``alumniOf`` with OrganizationRole dates),
the logged-in experience and education sections (found from their anchors' ids), and
the 2016 and 2013 public markup. The 2017 logged-in data carries them as entities
(``linkedin_voyager.py``).
"""

from __future__ import annotations

import re

from metanet.model import Position, PositionKind
from metanet.sites import periods, tree
from metanet.sites.linkedin_asides import PROFILE_ENTITY
from metanet.sites.page import ld_text, types
from metanet.sites.text import clean_url

_has = tree.has_class
_all = tree.classes

_DATES = re.compile(r"(?:19|20)\d\d")


def from_markup(
    root: tree.Element, html: str, cards: dict[str, list[tree.Element]]
) -> list[Position]:
    """Work and education as the markup lists them: the logged-in (2024+) cards'
    entries (see ``linkedin_asides.card_entities``), the public 2016 and 2013 pages."""
    positions: list[Position] = []
    for section, kind in (("experience", PositionKind.WORK), ("education", PositionKind.EDUCATION)):
        for entity in cards.get(section, [])[:50]:
            if tree.first(entity, PROFILE_ENTITY) is not None:
                continue  # a group of roles at one organisation: its roles are read
            position = _entity_position(entity, kind)
            if position is not None:
                positions.append(position)
    items = (
        tree.xpath(root, f'//*[@id="experience"]//li[{_has("position")}]')
        if ('class="position"' in html)
        else []
    )
    for item in items[:50]:
        period = tree.first_text(item, f".//*[{_has('date-range')}]")
        organisation = tree.first_text(item, f".//*[{_has('item-subtitle')}]")
        if organisation:
            title = tree.first_text(item, f".//*[{_has('item-title')}]")
            positions.append(periods.position(organisation, PositionKind.WORK, title, period))
    items = tree.xpath(root, f"//*[{_all('position', 'vevent')}]") if "vevent" in html else []
    for item in items[:50]:
        education = "education" in (item.get("class") or "").split()
        organisation = tree.first_text(item, f".//*[{_has('org')}]")
        if not organisation:
            continue
        period = tree.first_text(item, f".//*[{_has('period')}]")
        title = tree.first_text(
            item, f".//*[{_has('details-education')}]" if education else f".//*[{_has('title')}]"
        )
        kind = PositionKind.EDUCATION if education else PositionKind.WORK
        positions.append(periods.position(organisation, kind, title, period))
    return positions


def _entity_position(entity: tree.Element, kind: str) -> Position | None:
    """One logged-in experience or education entry: its aria-hidden texts in order.

    Work: title, "Organisation · Full-time", "Jul 2021 - Present · 3 yrs". A role in a
    group of roles at one organisation takes the organisation from its group. Education:
    school, "Degree, Field", "2019 - 2021".
    """
    spans = tree.xpath(entity, './/span[@aria-hidden="true"]')[:8]
    texts = [text for span in spans if (text := tree.text(span))]
    dated = next((i for i, text in enumerate(texts) if _DATES.search(text)), None)
    if dated is None or dated == 0:
        return None
    start, end, current = periods.years(texts[dated])
    if kind == PositionKind.EDUCATION:
        title = texts[1] if dated > 1 else None
        return Position(texts[0], kind, title, start, end, False)
    group = tree.xpath(entity, "ancestor::*[@data-view-name='profile-component-entity'][1]")
    if group:
        organisation = tree.first_text(group[0], './/span[@aria-hidden="true"]')
    else:
        organisation = texts[1].split(" · ")[0] if dated > 1 else None
    if not organisation:
        return None
    return Position(organisation, kind, texts[0], start, end, current)


def from_json_ld(person: dict[str, object] | None) -> list[Position]:
    """``worksFor`` and ``alumniOf`` of the public page's JSON-LD Person, with years from
    their OrganizationRole (``member.startDate``/``endDate``)."""
    if person is None:
        return []
    positions: list[Position] = []
    for key in ("worksFor", "alumniOf"):
        items = person.get(key)
        for item in (items if isinstance(items, list) else [items])[:50]:
            if not isinstance(item, dict):
                continue
            organisation = ld_text(item.get("name"))
            if not organisation:
                continue
            role = item.get("member")
            role = role if isinstance(role, dict) else {}
            start = _year(role.get("startDate"))
            end = _year(role.get("endDate"))
            kind = (
                PositionKind.EDUCATION
                if "EducationalOrganization" in types(item)
                else PositionKind.WORK
            )
            current = key == "worksFor" and end is None
            position = Position(
                organisation,
                kind,
                ld_text(role.get("roleName")),
                start,
                end,
                current,
                clean_url(ld_text(item.get("url"))),
            )
            if position not in positions:
                positions.append(position)
    return positions


def _year(value: object) -> int | None:
    start, _end, _current = periods.years(ld_text(value))
    return start
