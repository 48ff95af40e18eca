"""The fallback parser: any page that describes its person in embedded metadata.

Like Zotero's "Embedded Metadata" translator, it reads what sites publish for machines:
a schema.org ``Person`` in JSON-LD or microdata, OpenGraph ``og:type=profile``, a
representative hCard, and ``rel="me"`` links. Only schema.org ``knows`` yields ties;
everything else describes the page's owner.

Accounts found here are keyed by the registry (``metanet.sites.normalise``), so a
``knows`` entry pointing at a LinkedIn profile becomes that LinkedIn account; any other
http(s) URL is a ``web`` account keyed by :func:`web_key`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult, TieRecord
from metanet.sites import tree
from metanet.sites.base import ParserError, result
from metanet.sites.embedded import (
    Facts,
    card_facts,
    known_people,
    microdata_facts,
    microdata_person,
    opengraph_facts,
    owner_person,
    person_facts,
    rel_me_links,
    representative_card,
)
from metanet.sites.page import bounded, json_ld_blocks, top_nodes
from metanet.sites.text import clean_url

NAME = "generic"
VERSION = 1
NETWORK = "web"

# Unreserved and sub-delimiter characters stay literal in a key's path, everything else
# is percent-encoded, so "/caf%C3%A9" and "/café" give one key.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_META_OPEN = re.compile(r"<meta\b", re.IGNORECASE)
_OG_TYPE = re.compile(r"""(?:property|name)\s*=\s*["']?\s*og:type\b""", re.IGNORECASE)
_PROFILE_CONTENT = re.compile(r"""content\s*=\s*["']?\s*profile\s*(?:["']|\s|/?>)""", re.IGNORECASE)
# An attribute's value, quoted or not, inside a start tag ("<" + name, no ">" before it):
# text that merely mentions class="vcard" does not count, nor does "data-rel".
_ATTRIBUTE = r"""\s*=\s*(?:"([^"]{0,2000})"|'([^']{0,2000})'|([^\s"'<>]{1,200}))"""
_IN_TAG = r"<[a-zA-Z][^<>]{0,4000}?(?<![\w-])"
_CLASS_ATTR = re.compile(_IN_TAG + "class" + _ATTRIBUTE, re.IGNORECASE)
_REL_ATTR = re.compile(_IN_TAG + "rel" + _ATTRIBUTE, re.IGNORECASE)
_PERSON_ITEMTYPE = re.compile(
    r"""itemtype\s*=\s*["']?https?://schema\.org/Person\b""", re.IGNORECASE
)


def normalise(url: str) -> AccountRef | None:
    """A ``web`` account for any http(s) URL (see :func:`web_key`)."""
    key = web_key(url)
    return AccountRef(NETWORK, key) if key else None


def web_key(url: str) -> str | None:
    """``https://host/path``: host lowercased, IDNA-encoded, without ``www.``; no query,
    fragment, default port or trailing slash. None for anything but an http(s) URL."""
    cleaned = clean_url(url)
    if cleaned is None:
        return None
    parts = urlsplit(cleaned)
    host = _ascii_host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        return None
    if host is None:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port not in (None, 80, 443):
        netloc = f"{netloc}:{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE).rstrip("/")
    return f"https://{netloc}{path}"


def _ascii_host(hostname: str) -> str | None:
    host = hostname.rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        if not host.isascii():
            return None
    host = host.removeprefix("www.")
    return host if host and "" not in host.split(".") else None


def detect(url: str, html: str) -> str | None:
    """``profile`` when the page carries one of the supported signals, else None."""
    if web_key(url) is None:
        return None
    page = bounded(html)
    if _has_og_profile(page) or _has_rel_me(page) or _has_card(page) or _has_item(page):
        return PageKind.PROFILE
    if owner_person(top_nodes(json_ld_blocks(page)), [url]) is not None:
        return PageKind.PROFILE
    return None


def _has_og_profile(page: str) -> bool:
    """Is there a ``<meta property="og:type" content="profile">``? One forward scan."""
    if "og:type" not in page:
        return False
    position = 0
    while (opening := _META_OPEN.search(page, position)) is not None:
        end = page.find(">", opening.end())
        if end < 0:
            return False
        tag = page[opening.end() : end + 1]
        if _OG_TYPE.search(tag) and _PROFILE_CONTENT.search(tag):
            return True
        position = end + 1
    return False


def _has_item(page: str) -> bool:
    """A schema.org Person in microdata (``itemscope itemtype=".../Person"``)?"""
    return "itemscope" in page and _PERSON_ITEMTYPE.search(page) is not None


def _has_rel_me(page: str) -> bool:
    return any("me" in _tokens(match) for match in _REL_ATTR.finditer(page))


def _has_card(page: str) -> bool:
    if "vcard" not in page and "h-card" not in page:
        return False
    return any({"vcard", "h-card"} & _tokens(match) for match in _CLASS_ATTR.finditer(page))


def _tokens(match: re.Match[str]) -> set[str]:
    value = match.group(1) or match.group(2) or match.group(3) or ""
    return set(value.lower().split())


def parse(url: str, html: str) -> ParseResult:
    """The page's owner (and the people it ``knows``); ParserError if no person is found."""
    page_url = clean_url(url)
    if page_url is None or web_key(page_url) is None:
        raise ParserError(f"generic: not an http(s) page: {url[:200]!r}")
    root = tree.load_tree(html, NAME)
    meta = tree.meta_values(root)
    declared = [
        candidate
        for candidate in (
            tree.link_href(root, "canonical", page_url),
            clean_url(meta.get("og:url"), page_url),
        )
        if candidate and _same_site(candidate, page_url)
    ]
    page_urls = [*declared, page_url]
    person = owner_person(top_nodes(json_ld_blocks(html)), page_urls)
    # The cheap string checks spare walks over every element of a large page.
    page = bounded(html)
    rel_me = rel_me_links(root, page_url) if _has_rel_me(page) else []
    card = representative_card(root, page_urls, rel_me) if _has_card(page) else None
    item = microdata_person(root) if "itemscope" in page else None
    sources = [
        person_facts(person, page_url) if person is not None else None,
        microdata_facts(item, page_url) if item is not None else None,
        opengraph_facts(meta, page_url),
        card_facts(card, page_url) if card is not None else None,
    ]
    if not any(sources) and not rel_me:
        raise ParserError("generic: profile markup found but no person the page is about")
    facts = Facts(same_as=rel_me)
    for source in sources:
        facts.fill(source)
    owner = _owner(facts, declared, page_url)
    accounts, ties = _knows(person, page_url, owner.ref)
    return result(NAME, VERSION, PageKind.PROFILE, owner, accounts, ties, site=_site(page_url))


def _owner(facts: Facts, declared: list[str], page_url: str) -> AccountRecord:
    """The owner keyed by the page's own URL: canonical, og:url, the person's url, or
    the fetch URL, in that order; a URL on another site never keys the owner (a page
    cannot claim to be someone else's), but is kept in same_as."""
    person_url = [facts.url] if facts.url and _same_site(facts.url, page_url) else []
    owner_url = [*declared, *person_url, page_url][0]
    ref = _ref(owner_url) or AccountRef(NETWORK, web_key(page_url) or page_url)
    others = [facts.url] if facts.url else []
    same_as = [url for url in [*others, *facts.same_as] if _ref(url) != ref]
    facts.same_as = list(dict.fromkeys(same_as))
    return facts.record(ref.network, ref.key, owner_url)


def _knows(
    person: dict[str, object] | None, base: str, owner: AccountRef
) -> tuple[list[AccountRecord], list[TieRecord]]:
    """Accounts and undirected contact ties for the owner's schema.org ``knows``."""
    if person is None:
        return [], []
    accounts: dict[AccountRef, AccountRecord] = {}
    for known in known_people(person, base):
        ref = _ref(known.url or "")
        if ref is None or ref == owner or ref in accounts:
            continue
        known.same_as = [url for url in known.same_as if _ref(url) != ref]
        accounts[ref] = known.record(ref.network, ref.key, known.url or "")
    ties = [TieRecord(owner, ref, "contact", directed=False) for ref in accounts]
    return list(accounts.values()), ties


def _ref(url: str) -> AccountRef | None:
    # The registry imports this module, so it is imported here, at call time.
    from metanet import sites

    return sites.normalise(url)


def _same_site(url: str, other: str) -> bool:
    return _host_of(url) is not None and _host_of(url) == _host_of(other)


def _host_of(url: str) -> str | None:
    key = web_key(url)
    return urlsplit(key).netloc if key else None


def _site(url: str) -> str:
    return (urlsplit(url).hostname or "unknown").removeprefix("www.")
