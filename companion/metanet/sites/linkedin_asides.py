"""LinkedIn: the people shown beside a profile ("People also viewed", "People you may
know", "Find a different …"): LinkedIn's suggestions, kept as seen accounts, never ties.

Five generations of markup, each found by its own hook; the logged-in cards by their
anchors' ids (``browsemap_recommendation``, ``pymk_…``), not by their place on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from metanet.model import AccountRecord, AccountRef
from metanet.sites import tree
from metanet.sites.embedded import Facts
from metanet.sites.linkedin_urls import NETWORK, member_photo, normalise, profile_url
from metanet.sites.text import meaningful

MAX_SEEN = 500
MAX_ENTITIES = 2000
_has = tree.has_class


@dataclass(frozen=True)
class _Aside:
    """A kind of suggestion card LinkedIn shows beside a profile (XPath queries)."""

    marker: str
    item: str
    name: str
    headline: str = ""
    location: str = ""
    photo: str = ".//img"
    cards: tuple[str, ...] = ()  # logged-in: the entries of the cards whose ids say so


PROFILE_ENTITY = './/*[@data-view-name="profile-component-entity"]'
_ASIDES = (
    _Aside(  # public 2020s: "People also viewed", "Others named …"
        marker="base-aside-card",
        item=f"//a[{_has('base-aside-card--link')}]",
        name=f".//*[{_has('base-aside-card__title')}]",
        headline=f".//*[{_has('base-aside-card__subtitle')}]",
        location=f".//*[{_has('base-aside-card__metadata')}]",
        photo=".//*[contains(@style, 'background-image')] | .//img",
    ),
    _Aside(  # logged-in 2024-2025: "Other similar profiles", "People you may know"
        marker="pv-profile-card__anchor",
        item="",
        # the cards' anchors name them: (premium_)browsemap_recommendation, pymk_…
        cards=("browsemap", "pymk"),
        name=f'.//*[{_has("t-bold")}]//span[@aria-hidden="true"]',
        headline=(
            f'.//*[{_has("inline-show-more-text--is-collapsed")}]//span[@aria-hidden="true"]'
        ),
    ),
    _Aside(  # logged-in 2018: "People Also Viewed"
        marker="pv-browsemap-section",
        item=f"//*[{_has('pv-browsemap-section__member-container')}]",
        name=f".//*[{_has('actor-name')}]",
        headline=f".//*[{_has('browsemap-headline')}]",
    ),
    _Aside(  # public 2016: "People Also Viewed", "Find a different …"
        marker='class="profile-card',
        item=f"//li[{_has('profile-card')}]",
        name=".//h4",
        headline=f".//*[{_has('headline')}]",
        location=f".//*[{_has('location')}]",
    ),
    _Aside(  # public 2013: "Viewers of this profile also viewed…"
        marker="leo-module",
        item=f"//*[{_has('browsemap')}]//li",
        name=".//strong",
        headline=f".//*[{_has('headline')}]",
    ),
)


def card_entities(root: tree.Element, html: str) -> dict[str, list[tree.Element]]:
    """A logged-in profile's entries (``profile-component-entity``) by the id of the card
    they are in (its anchor: ``experience``, ``education``, ``browsemap_recommendation``
    …), in page order. One scan of the page serves every card."""
    if "pv-profile-card__anchor" not in html:
        return {}
    found: dict[str, list[tree.Element]] = {}
    anchor = f"ancestor::section[1]/*[{_has('pv-profile-card__anchor')}]/@id"
    for entity in tree.xpath(root, PROFILE_ENTITY[1:])[:MAX_ENTITIES]:
        ids = tree.xpath(entity, anchor)
        if ids:
            found.setdefault(str(ids[0]), []).append(entity)
    return found


def seen(
    root: tree.Element,
    html: str,
    base: str,
    owner: AccountRef,
    cards: dict[str, list[tree.Element]],
) -> list[AccountRecord]:
    """Every suggested member once, in page order, never the owner."""
    seen: dict[AccountRef, AccountRecord] = {}
    for aside in _ASIDES:
        if aside.marker not in html:
            continue
        items = (
            [item for card, found in cards.items() if _named(card, aside) for item in found]
            if aside.cards
            else tree.xpath(root, aside.item)
        )
        for item in items[:MAX_SEEN]:
            record = _aside_record(aside, item, base)
            if record is not None and record.ref != owner and record.ref not in seen:
                seen[record.ref] = record
    return list(seen.values())[:MAX_SEEN]


def _named(card: str, aside: _Aside) -> bool:
    return any(word in card for word in aside.cards)


def _aside_record(aside: _Aside, item: tree.Element, base: str) -> AccountRecord | None:
    links = [item] if item.tag == "a" else tree.xpath(item, ".//a[@href]")[:5]
    for link in links:
        href = tree.href(link, base)
        ref = normalise(href) if href else None
        if ref is None:
            continue
        facts = Facts(
            name=meaningful(tree.first_text(item, aside.name)),
            headline=meaningful(tree.first_text(item, aside.headline)) if aside.headline else None,
            location=meaningful(tree.first_text(item, aside.location)) if aside.location else None,
            photo_url=member_photo(tree.image_url(tree.first(item, aside.photo), base)),
        )
        return facts.record(NETWORK, ref.key, profile_url(ref.key))
    return None
