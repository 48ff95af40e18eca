"""LinkedIn: profile pages (public, logged-out, logged-in), connection lists and searches.

URLs and keys are ``linkedin_urls.py``'s job, list pages ``linkedin_lists.py``'s, the
embedded Voyager JSON ``linkedin_voyager.py``'s, the suggestions beside a profile
``linkedin_asides.py``'s and work and education ``linkedin_positions.py``'s; this module
decides which page it has and reads profiles, meaning first:

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
    PageKind,
    ParseResult,
    SharedConnections,
    TieRecord,
)
from metanet.sites import (
    fallback,
    linkedin_asides,
    linkedin_lists,
    linkedin_positions,
    mutual,
    tree,
)
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
from metanet.sites.page import top_nodes
from metanet.sites.text import clean, clean_url, meaningful

__all__ = ["NAME", "NETWORK", "VERSION", "detect", "normalise", "parse", "profile_url"]

NAME = "linkedin"
VERSION = 3  # 3: embedded data first, shared connections, aliases, positions
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
    other_card: str = ""  # where the card is when ``card`` finds none


_LAYOUTS = (
    _Layout(  # logged-in, Ember "mercado" 2024-2025
        marker="pv-top-card",
        card="//section[@data-member-id]",
        other_card=(
            '//*[@id="top-card-text-details-contact-info"]'
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
        if card is None and layout.other_card:
            card = tree.first(root, layout.other_card)
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
    mentioned: list[str | None] = []
    spans = '//span[@aria-hidden="true"][text()[contains(., "mutual connection")]]'
    for node in tree.xpath(root, spans)[:50] if "mutual connection" in html else []:
        match = _MUTUAL_MENTION.match(tree.text(node) or "")
        if match:
            mentioned.append(clean(match.group("name")))
    if mentioned:
        found.append(mutual.shared(owner, CONTACT, mutual.by_name(mentioned)))
    return mutual.merge(found)


def _visible_text(node: tree.Element) -> str | None:
    """The text a sighted reader sees: LinkedIn doubles texts for screen readers."""
    shown = tree.xpath(node, './/span[@aria-hidden="true"]')
    return tree.text(shown[0]) if shown else tree.text(node)


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
    return _profile(url, html, root)


def _profile(url: str, html: str, root: tree.Element) -> ParseResult:
    """The owner (from the page's data, its top card, its JSON-LD, in that order), the
    members beside the profile, and the shared connections it names."""
    base = clean_url(url) or "https://www.linkedin.com/"
    slug = member(url)
    voyager = Voyager.read(root) if "<code" in html else None
    embedded = voyager.owner(slug[0] if slug else None) if voyager else None
    top = _top_card(root, html)
    person = owner_person(top_nodes(tree.json_ld(root)), []) if "ld+json" in html else None
    meta = tree.meta_values(root)
    ref = _embedded_ref(embedded) or _owner_ref(root, top[1] if top else None, meta, base)
    if ref is None:
        raise ParserError("linkedin: profile page without a member URL")
    if embedded is None and top is None and person is None:
        return fallback.partly_read(
            NAME, VERSION, PageKind.PROFILE, ref, profile_url(ref.key), root, html, base
        )
    urn = embedded.urn if embedded else _owner_urn(root, base)
    facts = _embedded_facts(embedded)
    if top is not None:
        facts.fill(_card_facts(*top, root, base))
    for extra in (_json_ld_facts(person, base), opengraph_facts(meta, base)):
        # Metadata fills gaps only when it is about the same member (or does not say).
        if extra is not None and (extra.url is None or normalise(extra.url) == ref):
            facts.fill(extra)
    owner = _owner(facts, ref, urn)
    cards = linkedin_asides.card_entities(root, html)
    owner.positions = (
        (embedded.positions if embedded else [])
        or linkedin_positions.from_json_ld(person)
        or linkedin_positions.from_markup(root, html, cards)
    )
    seen = linkedin_asides.seen(root, html, base, ref, cards)
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


def _owner(facts: Facts, ref: AccountRef, urn: str | None) -> AccountRecord:
    """The owner's record; the member URN (how lists name them) as alias and link."""
    if urn is not None and urn != ref.key:
        facts.same_as.append(profile_url(urn))
    facts.same_as = [link for link in dict.fromkeys(facts.same_as) if normalise(link) != ref]
    owner = facts.record(NETWORK, ref.key, profile_url(ref.key))
    owner.aliases = [urn] if urn is not None and urn != ref.key else []
    return owner


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
