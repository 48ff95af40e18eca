"""XING: member URLs, profile pages and contact lists (own, a member's, shared).

Keys are XING page names (``/profile/<page_name>``), lowercased: XING resolves them
without regard to case, and a contact list and a profile may spell one differently.

Whose page it is comes from the URL and the page, never from ``window xing.user``:
that object describes the *viewer* on every page, including other members' profiles.

- ``/profile/<name>[/cv|/portfolio|…]``: the member's profile.
- ``/contacts``, ``/contacts/contacts``, ``/app/contact``, ``/profile/my_profile/contacts``:
  the user's own contacts, ties from the viewer.
- ``/profile/<name>/contacts``: that member's contacts, ties from them.
- The same page with the "Gemeinsame Kontakte" / "Shared contacts" tab active (or a
  ``shared`` path or tab parameter): contacts of both, ties from both sides.

People on list cards are XING's classic ``component-user-card`` (the same component the
real profile page uses for its mini vcard, see the fixtures). Cards inside contact
suggestions, visitors or adverts are seen accounts, not ties. No real list page was
available; the fixtures say what they are built from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from metanet.model import (
    AccountRecord,
    AccountRef,
    PageKind,
    ParseResult,
    Position,
    PositionKind,
    TieRecord,
)
from metanet.sites import fallback, periods, tree
from metanet.sites.base import ParserError, result
from metanet.sites.embedded import (
    Facts,
    item_props,
    microdata_facts,
    microdata_person,
    owner_person,
    person_facts,
)
from metanet.sites.page import MAX_LIST, top_nodes
from metanet.sites.text import clean_url, meaningful
from metanet.sites.urls import split_site_url

NAME = "xing"
VERSION = 2  # 2: microdata first, positions
NETWORK = "xing"
MAX_CARDS = MAX_LIST  # a list page's cards (page.MAX_LIST)
CONTACT = "contact"

_HOST = re.compile(r"(?:^|\.)xing\.com$")
_SELF = "my_profile"  # XING's alias for the viewer's own profile
_PROFILE_TABS = {"", "cv", "portfolio", "about", "about_me", "web_profiles"}
_OWN_LISTS = (["contacts"], ["contacts", "contacts"], ["contacts", "list"], ["app", "contact"])
_SHARED = re.compile(
    r"gemeinsame\s+kontakte|shared\s+contacts|mutual\s+contacts|common\s+contacts|"
    r"общие\s+контакты|contacts\s+en\s+commun|contactos\s+en\s+común",
    re.IGNORECASE,
)
_SHARED_WORDS = {"shared", "mutual", "common", "shared_contacts", "mutual_contacts"}
# Parts of a page whose people are suggestions or furniture, never contacts.
_NOT_CONTACTS = ("reco", "suggest", "visitor", "vomp", "teaser", "advert", "ad-", "-ad")
_ACTIVE = (
    '//*[@aria-selected="true" or @aria-current="page" or @aria-current="true"'
    ' or contains(concat(" ", normalize-space(@class), " "), " active ")'
    ' or contains(@class, "is-active") or contains(@class, "--active")]'
)


# --- URLs ------------------------------------------------------------------------------


def normalise(url: str) -> AccountRef | None:
    """The member a XING profile URL points at (any tab, host or tracking query)."""
    found = _profile(url)
    return AccountRef(NETWORK, found[0]) if found and found[0] != _SELF else None


def profile_url(key: str) -> str:
    return f"https://www.xing.com/profile/{quote(key, safe='-_.~')}"


def _path(url: str) -> list[str] | None:
    found = split_site_url(url, _HOST)
    if found is None:
        return None
    return found[1]


def _profile_link(url: str | None, key: str) -> str:
    """The member's profile URL as the page spelled it (XING's own capitalisation)."""
    segments = _path(url) if url else None
    name = unquote(segments[1]) if segments and len(segments) > 1 else ""
    return profile_url(name) if name.lower() == key else profile_url(key)


def _profile(url: str) -> tuple[str, list[str]] | None:
    """(key, the path after the page name) for ``/profile/<page_name>/…``."""
    segments = _path(url)
    if segments is None or len(segments) < 2 or segments[0].lower() != "profile":
        return None
    try:
        name = unicodedata.normalize("NFC", unquote(segments[1], errors="strict"))
    except UnicodeDecodeError:
        return None
    if not name or len(name) > 200 or name.lower() == "badges":
        return None
    if any(ch.isspace() or not ch.isprintable() or ch in "/?#%~" for ch in name):
        return None
    return name.lower(), [segment.lower() for segment in segments[2:]]


# --- detect ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    kind: str
    owner: AccountRef | None = None  # None: the viewer's own list
    shared_by_url: bool = False


def _page(url: str) -> _Page | None:
    segments = _path(url)
    if segments is None:
        return None
    lowered = [segment.lower() for segment in segments]
    query = parse_qs(urlsplit(url).query)
    if lowered in _OWN_LISTS and query.get("op", ["contacts"])[0] == "contacts":
        return _Page(PageKind.CONTACTS)
    found = _profile(url)
    if found is None:
        return None
    key, rest = found
    owner = None if key == _SELF else AccountRef(NETWORK, key)
    if rest[:1] == ["contacts"] or rest[:1] == ["shared_contacts"]:
        tabs = {
            value.lower() for name in ("tab", "filter", "view") for value in query.get(name, [])
        }
        shared = rest[:1] == ["shared_contacts"] or bool(
            set(rest[1:2] + list(tabs)) & _SHARED_WORDS
        )
        return _Page(PageKind.CONTACTS, owner, shared and owner is not None)
    if owner is not None and (not rest or rest[0] in _PROFILE_TABS):
        return _Page(PageKind.PROFILE, owner)
    return None


def detect(url: str, html: str) -> str | None:
    """The page kind by URL (a shared-contacts tab is only seen by ``parse``)."""
    page = _page(url)
    if page is None:
        return None
    return PageKind.MUTUAL if page.shared_by_url else page.kind


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    page = _page(url)
    if page is None:
        raise ParserError("xing: not a profile or contacts page")
    root = tree.load_tree(html, NAME)
    base = clean_url(url) or "https://www.xing.com/"
    if page.kind == PageKind.PROFILE:
        ref, owner = _profile_owner(root, html, base, url)
        if owner is None:
            link = _profile_link(tree.canonical(root, base) or url, ref.key)
            return fallback.partly_read(
                NAME, VERSION, PageKind.PROFILE, ref, link, root, html, base
            )
        return result(NAME, VERSION, PageKind.PROFILE, owner)
    return _list(root, base, page)


# --- profile ---------------------------------------------------------------------------


def _profile_owner(
    root: tree.Element, html: str, base: str, url: str
) -> tuple[AccountRef, AccountRecord | None]:
    """The profile's member: key from the canonical link (else og:url, else the URL)."""
    ref = None
    for candidate in (tree.canonical(root, base), tree.meta(root, "og:url"), url):
        ref = normalise(candidate) if candidate else None
        if ref is not None:
            break
    if ref is None:
        raise ParserError("xing: profile page without a member URL")
    # Embedded data first: schema.org Person in microdata (the 2017 public page), then
    # JSON-LD; the vcard's markup fills what they lack.
    item = microdata_person(root)
    facts = microdata_facts(item, base) if item is not None else Facts()
    person = owner_person(top_nodes(tree.json_ld(root)), [url]) if "ld+json" in html else None
    facts.fill(person_facts(person, base) if person is not None else None)
    vcard = tree.first(root, '//*[@id="vcard" or contains(@class, "profile-vcard")]')
    scope = vcard if vcard is not None else root
    mini = tree.first(root, '//*[contains(@class, "profile-mini-vcard")]')
    facts.fill(
        Facts(
            name=tree.first_text(scope, f".//*[{tree.has_class('user-name')}]"),
            # the job line's first part: the rest holds hidden microdata
            headline=tree.first_text(scope, f".//*[{tree.has_class('job-detail')}]/*[1]"),
            company=tree.first_text(mini, './/*[contains(@class, "company-name")]')
            if mini is not None
            else None,
            location=tree.first_text(mini, './/*[contains(@class, "city")]')
            if mini is not None
            else None,
        )
    )
    if not facts.name:
        return ref, None  # a layout this parser does not know
    photo = tree.first(scope, './/img[contains(@class, "user-image")]')
    return ref, AccountRecord(
        NETWORK,
        ref.key,
        _profile_link(tree.canonical(root, base) or url, ref.key),
        name=facts.name,
        headline=meaningful(facts.headline),
        company=meaningful(facts.company),
        role=meaningful(facts.role),
        location=meaningful(facts.location),
        photo_url=_photo_url(facts.photo_url) or _photo(photo, base),
        same_as=facts.same_as,
        positions=_positions(root),
    )


def _positions(root: tree.Element) -> list[Position]:
    """The career and education the page marks up as schema.org items: ``EmployeeRole``
    (``roleName``; the organisation is printed beside it) and ``EducationalOrganization``
    (``name``, ``description``), each with its printed period."""
    positions: list[Position] = []
    roles = tree.xpath(root, '//*[@itemscope][contains(@itemtype, "schema.org/EmployeeRole")]')
    schools = tree.xpath(
        root, '//*[@itemscope][contains(@itemtype, "schema.org/EducationalOrganization")]'
    )
    for item, kind in [(i, PositionKind.WORK) for i in roles[:50]] + [
        (i, PositionKind.EDUCATION) for i in schools[:50]
    ]:
        props = item_props(item)
        period = tree.first_text(item, f".//*[{_DATES}]")
        if kind == PositionKind.WORK:
            organisation = meaningful(tree.first_text(item, f".//*[{_COMPANY}]"))
            title = tree.text(props["roleName"]) if "roleName" in props else None
        else:
            organisation = tree.text(props["name"]) if "name" in props else None
            title = tree.text(props["description"]) if "description" in props else None
        if organisation:
            positions.append(periods.position(organisation, kind, title, period))
    return positions


_DATES = tree.has_class("date-range")
_COMPANY = tree.has_class("job-company-name")


# --- contact lists ---------------------------------------------------------------------


def _list(root: tree.Element, base: str, page: _Page) -> ParseResult:
    shared = page.shared_by_url or (page.owner is not None and _shared_tab_active(root))
    kind = PageKind.MUTUAL if shared else PageKind.CONTACTS
    owner = (
        AccountRecord(NETWORK, page.owner.key, _profile_link(base, page.owner.key))
        if page.owner
        else None
    )
    cards = tree.xpath(root, f"//*[{tree.has_class('component-user-card')}]")[:MAX_CARDS]
    contacts: dict[AccountRef, AccountRecord] = {}
    seen: dict[AccountRef, AccountRecord] = {}
    for card in cards:
        record = _card(card, base)
        if record is None:
            continue
        if owner is not None and record.ref == owner.ref:
            owner.name = owner.name or record.name  # the owner's own mini vcard
            continue
        where = _where(card)
        if where == "furniture":
            continue
        target = seen if where == "suggestion" else contacts
        target.setdefault(record.ref, record)
    if not contacts and not seen:
        raise ParserError("xing: contacts page without any recognisable contact card")
    sources = [AccountRef.viewer(NETWORK)] if owner is None else [owner.ref]
    if shared:
        sources.append(AccountRef.viewer(NETWORK))
    ties = [TieRecord(src, ref, CONTACT) for ref in contacts for src in sources]
    accounts = list(contacts.values()) + [r for ref, r in seen.items() if ref not in contacts]
    return result(NAME, VERSION, kind, owner, accounts, ties)


def _shared_tab_active(root: tree.Element) -> bool:
    return any(_SHARED.search(tree.text(tab) or "") for tab in tree.xpath(root, _ACTIVE)[:20])


def _where(card: tree.Element) -> str:
    """Where a card sits: ``furniture`` (the header or navigation, where the viewer's own
    card is: skipped), ``suggestion`` (suggestions, visitors, adverts: seen accounts) or
    ``list`` (a contact)."""
    for ancestor in card.iterancestors():
        if ancestor.tag in ("header", "nav") or ancestor.get("id") == "top-bar":
            return "furniture"
        marks = " ".join(
            (ancestor.get(name) or "") for name in ("class", "id", "data-qa", "data-testid")
        ).lower()
        if ancestor.tag == "aside" or any(mark in marks for mark in _NOT_CONTACTS):
            return "suggestion"
    return "list"


def _card(card: tree.Element, base: str) -> AccountRecord | None:
    ref = None
    link_url = None
    for link in tree.xpath(card, './/a[contains(@href, "/profile/")]')[:5]:
        link_url = tree.href(link, base)
        ref = normalise(link_url) if link_url else None
        if ref is not None:
            break
    if ref is None:
        return None
    return AccountRecord(
        NETWORK,
        ref.key,
        _profile_link(link_url, ref.key),
        name=tree.first_text(card, f".//*[{tree.has_class('user-name')}]"),
        headline=meaningful(tree.first_text(card, './/*[contains(@class, "occupation-title")]')),
        company=meaningful(tree.first_text(card, './/*[contains(@class, "company-name")]')),
        location=meaningful(tree.first_text(card, './/*[contains(@class, "city")]')),
        photo_url=_photo(tree.first(card, ".//img"), base),
    )


def _photo(img: tree.Element | None, base: str) -> str | None:
    return _photo_url(clean_url(tree.attr(img, "src"), base))


def _photo_url(url: str | None) -> str | None:
    """A member photo; XING's "nobody" silhouettes are not photos."""
    return None if url is None or "/img/users/nobody" in url else url
