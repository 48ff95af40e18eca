"""Embedded profile metadata: schema.org JSON-LD and microdata, OpenGraph, hCard, ``rel="me"``.

Readers return :class:`Facts` and know nothing of networks or keys; the generic parser
(and site parsers, for the parts of their pages that carry such metadata) turn facts
into :class:`~metanet.sites.base.AccountRecord` s.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import urldefrag

from metanet.model import AccountRecord, PersonFacts
from metanet.sites import tree
from metanet.sites.page import ld_text, ld_urls, types
from metanet.sites.text import clean, clean_url

MAX_SAME_AS = 50
MAX_KNOWS = 1000
MAX_CARDS = 200

# Top-level JSON-LD types that describe the page or its publisher rather than a subject.
# A top-level Person beside anything else (an Article, a Product) is an author or a
# mention, not the person the page is about.
_PAGE_TYPES = {
    "WebPage",
    "ProfilePage",
    "AboutPage",
    "ContactPage",
    "WebSite",
    "BreadcrumbList",
    "ImageObject",
    "Organization",
    "SearchAction",
}


@dataclass(kw_only=True)
class Facts(PersonFacts):
    """What a page says about one person, before it is keyed to an account."""

    url: str | None = None

    def fill(self, other: Facts | None) -> None:
        """Take every field this one lacks from ``other``; same_as is a union."""
        if other is None:
            return
        for item in fields(self):
            if item.name != "same_as" and getattr(self, item.name) is None:
                setattr(self, item.name, getattr(other, item.name))
        self.same_as.extend(url for url in other.same_as if url not in self.same_as)

    def record(self, network: str, key: str, profile_url: str) -> AccountRecord:
        """This person as the account ``network``/``key``."""
        return AccountRecord(
            network,
            key,
            profile_url,
            name=self.name,
            headline=self.headline,
            company=self.company,
            role=self.role,
            location=self.location,
            photo_url=self.photo_url,
            same_as=self.same_as[:MAX_SAME_AS],
        )


# --- JSON-LD ---------------------------------------------------------------------------


def owner_person(nodes: list[dict[str, object]], page_urls: list[str]) -> dict[str, object] | None:
    """The JSON-LD Person the page is about, or None.

    In order: the ``mainEntity`` of a top-level node; a top-level Person whose url is
    one of ``page_urls``; the first top-level Person when nothing but page furniture
    stands beside it.
    """
    for node in nodes:
        entity = node.get("mainEntity")
        for candidate in entity[:10] if isinstance(entity, list) else [entity]:
            if isinstance(candidate, dict) and "Person" in types(candidate):
                return candidate
    people = [node for node in nodes if "Person" in types(node)]
    wanted = {_comparable(url) for url in page_urls}
    for person in people:
        if any(_comparable(url) in wanted for url in ld_urls(person.get("url"), "")):
            return person
    others: set[str] = set()
    for node in nodes:
        if "Person" not in types(node):
            others |= types(node)
    if people and others <= _PAGE_TYPES:
        return people[0]
    return None


def person_facts(node: dict[str, object], base: str) -> Facts:
    """Facts from a schema.org Person, tolerating wrong types everywhere."""
    name = ld_text(node.get("name")) or _joined(
        ld_text(node.get("givenName")), ld_text(node.get("familyName"))
    )
    urls = ld_urls(node.get("url"), base)
    return Facts(
        name=name or ld_text(node.get("alternateName")),
        headline=ld_text(node.get("disambiguatingDescription")) or ld_text(node.get("description")),
        company=ld_text(node.get("worksFor")) or ld_text(node.get("affiliation")),
        role=ld_text(node.get("jobTitle")) or ld_text(node.get("hasOccupation")),
        location=_place(node.get("address")) or _place(node.get("homeLocation")),
        photo_url=next(iter(ld_urls(node.get("image"), base)), None),
        url=urls[0] if urls else None,
        same_as=_unique(ld_urls(node.get("sameAs"), base))[:MAX_SAME_AS],
    )


def known_people(node: dict[str, object], base: str) -> list[Facts]:
    """The Persons in a Person's ``knows`` that carry a URL (no URL, no account)."""
    raw = node.get("knows")
    items = raw if isinstance(raw, list) else [raw]
    people: list[Facts] = []
    for item in items[:MAX_KNOWS]:
        if isinstance(item, str):
            url = clean_url(item, base)
            facts = Facts(url=url) if url else None
        elif isinstance(item, dict) and (not types(item) or "Person" in types(item)):
            facts = person_facts(item, base)
        else:
            facts = None
        if facts is not None and facts.url:
            people.append(facts)
    return people


def _place(value: object) -> str | None:
    if isinstance(value, dict):
        for key in ("addressLocality", "addressRegion", "addressCountry", "name", "address"):
            found = _place(value.get(key)) if key == "address" else ld_text(value.get(key))
            if found:
                return found
        return None
    return ld_text(value)


# --- OpenGraph -------------------------------------------------------------------------


def opengraph_facts(meta: dict[str, str], base: str) -> Facts | None:
    """Facts from ``og:type=profile`` meta tags; None when the page is not a profile."""
    if (meta.get("og:type") or "").strip().lower() != "profile":
        return None
    name = _joined(clean(meta.get("profile:first_name")), clean(meta.get("profile:last_name")))
    return Facts(
        name=name or _title(meta) or clean(meta.get("profile:username")),
        photo_url=clean_url(meta.get("og:image"), base),
        url=clean_url(meta.get("og:url"), base),
    )


def _title(meta: dict[str, str]) -> str | None:
    """``og:title`` without a trailing `` | Site`` / `` - Site`` naming the site."""
    title = clean(meta.get("og:title"))
    site = clean(meta.get("og:site_name"))
    if title and site:
        for separator in (" | ", " - ", " \u2013 ", " \u00b7 ", " \u2022 "):
            if title.endswith(separator + site):
                return title[: -len(separator + site)].strip() or None
    return title


# --- hCard and rel="me" ----------------------------------------------------------------

_CARD = f"({tree.has_class('h-card')}) or ({tree.has_class('vcard')})"


def representative_card(
    root: tree.Element, page_urls: list[str], rel_me: list[str]
) -> tree.Element | None:
    """The hCard (microformats 1 or 2) standing for the page's owner, or None.

    After the microformats "representative h-card" rule: a card whose url is the page
    (or one of its ``rel="me"`` links); else the page's only top-level card, if it has no
    url pointing elsewhere. Author bylines and comment cards therefore never qualify.
    """
    cards = [
        card
        for card in tree.xpath(root, f"//*[{_CARD}]")[:MAX_CARDS]
        if not tree.inside(card, _CARD)
    ]
    wanted = {_comparable(url) for url in page_urls + rel_me}
    for card in cards:
        if any(_comparable(url) in wanted for url in _card_urls(card, page_urls[0])):
            return card
    if len(cards) == 1 and not _card_urls(cards[0], page_urls[0]):
        return cards[0]
    return None


def card_facts(card: tree.Element, base: str) -> Facts:
    """Facts from one hCard, reading only its own properties (not nested cards')."""
    name = _prop(card, ("p-name", "fn")) or _joined(
        _prop(card, ("p-given-name", "given-name")), _prop(card, ("p-family-name", "family-name"))
    )
    photo = next(iter(_own(card, ("u-photo", "photo"))), None)
    urls = _card_urls(card, base)
    return Facts(
        name=name,
        headline=_prop(card, ("p-note", "note")),
        company=_prop(card, ("p-org", "org")),
        role=_prop(card, ("p-job-title", "title", "p-role", "role")),
        location=_prop(card, ("p-locality", "locality"))
        or _prop(card, ("p-adr", "adr", "p-country-name", "country-name")),
        photo_url=tree.image_url(photo, base) if photo is not None else None,
        url=urls[0] if urls else None,
        same_as=urls[1:MAX_SAME_AS],
    )


def rel_me_links(root: tree.Element, base: str) -> list[str]:
    """Absolute URLs of ``<a rel="me">`` and ``<link rel="me">``."""
    found: list[str] = []
    for node in tree.xpath(root, "//a[@rel][@href] | //link[@rel][@href]")[:5000]:
        if "me" in (node.get("rel") or "").lower().split():
            url = tree.href(node, base)
            if url and url not in found:
                found.append(url)
        if len(found) >= MAX_SAME_AS:
            break
    return found


def _own(card: tree.Element, names: tuple[str, ...]) -> list[tree.Element]:
    """Descendants with one of the class ``names`` whose nearest card is ``card``."""
    query = " or ".join(f"({tree.has_class(name)})" for name in names)
    return [
        node
        for node in tree.xpath(card, f".//*[{query}]")[:50]
        if next(iter(tree.xpath(node, f"ancestor::*[{_CARD}][1]")), None) is card
    ]


def _prop(card: tree.Element, names: tuple[str, ...]) -> str | None:
    for node in _own(card, names):
        value = tree.text(node)
        if value:
            return value
    return None


def _card_urls(card: tree.Element, base: str) -> list[str]:
    urls: list[str] = []
    for node in _own(card, ("u-url", "url", "u-uid", "uid")):
        url = clean_url(node.get("href") or node.get("src") or node.get("value"), base)
        if url and url not in urls:
            urls.append(url)
    return urls


# --- microdata -------------------------------------------------------------------------

_PERSON_ITEM = '//*[@itemscope][contains(@itemtype, "schema.org/Person")]'


def microdata_person(root: tree.Element) -> tree.Element | None:
    """The page's first schema.org ``Person`` item in microdata (``itemscope``)."""
    return tree.first(root, _PERSON_ITEM)


def microdata_facts(person: tree.Element, base: str) -> Facts:
    """Facts from a microdata Person: its own properties (not those of nested items)."""
    props = item_props(person)
    works_for = props.get("worksFor")
    company = _item_name(works_for) if works_for is not None else None
    location = _place_item(props.get("address")) or _place_item(props.get("homeLocation"))
    if location is None and works_for is not None:
        location = _place_item(item_props(works_for).get("location"))
    urls = [url for name in ("url", "sameAs") if (url := _url_value(props.get(name), base))]
    return Facts(
        name=_text_value(props.get("name"))
        or _joined(_text_value(props.get("givenName")), _text_value(props.get("familyName"))),
        headline=_text_value(props.get("description")),
        company=company,
        role=_text_value(props.get("jobTitle")),
        location=location,
        photo_url=_url_value(props.get("image"), base),
        url=urls[0] if urls else None,
        same_as=urls[1:],
    )


def item_props(item: tree.Element) -> dict[str, tree.Element]:
    """An item's own properties by name (the first of each): elements with ``itemprop``
    whose nearest enclosing item is ``item``."""
    props: dict[str, tree.Element] = {}
    for node in tree.xpath(item, ".//*[@itemprop]")[:300]:
        owner = next(iter(tree.xpath(node, "ancestor::*[@itemscope][1]")), None)
        if owner is not item:
            continue
        for name in (node.get("itemprop") or "").split():
            props.setdefault(name, node)
    return props


def _text_value(node: tree.Element | None) -> str | None:
    if node is None:
        return None
    if node.tag == "meta":
        return clean(node.get("content"))
    return tree.text(node)


def _url_value(node: tree.Element | None, base: str) -> str | None:
    """A URL property: ``href``, ``src`` or ``content``, or an image inside it."""
    if node is None:
        return None
    for name in ("href", "src", "content"):
        url = clean_url(node.get(name), base)
        if url:
            return url
    return tree.image_url(tree.first(node, ".//img"), base)


def _item_name(node: tree.Element) -> str | None:
    """A nested item's ``name`` (an Organization), else its own text."""
    if node.get("itemscope") is None:
        return tree.text(node)
    return _text_value(item_props(node).get("name"))


def _place_item(node: tree.Element | None) -> str | None:
    if node is None:
        return None
    if node.get("itemscope") is None:
        return tree.text(node)
    props = item_props(node)
    for name in ("addressLocality", "addressRegion", "addressCountry", "name"):
        value = _text_value(props.get(name))
        if value:
            return value
    return None


# --- small helpers ---------------------------------------------------------------------


def _comparable(url: str) -> str:
    """A URL reduced for equality tests: no fragment, scheme, ``www.`` or trailing slash."""
    bare = urldefrag(url)[0].split("://", 1)[-1].lower().removeprefix("www.")
    return bare.rstrip("/")


def _joined(*parts: str | None) -> str | None:
    return clean(" ".join(part for part in parts if part))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
