"""LinkedIn lists: "My Network → Connections" and people searches.

Whose list a page is comes from the URL, because LinkedIn's list pages never name the
viewer:

- ``/mynetwork/invite-connect/connections/`` is the user's own connections: one
  undirected ``contact`` tie from the viewer to each card.
- ``/search/results/people/?connectionOf=["<URN>"]`` (2018: ``facetConnectionOf``) lists
  the connections of member ``<URN>``: a tie from that member to each result. Filtered
  to the viewer's first degree as well (``network=["F"]``, LinkedIn's "N mutual
  connections" link), the results are shared contacts: ties from both sides.
- Any other people search shows strangers matched by words: seen accounts, no ties.

A result's own degree badge can only remove ties, never add them: a "2nd" badge in a
first-degree-filtered search means the page is not what its URL claims (a single-page
app that changed its URL before the content), so that result gets no ties.

The pages are read with lxml (``tree.py``): a scrolled list is the biggest page a user
captures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from metanet.model import (
    AccountRecord,
    AccountRef,
    MutualMention,
    PageKind,
    SharedConnections,
    TieRecord,
)
from metanet.sites import mutual, tree
from metanet.sites.base import ParserError
from metanet.sites.linkedin_urls import (
    NETWORK,
    URN,
    linkedin_path,
    member_photo,
    normalise,
    profile_url,
)
from metanet.sites.linkedin_voyager import Voyager
from metanet.sites.page import MAX_LIST
from metanet.sites.text import clean, clean_url, meaningful

MAX_CARDS = MAX_LIST  # a list page's cards (page.MAX_LIST)
#: the class of a card of the older (Ember) connections page
_EMBER_CARD = "mn-connection-card"
# The 2020s result card: the title block, then the headline and location blocks (hashed
# classes; the 2023 page named them primary/secondary-subtitle).
_SUBTITLE = (
    './/*[contains(@class, "t-roman")]/following-sibling::div[{n}]'
    ' | .//*[contains(@class, "{which}-subtitle")]'
)
CONTACT = "contact"

_CONNECTIONS_PATHS = (["mynetwork", "invite-connect", "connections"], ["mynetwork", "connections"])
_RECIPIENT = re.compile(r"[?&]recipient=(AC[ow]AA[A-Za-z0-9_-]{20,60})")
_MINI_PROFILE = re.compile(
    r"fsd?_(?:miniProfile|profile)(?::|%3A)(AC[ow]AA[A-Za-z0-9_-]{20,60})", re.IGNORECASE
)
_DEGREE = re.compile(r"\b(1st|2nd|3rd)\b")
_PICTURE_SUFFIX = re.compile(r"[\u2019']s? profile picture$|^Profile picture of ", re.IGNORECASE)


@dataclass(frozen=True)
class ListPage:
    """What the URL says a list page is: its kind and whose list it is."""

    kind: str
    owner_urn: str | None = None  # the member X of a connectionOf search
    first_degree: bool = False  # filtered to the viewer's first degree


@dataclass
class Card:
    """One person on a list page, before ties are decided."""

    record: AccountRecord
    degree: str | None = None  # "1st", "2nd", "3rd" from the card's badge
    # "A, B, and 4 other mutual connections": A and B know both the viewer and this person.
    mutuals: list[AccountRecord] = field(default_factory=list)
    # Shared connections named without a link (a face pile's pictures), and the count the
    # card prints ("9 shared connections"; 6 for the line above).
    unlinked: list[str] = field(default_factory=list)
    mutual_total: int | None = None


# --- what the URL says -----------------------------------------------------------------


def list_page(url: str) -> ListPage | None:
    """The list kind of a LinkedIn URL, or None when it is no list page handled here."""
    segments = linkedin_path(url)
    if segments is None:
        return None
    lowered = [segment.lower() for segment in segments]
    if any(lowered[: len(path)] == path for path in _CONNECTIONS_PATHS):
        return ListPage(PageKind.CONTACTS)
    if lowered[:2] != ["search", "results"] or lowered[2:3] not in (["people"], ["index"], ["all"]):
        return None
    if lowered[2] != "people":  # "All" results: people among jobs and posts
        return ListPage(PageKind.SEARCH)
    query = parse_qs(urlsplit(url).query)
    owners = _facet(query, "connectionOf", "facetConnectionOf")
    networks = set(_facet(query, "network", "facetNetwork"))
    owner = owners[0] if len(owners) == 1 and URN.match(owners[0]) else None
    if owner is None:
        return ListPage(PageKind.SEARCH)
    first_degree = networks == {"F"}
    return ListPage(PageKind.MUTUAL if first_degree else PageKind.CONTACTS, owner, first_degree)


def _facet(query: dict[str, list[str]], *names: str) -> list[str]:
    """A search facet's values: ``["a","b"]`` (JSON), ``a,b`` or a repeated parameter."""
    values: list[str] = []
    for name in names:
        for raw in query.get(name, []):
            try:
                decoded = json.loads(raw)
            except ValueError:
                decoded = raw.split(",")
            items = decoded if isinstance(decoded, list) else [decoded]
            values.extend(str(item).strip() for item in items if str(item).strip())
    return values


# --- parse -----------------------------------------------------------------------------


def parse_list(url: str, html: str, page: ListPage) -> tuple[AccountRecord | None, list[Card]]:
    """The list's owner record (for a member's list) and its cards, in page order.

    Raises :class:`ParserError` when the page has none of the list structures this
    parser knows: a changed layout must show up as a failure, not as zero people.
    """
    root = tree.load_tree(html, NETWORK)
    base = clean_url(url) or "https://www.linkedin.com/"
    connections = page.kind == PageKind.CONTACTS and not page.owner_urn
    if connections:
        # The older page's query reads the whole tree: asked only where its class occurs.
        cards = list(_connection_cards(root, base, ember=_EMBER_CARD in html))
    else:
        cards = list(_search_cards(root, base))
    if not cards and not connections and "<code" in html:
        cards = list(_embedded_search_cards(Voyager.read(root)))
    if not cards:
        what = "connections list" if connections else "people search"
        raise ParserError(f"linkedin: {what} page without any recognisable person card")
    owner = None
    if page.owner_urn:
        owner = AccountRecord(NETWORK, page.owner_urn, profile_url(page.owner_urn))
        owner_url = profile_url(page.owner_urn)
        cards = [
            card
            for card in cards
            if card.record.key != page.owner_urn and owner_url not in card.record.same_as
        ]
    return owner, _unique(cards)[:MAX_CARDS]


def ties_for(page: ListPage, owner: AccountRecord | None, cards: list[Card]) -> list[TieRecord]:
    """The ties a list proves; a plain search proves none."""
    viewer = AccountRef.viewer(NETWORK)
    ties: list[TieRecord] = []
    for card in cards:
        ref = card.record.ref
        for named in card.mutuals:
            ties.append(TieRecord(viewer, named.ref, CONTACT))
            ties.append(TieRecord(ref, named.ref, CONTACT))
        if owner is None:
            if page.kind == PageKind.CONTACTS:
                ties.append(TieRecord(viewer, ref, CONTACT))
            continue
        if page.first_degree and card.degree in ("2nd", "3rd"):
            continue  # the page contradicts its URL: no ties from either side
        ties.append(TieRecord(owner.ref, ref, CONTACT))
        if page.first_degree or card.degree == "1st":
            ties.append(TieRecord(viewer, ref, CONTACT))
    return list(dict.fromkeys(ties))  # a mutual connection named on several cards


def shared_for(cards: list[Card]) -> list[SharedConnections]:
    """What each result says the viewer shares with its member: the named mutual
    connections (with their accounts where linked) and the printed count."""
    found = []
    for card in cards:
        if not card.mutuals and not card.unlinked and card.mutual_total is None:
            continue  # says nothing (every card of a connections list): merge drops it
        named = [MutualMention(m.name, m.ref) for m in card.mutuals]
        named += [MutualMention(name) for name in card.unlinked]
        found.append(mutual.shared(card.record.ref, CONTACT, named, card.mutual_total))
    return mutual.merge(found)


def records(cards: list[Card]) -> list[AccountRecord]:
    """Every account the cards show: each result, then the mutual connections it names."""
    found: dict[AccountRef, AccountRecord] = {}
    for record in [card.record for card in cards] + [m for card in cards for m in card.mutuals]:
        found.setdefault(record.ref, record)
    return list(found.values())


def _unique(cards: list[Card]) -> list[Card]:
    """Each member once (lists repeat a card while they load more)."""
    seen: dict[AccountRef, Card] = {}
    for card in cards:
        seen.setdefault(card.record.ref, card)
    return list(seen.values())


# --- My Network → Connections ----------------------------------------------------------


def _connection_cards(root: tree.Element, base: str, *, ember: bool = True) -> Iterator[Card]:
    """Cards of the 2025 server-driven page, then of the older Ember page (``ember``:
    whether to look for those: the query reads the whole tree, ~4 % of a 500-card parse)."""
    for item in tree.with_parent(root, "div", "data-view-name", "connections-list")[:MAX_CARDS]:
        # The card's links read once (the queries per card were most of a 500-card parse):
        # its profile links, the name (a link in a paragraph), the photo in a profile link.
        anchors = tree.descendants(item, "a")
        links = [a for a in anchors if a.get("data-view-name") == "connections-profile"]
        photo = next((img for link in links for img in link.iterdescendants("img")), None)
        named = [a for a in anchors if a.getparent().tag == "p"]  # .//p/a
        record = _record(
            links,
            base,
            name=tree.first_text_of(named) or _picture_name(item),
            headline=_headline(item, named),
            photo=photo,
            urn_source=anchors,
        )
        if record is not None:
            yield Card(record, "1st")
    if not ember:
        return
    for item in tree.xpath(root, f'//li[contains(@class, "{_EMBER_CARD}")]')[:MAX_CARDS]:
        record = _record(
            tree.xpath(item, './/a[contains(@class, "mn-connection-card__link")]'),
            base,
            name=tree.first_text(item, './/*[contains(@class, "mn-connection-card__name")]'),
            headline=tree.first_text(
                item, './/*[contains(@class, "mn-connection-card__occupation")]'
            ),
            photo=tree.first(item, ".//img"),
            urn_source=item,
        )
        if record is not None:
            yield Card(record, "1st")


def _headline(item: tree.Element, named: list[tree.Element]) -> str | None:
    """The paragraph after the name's (``.//p[a]/following-sibling::p[1]``): read
    directly when one paragraph holds the name links, as on every card of the page."""
    paragraphs = list(dict.fromkeys(a.getparent() for a in named))  # .//p[a]
    if len(paragraphs) > 1:  # several: the query gives them in document order
        return tree.first_text(item, ".//p[a]/following-sibling::p[1]")
    after = [next(p.itersiblings("p"), None) for p in paragraphs]
    return tree.first_text_of([p for p in after if p is not None])


def _picture_name(item: tree.Element) -> str | None:
    """The name in a photo's alt ("Ken Aizawa's profile picture", with U+2019 or an
    apostrophe), for a card whose name link is missing."""
    label = clean(tree.attr(tree.first(item, ".//img[@alt]"), "alt"))
    return clean(_PICTURE_SUFFIX.sub("", label)) if label else None


# --- people search ---------------------------------------------------------------------


def _search_cards(root: tree.Element, base: str) -> Iterator[Card]:
    """Results of the 2020s search page, then of the 2018 one."""
    for item in tree.xpath(root, '//*[@data-view-name="search-entity-result-universal-template"]')[
        :MAX_CARDS
    ]:
        title = tree.first(item, './/*[contains(@class, "t-16")]//a[contains(@href, "/in/")]')
        record = _record(
            [title, *tree.xpath(item, './/a[contains(@href, "/in/")]')[:4]],
            base,
            name=tree.first_text(title, './/span[@dir="ltr"]/span[@aria-hidden="true"]')
            if title is not None
            else None,
            headline=tree.first_text(item, _SUBTITLE.format(n=1, which="primary")),
            location=tree.first_text(item, _SUBTITLE.format(n=2, which="secondary")),
            photo=tree.first(item, ".//img"),
            urn_source=item,
        )
        if record is not None:
            badge = tree.first_text(item, './/*[contains(@class, "entity-result__badge-text")]')
            mutuals, total = _mutuals(item, base)
            yield Card(record, _degree(badge), mutuals, mutual_total=total)
    for item in tree.xpath(root, '//*[contains(@class, "search-result--person")]')[:MAX_CARDS]:
        record = _record(
            tree.xpath(item, './/a[contains(@class, "search-result__result-link")]'),
            base,
            name=tree.first_text(item, f".//*[{tree.has_class('actor-name')}]"),
            headline=tree.first_text(item, './/*[contains(@class, "subline-level-1")]'),
            location=tree.first_text(item, './/*[contains(@class, "subline-level-2")]'),
            photo=tree.first(item, ".//img"),
            urn_source=item,
        )
        if record is not None:
            proof = tree.first(item, './/a[contains(@class, "search-result__social-proof")]')
            yield Card(
                record,
                _degree(tree.first_text(item, './/*[@class="dist-value"]')),
                # the face pile names shared connections by their pictures only
                unlinked=[
                    name
                    for img in tree.xpath(proof, ".//img[@alt]")[:10]
                    if (name := tree.text(img))
                ]
                if proof is not None
                else [],
                mutual_total=mutual.printed_total(tree.text(proof), 0)
                if proof is not None
                else None,
            )


def _embedded_search_cards(voyager: Voyager) -> Iterator[Card]:
    """Results of a 2017 search, whose markup is an empty shell: the Voyager search hits."""
    for hit in voyager.search_results()[:MAX_CARDS]:
        found = hit.member
        key = normalise(profile_url(found.slug)) if found.slug else None
        record = AccountRecord(
            NETWORK,
            key.key if key else found.urn,
            profile_url(key.key if key else found.urn),
            name=found.name,
            headline=found.headline,
            location=found.location,
        )
        if record.key != found.urn:
            record.same_as = [profile_url(found.urn)]
            record.aliases = [found.urn]
        yield Card(record, hit.degree, mutual_total=hit.shared_total)


def _mutuals(item: tree.Element, base: str) -> tuple[list[AccountRecord], int | None]:
    """The members named in a result's "X, Y, and N other mutual connections" line, and
    the number of shared connections it states."""
    found: list[AccountRecord] = []
    total = None
    for insight in tree.xpath(item, './/*[contains(@class, "entity-result__insights")]')[:2]:
        sentence = tree.text(insight) or ""
        if "mutual connection" not in sentence:
            continue
        for link in tree.xpath(insight, './/a[contains(@href, "/in/")]')[:5]:
            record = _record([link], base, name=tree.text(link))
            if record is not None:
                found.append(record)
        total = mutual.printed_total(sentence, len(found))
    return found, total


def _degree(badge: str | None) -> str | None:
    match = _DEGREE.search(badge or "")
    return match.group(1) if match else None


# --- one card --------------------------------------------------------------------------


def _record(
    links: list[tree.Element | None],
    base: str,
    *,
    name: str | None,
    headline: str | None = None,
    location: str | None = None,
    photo: tree.Element | None = None,
    urn_source: tree.Element | list[tree.Element] | None = None,
) -> AccountRecord | None:
    """A card's member from its first profile link; its URN (if shown) as ``same_as``."""
    ref = None
    for link in links:
        found = tree.href(link, base)
        ref = normalise(found) if found else None
        if ref is not None:
            break
    if ref is None:
        return None
    urn = _card_urn(urn_source) if urn_source is not None else None
    same_as = [profile_url(urn)] if urn and urn != ref.key else []
    return AccountRecord(
        NETWORK,
        ref.key,
        profile_url(ref.key),
        name=meaningful(name),
        headline=meaningful(headline),
        location=meaningful(location),
        photo_url=member_photo(clean_url(tree.attr(photo, "src"), base)),
        same_as=same_as,
        aliases=[urn] if urn and urn != ref.key else [],
    )


def _card_urn(source: tree.Element | list[tree.Element]) -> str | None:
    """The member URN a card carries in its Message link or mini-profile reference
    (``source``: the card, or its links already read)."""
    anchors = source if isinstance(source, list) else tree.descendants(source, "a")
    hrefs = [href for a in anchors if (href := a.get("href"))]
    for link in [href for href in hrefs if "recipient=" in href][:2]:
        match = _RECIPIENT.search(link)
        if match:
            return match.group(1)
    for link in [href for href in hrefs if "iniProfile" in href][:2]:
        match = _MINI_PROFILE.search(link)
        if match:
            return match.group(1)
    return None
