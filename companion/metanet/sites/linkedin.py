"""LinkedIn: profile pages (public, logged-out, logged-in), connection lists and searches.

URLs and keys are ``linkedin_urls.py``'s job, list pages ``linkedin_lists.py``'s and the
embedded Voyager JSON ``linkedin_voyager.py``'s; this module decides which page it has
and reads profiles, meaning first:

1. the page's embedded data: the Voyager entities of a logged-in page (whose profile it
   is, by slug *and* member URN; the viewer; positions), the public page's JSON-LD;
2. the top card of one of the known markup generations, for what the data lacks;
3. when neither is there, what any page publishes (``fallback.py``): the owner from
   OpenGraph or the title, marked "partly read".

A profile page yields its owner and, as seen accounts only, the people LinkedIn shows
beside it ("People also viewed", "People you may know", "Find a different …"): those
are LinkedIn's suggestions, not ties. What it says about the connections the viewer
shares with the owner ("Kyle Pitzen, Bhaval Patel, and 289 other mutual connections",
"Endorsed by Ron Shapiro (mutual connection)") is kept as :class:`SharedConnections`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from metanet.model import (
    AccountRecord,
    AccountRef,
    MutualMention,
    PageKind,
    ParseResult,
    Position,
    PositionKind,
    SharedConnections,
    TieRecord,
)
from metanet.sites import fallback, linkedin_lists, mutual, periods, tree
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
from metanet.sites.linkedin_voyager import Member, Voyager
from metanet.sites.page import ld_text, top_nodes, types
from metanet.sites.text import clean, clean_url, meaningful

__all__ = ["NAME", "NETWORK", "VERSION", "detect", "normalise", "parse", "profile_url"]

NAME = "linkedin"
VERSION = 3  # 3: embedded data first, shared connections, aliases, positions
MAX_SEEN = 500
CONTACT = linkedin_lists.CONTACT

_has = tree.has_class
_all = tree.classes


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
    """One generation of LinkedIn's profile markup: XPath queries, relative to ``card``."""

    marker: str  # a string the raw page must contain (cheap pre-check)
    card: str
    name: str
    headline: str
    location: str
    photo: str
    company: str = ""
    # hResume (2013) keeps the current position outside the top card (queries on the page).
    page_company: str = ""
    page_role: str = ""
    websites: str = ""


_LAYOUTS = (
    _Layout(  # logged-in, Ember "mercado" 2024-2025
        marker="pv-top-card",
        card=(
            "//section[@data-member-id]"
            ' | //*[@id="top-card-text-details-contact-info"]'
            f"/ancestor::section[{_has('artdeco-card')}][1]"
        ),
        name=".//h1",
        headline=f".//*[{_all('text-body-medium', 'break-words')}]",
        location=f".//span[{_all('text-body-small', 'inline', 't-black--light', 'break-words')}]",
        photo=(
            f".//img[{_has('pv-top-card-profile-picture__image--show')}]"
            f" | .//img[{_has('pv-top-card-profile-picture__image')}]"
        ),
        company='.//button[starts-with(@aria-label, "Current company")]',
    ),
    _Layout(  # logged-in, Ember 2018
        marker="pv-top-card-section__name",
        card=f"//*[{_has('pv-top-card-section')}]",
        name=f".//*[{_has('pv-top-card-section__name')}]",
        headline=f".//*[{_has('pv-top-card-section__headline')}]",
        location=f".//*[{_has('pv-top-card-section__location')}]",
        photo=f".//*[{_has('pv-top-card-section__photo')}]",
        company=f".//*[{_has('pv-top-card-section__company')}]",
    ),
    _Layout(  # public (logged out), 2020s
        marker="top-card-layout__title",
        card=f"//section[{_has('top-card-layout')}]",
        name=f".//h1[{_has('top-card-layout__title')}]",
        headline=f".//h2[{_has('top-card-layout__headline')}]",
        location=(f".//*[{_has('profile-info-subheader')}]//*[{_has('not-first-middot')}]/span"),
        photo=f".//img[{_has('top-card__profile-image')}]",
    ),
    _Layout(  # public, 2016
        marker='id="name"',
        card='//*[@id="topcard"]',
        name='.//*[@id="name"]',
        headline=f".//*[{_has('headline')}]",
        location=f".//*[{_has('locality')}]",
        photo=f".//*[{_has('profile-picture')}]//img",
        company=f".//*[{_has('extra-info')}]//*[{_has('org')}]",
        websites=f".//*[{_has('websites')}]//a",
    ),
    _Layout(  # public, 2013 (hCard / hResume)
        marker="masthead",
        card=f"//*[{_has('masthead')}]",
        name=f'.//*[@id="name"] | .//*[{_has("full-name")}]',
        headline=f".//*[{_has('headline-title')}]",
        location=f".//*[{_has('locality')}]",
        photo=f'.//*[@id="profile-picture"]//img | .//img[{_has("photo")}]',
        page_company=(
            f"//*[{_all('position', 'experience', 'summary-current')}]//*[{_has('org')}]"
        ),
        page_role=(f"//*[{_all('position', 'experience', 'summary-current')}]//*[{_has('title')}]"),
    ),
)


def _top_card(root: tree.Element, html: str) -> tuple[_Layout, tree.Element, str] | None:
    """The first layout whose top card carries a name, with that card and the name."""
    for layout in _LAYOUTS:
        if layout.marker not in html:
            continue
        card = tree.first(root, layout.card)
        name = tree.first_text(card, layout.name) if card is not None else None
        if card is not None and name:
            return layout, card, name
    return None


def _card_facts(
    layout: _Layout, card: tree.Element, name: str, root: tree.Element, base: str
) -> Facts:
    def field(query: str, scope: tree.Element = card) -> str | None:
        return meaningful(tree.first_text(scope, query)) if query else None

    return Facts(
        name=name,
        headline=field(layout.headline),
        location=field(layout.location),
        company=field(layout.company) or field(layout.page_company, root),
        role=field(layout.page_role, root),
        photo_url=member_photo(tree.image_url(tree.first(card, layout.photo), base)),
        same_as=_websites(card, layout.websites, base) if layout.websites else [],
    )


def _websites(card: tree.Element, query: str, base: str) -> list[str]:
    """The profile's own websites, unwrapped from LinkedIn's redirector.

    A link labelled "Company Website" is the employer's site, not the member's.
    """
    found: list[str] = []
    for link in tree.xpath(card, query)[:20]:
        if tree.text(link) == "Company Website":
            continue
        href = tree.href(link, base)
        if href and urlsplit(href).path.endswith("/redir/redirect"):
            href = clean_url(next(iter(parse_qs(urlsplit(href).query).get("url", [])), None))
        if href and href not in found:
            found.append(href)
    return found


def _owner_ref(
    root: tree.Element, card: tree.Element | None, meta: dict[str, str], url: str
) -> AccountRef | None:
    """Whose profile this is, from the page itself before the fetch URL.

    The canonical link and og:url come first, then the top card's own overlay links
    (a logged-in page has no canonical link), then the URL the page was captured at.
    The viewer's links (navigation, "Me" menu) are never consulted.
    """
    overlay = (
        tree.xpath(
            card,
            './/a[contains(@href, "/overlay/contact-info")'
            ' or contains(@href, "/overlay/about-this-profile")]',
        )[:2]
        if card is not None
        else []
    )
    candidates = [
        tree.link_href(root, "canonical", url),
        clean_url(meta.get("og:url"), url),
        *(tree.href(link, url) for link in overlay),
        url,
    ]
    for candidate in candidates:
        ref = normalise(candidate) if candidate else None
        if ref is not None:
            return ref
    return None


# --- people shown beside the profile -------------------------------------------------


@dataclass(frozen=True)
class _Aside:
    """A kind of suggestion card LinkedIn shows beside a profile (XPath queries)."""

    marker: str
    item: str
    name: str
    headline: str = ""
    location: str = ""
    photo: str = ".//img"


_PROFILE_ENTITY = './/*[@data-view-name="profile-component-entity"]'
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
        item=(
            # the card's anchor names it: (premium_)browsemap_recommendation, pymk_…
            '//*[@id][contains(@id, "browsemap") or contains(@id, "pymk")]'
            f"[{_has('pv-profile-card__anchor')}]/parent::section" + _PROFILE_ENTITY[1:]
        ),
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


def _seen(root: tree.Element, html: str, base: str, owner: AccountRef) -> list[AccountRecord]:
    """Every suggested member once, in page order, never the owner."""
    seen: dict[AccountRef, AccountRecord] = {}
    for aside in _ASIDES:
        if aside.marker not in html:
            continue
        for item in tree.xpath(root, aside.item)[:MAX_SEEN]:
            record = _aside_record(aside, item, base)
            if record is not None and record.ref != owner and record.ref not in seen:
                seen[record.ref] = record
    return list(seen.values())[:MAX_SEEN]


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


# --- shared connections ----------------------------------------------------------------

_BOTH_KNOW = re.compile(r"\bboth know (?P<names>.+?)\s*$", re.IGNORECASE)
# "Endorsed by Ron Shapiro (mutual connection)", "Endorsed by Kathy Zhou-Patel and 2 other
# mutual connections": one named mutual connection each.
_MUTUAL_MENTION = re.compile(
    r"^Endorsed by\s+(?P<name>[^,]+?)\s+(?:\(mutual connection\)|and \d[\d,.]* other mutual)",
    re.IGNORECASE,
)


def _shared(
    root: tree.Element, html: str, base: str, owner: AccountRef, urn: str | None
) -> list[SharedConnections]:
    """What the page says the viewer shares with the owner.

    The hook is the link's target, not its place: LinkedIn links every "mutual
    connections" sentence to the first-degree search of the owner's connections. Its
    words give the count; its bold names (or "You and Jeff both know Aileen Lee") the
    people. Endorsements name mutual connections in passing ("(mutual connection)").
    """
    found: list[SharedConnections] = []
    for link in tree.xpath(root, '//a[contains(@href, "onnectionOf")]')[:20]:
        href = tree.href(link, base)
        listed = linkedin_lists.list_page(href) if href else None
        if listed is None or listed.kind != PageKind.MUTUAL or (urn and listed.owner_urn != urn):
            continue
        sentence = _visible_text(link)
        names = [tree.text(strong) for strong in tree.xpath(link, ".//strong")[:20]]
        both = _BOTH_KNOW.search(sentence or "")
        if both:
            names.append(clean(both.group("names")))
        named = mutual.by_name(names)
        found.append(
            mutual.shared(owner, CONTACT, named, mutual.printed_total(sentence, len(named)))
        )
    mentions = []
    spans = '//span[@aria-hidden="true"][text()[contains(., "mutual connection")]]'
    for node in tree.xpath(root, spans)[:50] if "mutual connection" in html else []:
        match = _MUTUAL_MENTION.match(tree.text(node) or "")
        if match:
            mentions.append(MutualMention(clean(match.group("name"))))
    if mentions:
        found.append(mutual.shared(owner, CONTACT, mentions))
    return mutual.merge(found)


def _visible_text(node: tree.Element) -> str | None:
    """The text a sighted reader sees: LinkedIn doubles texts for screen readers."""
    shown = tree.xpath(node, './/span[@aria-hidden="true"]')
    return tree.text(shown[0]) if shown else tree.text(node)


# --- positions -------------------------------------------------------------------------

_DATES = re.compile(r"(?:19|20)\d\d")


def _dom_positions(root: tree.Element, html: str) -> list[Position]:
    """Work and education as the markup lists them (logged-in 2024+, public 2016, 2013)."""
    positions: list[Position] = []
    if "pv-profile-card__anchor" in html:
        for section, kind in (
            ("experience", PositionKind.WORK),
            ("education", PositionKind.EDUCATION),
        ):
            query = f'//*[@id="{section}"]/parent::section' + _PROFILE_ENTITY[1:]
            for entity in tree.xpath(root, query)[:50]:
                if tree.first(entity, _PROFILE_ENTITY) is not None:
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


def _ld_positions(person: dict[str, object] | None) -> list[Position]:
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


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    """A list page (see ``linkedin_lists``), or a profile page: its owner, the members
    suggested beside it (no ties), and what it says about shared connections."""
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
            shared=linkedin_lists.shared_for(cards),
        )
    root = tree.load_tree(html, NAME)
    if _is_not_found(root, html):
        return result(NAME, VERSION, PageKind.NOT_FOUND)
    base = clean_url(url) or "https://www.linkedin.com/"
    slug = member(url)
    voyager = Voyager.read(root) if "<code" in html else None
    embedded = voyager.owner(slug[0] if slug else None) if voyager else None
    top = _top_card(root, html)
    meta = tree.meta_values(root)
    person = owner_person(top_nodes(tree.json_ld(root)), []) if "ld+json" in html else None
    ld = _json_ld_facts(person, base)
    card = top[1] if top else None
    ref = _embedded_ref(embedded) or _owner_ref(root, card, meta, base)
    if ref is None:
        raise ParserError("linkedin: profile page without a member URL")
    if embedded is None and top is None and ld is None:
        return fallback.partly_read(
            NAME, VERSION, PageKind.PROFILE, ref, profile_url(ref.key), root, html, base
        )
    facts = _embedded_facts(embedded)
    if top is not None:
        facts.fill(_card_facts(*top, root, base))
    for extra in (ld, opengraph_facts(meta, base)):
        # Metadata fills gaps only when it is about the same member (or does not say).
        if extra is not None and (extra.url is None or normalise(extra.url) == ref):
            facts.fill(extra)
    urn = embedded.urn if embedded else _owner_urn(root, base)
    if urn is not None and urn != ref.key:
        facts.same_as.append(profile_url(urn))
    facts.same_as = [link for link in dict.fromkeys(facts.same_as) if normalise(link) != ref]
    owner = facts.record(NETWORK, ref.key, profile_url(ref.key))
    owner.aliases = [urn] if urn is not None and urn != ref.key else []
    owner.positions = (embedded.positions if embedded else []) or _ld_positions(person)
    owner.positions = owner.positions or _dom_positions(root, html)
    seen = _seen(root, html, base, ref)
    ties: list[TieRecord] = []
    if voyager is not None:
        seen += _embedded_seen(voyager, ref, embedded)
        _add_aliases(seen, voyager)
        if urn is not None and voyager.connected(urn):
            ties.append(TieRecord(AccountRef.viewer(NETWORK), ref, CONTACT))
    shared = _shared(root, html, base, ref, urn)
    return result(
        NAME, VERSION, PageKind.PROFILE, owner, seen, ties + mutual.ties(shared), shared=shared
    )


def _embedded_ref(embedded: Member | None) -> AccountRef | None:
    """The owner's key from the page's data: the slug, else the member URN."""
    if embedded is None:
        return None
    return (
        normalise(profile_url(embedded.slug))
        if embedded.slug
        else AccountRef(NETWORK, embedded.urn)
    )


def _embedded_facts(embedded: Member | None) -> Facts:
    if embedded is None:
        return Facts()
    current = next((p for p in embedded.positions if p.current), None)
    return Facts(
        name=embedded.name,
        headline=embedded.headline,
        location=embedded.location,
        company=current.organisation if current else None,
        role=current.title if current else None,
        photo_url=member_photo(embedded.photo_url),
    )


def _embedded_seen(
    voyager: Voyager, owner: AccountRef, embedded: Member | None
) -> list[AccountRecord]:
    """Members the page's data names that are neither the owner nor the viewer (a
    patent's co-inventor, a recommendation's author): seen accounts."""
    viewer = voyager.viewer_urn()
    seen: list[AccountRecord] = []
    for found in voyager.mini_profiles():
        if found.urn in (viewer, embedded.urn if embedded else None) or not found.slug:
            continue
        key = found.slug.lower()
        if key == owner.key:
            continue
        record = AccountRecord(
            NETWORK, key, profile_url(key), name=found.name, headline=found.headline
        )
        record.aliases = [found.urn]
        seen.append(record)
    return seen


def _add_aliases(records: list[AccountRecord], voyager: Voyager) -> None:
    """The member URN of every record the page's data names by slug as well."""
    urns = {found.slug.lower(): found.urn for found in voyager.mini_profiles() if found.slug}
    for record in records:
        urn = urns.get(record.key)
        if urn and urn not in record.aliases:
            record.aliases.append(urn)


def _owner_urn(root: tree.Element, base: str) -> str | None:
    """The member URN of the profile's owner, from the searches LinkedIn cans for this
    profile ("N mutual connections", "See connections"): it is how list pages name the
    member, so keeping it links those lists to this account."""
    for link in tree.xpath(root, '//a[contains(@href, "origin=MEMBER_PROFILE_CANNED_SEARCH")]')[:5]:
        href = tree.href(link, base)
        listed = linkedin_lists.list_page(href) if href else None
        if listed is not None and listed.owner_urn:
            return listed.owner_urn
    return None


def _is_not_found(root: tree.Element, html: str) -> bool:
    """LinkedIn's "Profile Not Found" page, by its structure: a member's headline could
    contain the same words, but not the same elements."""
    if "page-not-found" not in html and "public_profile_not-found" not in html:
        return False
    return (
        tree.first(root, f"//*[{_has('page-not-found__headline')}]") is not None
        or tree.first(
            root, '//*[starts-with(@data-tracking-control-name, "public_profile_not-found")]'
        )
        is not None
    )


def _json_ld_facts(person: dict[str, object] | None, base: str) -> Facts | None:
    """The public page's JSON-LD Person, minus ``description`` (the About text, not a
    headline)."""
    if person is None:
        return None
    facts = person_facts(person, base)
    facts.headline = None
    return facts
