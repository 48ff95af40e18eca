"""LinkedIn: profile pages (public, logged-out, logged-in), connection lists and searches.

URLs and keys are ``linkedin_urls.py``'s job, list pages ``linkedin_lists.py``'s; this
module decides which page it has and reads profiles.

A profile page yields its owner and, as seen accounts only, the people LinkedIn shows
beside it ("People also viewed", "People you may know", "Find a different …"): those
are LinkedIn's suggestions, not ties.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult
from metanet.sites import linkedin_lists
from metanet.sites.base import ParserError, result
from metanet.sites.embedded import Facts, opengraph_facts, owner_person, person_facts
from metanet.sites.linkedin_urls import (
    LOCALE,
    NETWORK,
    member,
    member_photo,
    normalise,
    profile_url,
)
from metanet.sites.page import (
    attr,
    image_url,
    json_ld_blocks,
    link_href,
    load,
    meta_values,
    select_text,
    text_of,
    top_nodes,
)
from metanet.sites.text import clean_url, meaningful

__all__ = ["NAME", "NETWORK", "VERSION", "detect", "normalise", "parse", "profile_url"]

NAME = "linkedin"
VERSION = 2  # 2: connection lists and people searches
MAX_SEEN = 500


# --- detect ----------------------------------------------------------------------------


def detect(url: str, html: str) -> str | None:
    """The page kind from the URL: a member's profile, or one of the list pages."""
    listed = linkedin_lists.list_page(url)
    if listed is not None:
        return listed.kind
    found = member(url)
    if found is None:
        return None
    if 'class="page-not-found__headline' in html or "public_profile_not-found" in html:
        return PageKind.NOT_FOUND
    rest = found[1]
    if not rest or LOCALE.match(rest[0]) or rest[0] == "overlay":
        return PageKind.PROFILE
    # /details/…, /recent-activity/…: sub-pages without the top card.
    return None


# --- the profile's own top card --------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """One generation of LinkedIn's profile markup; fields are looked up inside ``card``."""

    marker: str  # a string the raw page must contain (cheap pre-check)
    card: str
    name: str
    headline: str
    location: str
    photo: str
    company: str = ""
    # hResume (2013) keeps the current position outside the top card.
    page_company: str = ""
    page_role: str = ""
    websites: str = ""


_LAYOUTS = (
    _Layout(  # logged-in, Ember "mercado" 2024-2025
        marker="pv-top-card",
        card=(
            "section[data-member-id], section.artdeco-card:has(#top-card-text-details-contact-info)"
        ),
        name="h1",
        headline=".text-body-medium.break-words",
        location="span.text-body-small.inline.t-black--light.break-words",
        photo=(
            "img.pv-top-card-profile-picture__image--show, img.pv-top-card-profile-picture__image"
        ),
        company='button[aria-label^="Current company"]',
    ),
    _Layout(  # logged-in, Ember 2018
        marker="pv-top-card-section__name",
        card=".pv-top-card-section",
        name=".pv-top-card-section__name",
        headline=".pv-top-card-section__headline",
        location=".pv-top-card-section__location",
        photo=".pv-top-card-section__photo",
        company=".pv-top-card-section__company",
    ),
    _Layout(  # public (logged out), 2020s
        marker="top-card-layout__title",
        card="section.top-card-layout",
        name="h1.top-card-layout__title",
        headline="h2.top-card-layout__headline",
        location=".profile-info-subheader .not-first-middot > span",
        photo="img.top-card__profile-image",
    ),
    _Layout(  # public, 2016
        marker='id="name"',
        card="#topcard",
        name="#name",
        headline=".headline",
        location=".locality",
        photo=".profile-picture img",
        company=".extra-info .org",
        websites=".websites a",
    ),
    _Layout(  # public, 2013 (hCard / hResume)
        marker="masthead",
        card=".masthead",
        name="#name, .full-name",
        headline=".headline-title",
        location=".locality",
        photo="#profile-picture img, img.photo",
        page_company=".position.experience.summary-current .org",
        page_role=".position.experience.summary-current .title",
    ),
)


def _top_card(soup: BeautifulSoup, html: str) -> tuple[_Layout, Tag, str]:
    """The first layout whose top card carries a name, with that card and the name."""
    for layout in _LAYOUTS:
        if layout.marker not in html:
            continue
        card = soup.select_one(layout.card)
        name = select_text(card, layout.name) if card is not None else None
        if card is not None and name:
            return layout, card, name
    raise ParserError("linkedin: profile page without a recognisable top card")


def _card_facts(layout: _Layout, card: Tag, name: str, soup: BeautifulSoup, base: str) -> Facts:
    def field(selector: str, scope: Tag = card) -> str | None:
        return meaningful(select_text(scope, selector)) if selector else None

    photo = card.select_one(layout.photo)
    return Facts(
        name=name,
        headline=field(layout.headline),
        location=field(layout.location),
        company=field(layout.company) or field(layout.page_company, soup),
        role=field(layout.page_role, soup),
        photo_url=_photo(photo, base),
        same_as=_websites(card, layout.websites, base) if layout.websites else [],
    )


def _websites(card: Tag, selector: str, base: str) -> list[str]:
    """The profile's own websites, unwrapped from LinkedIn's redirector.

    A link labelled "Company Website" is the employer's site, not the member's.
    """
    found: list[str] = []
    for link in card.select(selector, limit=20):
        if text_of(link) == "Company Website":
            continue
        href = clean_url(attr(link, "href"), base)
        if href and urlsplit(href).path.endswith("/redir/redirect"):
            href = clean_url(next(iter(parse_qs(urlsplit(href).query).get("url", [])), None))
        if href and href not in found:
            found.append(href)
    return found


def _photo(tag: Tag | None, base: str) -> str | None:
    return member_photo(image_url(tag, base))


def _owner_ref(soup: BeautifulSoup, card: Tag, meta: dict[str, str], url: str) -> AccountRef:
    """Whose profile this is, from the page itself before the fetch URL.

    The canonical link and og:url come first, then the top card's own overlay links
    (a logged-in page has no canonical link), then the URL the page was captured at.
    The viewer's links (navigation, "Me" menu) are never consulted.
    """
    candidates = [
        link_href(soup, "canonical", url),
        clean_url(meta.get("og:url"), url),
        *(
            clean_url(attr(link, "href"), url)
            for link in card.select(
                'a[href*="/overlay/contact-info"], a[href*="/overlay/about-this-profile"]', limit=2
            )
        ),
        url,
    ]
    for candidate in candidates:
        ref = normalise(candidate) if candidate else None
        if ref is not None:
            return ref
    raise ParserError("linkedin: profile page without a member URL")


# --- people shown beside the profile -------------------------------------------------


@dataclass(frozen=True)
class _Aside:
    """A kind of suggestion card LinkedIn shows beside a profile."""

    marker: str
    item: str
    name: str
    headline: str = ""
    location: str = ""
    photo: str = "img"


_ASIDES = (
    _Aside(  # public 2020s: "People also viewed", "Others named …"
        marker="base-aside-card",
        item="a.base-aside-card--link",
        name=".base-aside-card__title",
        headline=".base-aside-card__subtitle",
        location=".base-aside-card__metadata",
        photo="[style*='background-image'], img",
    ),
    _Aside(  # logged-in 2024-2025: "Other similar profiles", "People you may know"
        marker="pv-profile-card__anchor",
        item=(
            'section:has(> .pv-profile-card__anchor[id*="browsemap"]) '
            '[data-view-name="profile-component-entity"], '
            'section:has(> .pv-profile-card__anchor[id*="pymk"]) '
            '[data-view-name="profile-component-entity"]'
        ),
        name='.t-bold span[aria-hidden="true"]',
        headline='.inline-show-more-text--is-collapsed span[aria-hidden="true"]',
    ),
    _Aside(  # logged-in 2018: "People Also Viewed"
        marker="pv-browsemap-section",
        item=".pv-browsemap-section__member-container",
        name=".actor-name",
        headline=".browsemap-headline",
    ),
    _Aside(  # public 2016: "People Also Viewed", "Find a different …"
        marker="profile-card",
        item="li.profile-card",
        name="h4",
        headline=".headline",
        location=".location",
    ),
    _Aside(  # public 2013: "Viewers of this profile also viewed…"
        marker="browsemap",
        item=".browsemap li",
        name="strong",
        headline=".headline",
    ),
)


def _seen(soup: BeautifulSoup, html: str, base: str, owner: AccountRef) -> list[AccountRecord]:
    """Every suggested member once, in page order, never the owner."""
    seen: dict[AccountRef, AccountRecord] = {}
    for aside in _ASIDES:
        if aside.marker not in html:
            continue
        for item in soup.select(aside.item, limit=MAX_SEEN):
            record = _aside_record(aside, item, base)
            if record is not None and record.ref != owner and record.ref not in seen:
                seen[record.ref] = record
    return list(seen.values())[:MAX_SEEN]


def _aside_record(aside: _Aside, item: Tag, base: str) -> AccountRecord | None:
    links = [item] if item.name == "a" else item.find_all("a", href=True, limit=5)
    for link in links:
        href = clean_url(attr(link, "href"), base)
        ref = normalise(href) if href else None
        if ref is None:
            continue
        facts = Facts(
            name=meaningful(select_text(item, aside.name)),
            headline=meaningful(select_text(item, aside.headline)) if aside.headline else None,
            location=meaningful(select_text(item, aside.location)) if aside.location else None,
            photo_url=_photo(item.select_one(aside.photo), base),
        )
        return facts.record(NETWORK, ref.key, profile_url(ref.key))
    return None


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    """A list page (see ``linkedin_lists``), or a profile page: its owner and the members
    suggested beside it (no ties)."""
    listed = linkedin_lists.list_page(url)
    if listed is not None:
        owner, cards = linkedin_lists.parse_list(url, html, listed)
        return result(
            NAME,
            VERSION,
            listed.kind,
            owner,
            linkedin_lists.records(cards),
            linkedin_lists.ties_for(listed, owner, cards),
        )
    soup = load(html)
    if _is_not_found(soup, html):
        return result(NAME, VERSION, PageKind.NOT_FOUND)
    base = clean_url(url) or "https://www.linkedin.com/"
    layout, card, name = _top_card(soup, html)
    meta = meta_values(soup)
    facts = _card_facts(layout, card, name, soup, base)
    ref = _owner_ref(soup, card, meta, base)
    for extra in (_json_ld_facts(html, base), opengraph_facts(meta, base)):
        # Metadata fills gaps only when it is about the same member (or does not say).
        if extra is not None and (extra.url is None or normalise(extra.url) == ref):
            facts.fill(extra)
    urn = _owner_urn(soup, base)
    if urn is not None:
        facts.same_as.append(profile_url(urn))
    facts.same_as = [link for link in dict.fromkeys(facts.same_as) if normalise(link) != ref]
    owner = facts.record(NETWORK, ref.key, profile_url(ref.key))
    return result(NAME, VERSION, PageKind.PROFILE, owner, _seen(soup, html, base, ref))


def _owner_urn(soup: BeautifulSoup, base: str) -> str | None:
    """The member URN of the profile's owner, from the searches LinkedIn cans for this
    profile ("N mutual connections", "See connections"): it is how list pages name the
    member, so keeping it links those lists to this account."""
    for link in soup.select('a[href*="origin=MEMBER_PROFILE_CANNED_SEARCH"]', limit=5):
        href = clean_url(attr(link, "href"), base)
        listed = linkedin_lists.list_page(href) if href else None
        if listed is not None and listed.owner_urn:
            return listed.owner_urn
    return None


def _is_not_found(soup: BeautifulSoup, html: str) -> bool:
    """LinkedIn's "Profile Not Found" page, by its structure: a member's headline could
    contain the same words, but not the same elements."""
    if "page-not-found" not in html and "public_profile_not-found" not in html:
        return False
    return (
        soup.select_one(".page-not-found__headline") is not None
        or soup.select_one('[data-tracking-control-name^="public_profile_not-found"]') is not None
    )


def _json_ld_facts(html: str, base: str) -> Facts | None:
    """The public page's JSON-LD Person, minus ``description`` (the About text, not a
    headline)."""
    person = owner_person(top_nodes(json_ld_blocks(html)), [])
    if person is None:
        return None
    facts = person_facts(person, base)
    facts.headline = None
    return facts
