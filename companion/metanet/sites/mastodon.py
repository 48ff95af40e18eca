"""Mastodon (any instance): profiles and followers / following lists.

There are thousands of instances, so a page is recognised by its structure, never by its
host: a ``/@user`` path *and* Mastodon's own markup (the web app's ``id="mastodon"`` /
``id="initial-state"`` mount points, or its ``account__header`` profile header).

Accounts are keyed ``user@instance`` (username lowercased, as Mastodon compares them; the
domain lowercased and, when it is internationalised, kept in its Unicode form, so
``xn--…`` and ``թութ.հայ`` give one key). A remote account shown on the viewer's home
instance (``/@alice@other.example``) keeps its own home in the key.

A URL alone cannot say it is Mastodon (YouTube, Medium and many blogs use ``/@name`` too),
so the registry-wide :func:`normalise` claims only the unambiguous fediverse form
``/@user@domain``; a bare ``/@user`` becomes a Mastodon account only through
:func:`account_ref`, once :func:`detect` has seen Mastodon's markup on the page. Elsewhere
such a link stays a ``web`` account whose URL equals the Mastodon account's profile URL.

Hooks are the web app's component classes (``account__header``, ``account``,
``account__display-name``, ``display-name__html``), stable across Mastodon 3 and 4, and
``rel="me"`` on profile-field links: Mastodon marks the owner's own links that way, and
they are the evidence its link verification is built on.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult
from metanet.sites import follows
from metanet.sites.base import ParserError, result
from metanet.sites.handles import HandleSite
from metanet.sites.page import attr, image_url, link_href, load, meta_values, select_text, text_of
from metanet.sites.text import clean, clean_url

NAME = "mastodon"
VERSION = 1
NETWORK = "mastodon"

_USER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
_MARKERS = re.compile(
    r"""id\s*=\s*["']?(?:mastodon|initial-state)\b|class\s*=\s*["'][^"']*\baccount__header\b""",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?P<name>.*?)\s*\(@[^()]+\)")


# --- keys ------------------------------------------------------------------------------


def normalise(url: str) -> AccountRef | None:
    """The account of a ``/@user@domain`` URL on any host (see the module doc)."""
    found = SITE.split(url)
    return AccountRef(NETWORK, found.key) if found and "@" in found.segment else None


def account_ref(url: str) -> AccountRef | None:
    """The account of any ``/@user`` URL: only for links on a page known to be Mastodon."""
    found = SITE.split(url)
    return AccountRef(NETWORK, found.key) if found else None


def handle_key(handle: str) -> str | None:
    """``user@domain`` for a handle written ``@user@domain`` (or without the first ``@``)."""
    text = (clean(handle) or "").removeprefix("@")
    user, _, domain = text.partition("@")
    host = _unicode_host(domain)
    return f"{user.lower()}@{host}" if host and _USER.match(user) else None


def _unicode_host(host: str) -> str | None:
    """A lowercase host name in Unicode (IDNA ``xn--`` labels decoded), or None."""
    name = unicodedata.normalize("NFC", host.strip().rstrip(".").lower())
    if not name or "." not in name or any(ch in name for ch in "/:@?#% "):
        return None
    try:
        name = name.encode("idna").decode("idna")
    except UnicodeError:
        return None
    return name.lower() if all(name.split(".")) else None


def _key(segment: str, host: str) -> str | None:
    """``user@domain`` for the handle segment of ``/@user`` or ``/@user@domain`` on ``host``."""
    user, _, domain = segment.partition("@")
    return handle_key(f"{user}@{domain or host}")


SITE = HandleSite(
    network=NETWORK,
    host=None,  # any instance
    handle=re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(?:@[^@/\s]+)?$"),
    profile="https://{domain}/@{user}",
    prefix="@",
    skipped=frozenset({"web", "deck"}),  # /web/@user: the web app's own route
    profile_tabs=frozenset({(), ("with_replies",), ("media",), ("featured",)}),
    lists={("followers",): PageKind.FOLLOWERS, ("following",): PageKind.FOLLOWING},
    key=_key,
)
profile_url = SITE.profile_url


# --- detect ----------------------------------------------------------------------------


def detect(url: str, html: str) -> str | None:
    """The page kind for a ``/@user`` URL whose page is built like Mastodon's."""
    if not _MARKERS.search(html[:200_000]):
        return None
    return SITE.page_kind(url)


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    kind = detect(url, html)
    handle = SITE.split(url)
    if kind is None or handle is None:
        raise ParserError(f"mastodon: not a Mastodon profile or list: {url[:200]!r}")
    base = clean_url(url) or url
    soup = load(html)
    header = soup.select_one(".account__header")
    ref = _owner_ref(soup, base) if kind == PageKind.PROFILE else None
    ref = ref or AccountRef(NETWORK, handle.key)
    owner = _owner(ref, header if isinstance(header, Tag) else None, soup, base)
    if kind == PageKind.PROFILE:
        if owner.name is None and header is None:
            raise ParserError("mastodon: profile page without a header or profile metadata")
        return result(NAME, VERSION, kind, owner)
    listed = follows.unique(_listed(soup, base), ref)
    ties = follows.list_ties(kind, ref, [record.ref for record in listed])
    return result(NAME, VERSION, kind, owner, listed, ties)


def _owner_ref(soup: BeautifulSoup, base: str) -> AccountRef | None:
    """Whose profile: the canonical link, then ``profile:username`` (``user@domain``)."""
    canonical = link_href(soup, "canonical", base)
    ref = account_ref(canonical) if canonical else None
    if ref is None:
        key = handle_key(meta_values(soup).get("profile:username") or "")
        ref = AccountRef(NETWORK, key) if key else None
    return ref


def _owner(ref: AccountRef, header: Tag | None, soup: BeautifulSoup, base: str) -> AccountRecord:
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    if header is not None and _header_key(header) in (None, ref.key):
        record.name = _display_name(header.select_one(".account__header__tabs__name h1"))
        record.headline = select_text(header, ".account__header__content")
        record.photo_url = image_url(header.select_one(".account__header__tabs img"), base)
        record.same_as = _rel_me(header, base, ref)
    meta = meta_values(soup)
    if (meta.get("og:type") or "").lower() == "profile" and account_ref(
        clean_url(meta.get("og:url"), base) or ""
    ) in (None, ref):
        title = _TITLE.match(clean(meta.get("og:title")) or "")
        record.name = record.name or (clean(title.group("name")) if title else None)
        record.photo_url = record.photo_url or clean_url(meta.get("og:image"), base)
    return record


def _header_key(header: Tag) -> str | None:
    """The ``user@domain`` a profile header shows under the name, if it shows one."""
    small = header.select_one(".account__header__tabs__name h1 small")
    return handle_key((text_of(small) or "").split(" ")[0]) if small else None


def _display_name(h1: Tag | None) -> str | None:
    if h1 is None:
        return None
    named = h1.select_one(".display-name__html")
    if named is not None:
        return text_of(named)
    texts = [
        text_of(child) if isinstance(child, Tag) else clean(str(child))
        for child in h1.children
        if getattr(child, "name", None) != "small"
    ]
    return clean(" ".join(t for t in texts if t))


def _rel_me(header: Tag, base: str, owner: AccountRef) -> list[str]:
    """The owner's profile-field links marked ``rel="me"`` (verified or not)."""
    found: list[str] = []
    for link in header.select(".account__header__fields a[href]", limit=50):
        if "me" in (attr(link, "rel") or "").lower().split():
            url = clean_url(attr(link, "href"), base)
            if url and url not in found and account_ref(url) != owner:
                found.append(url)
    return found[:20]


def _listed(soup: BeautifulSoup, base: str) -> list[AccountRecord]:
    """The list's accounts (``div.account``), never those inside the owner's header."""
    records: list[AccountRecord] = []
    for item in soup.select("div.account", limit=follows.MAX_LISTED):
        if item.find_parent(class_="account__header") is not None:
            continue
        link = item.select_one("a.account__display-name[href]")
        if link is None:
            continue
        ref = account_ref(urljoin(base, attr(link, "href") or ""))
        if ref is None:
            key = handle_key(attr(link, "title") or "")
            ref = AccountRef(NETWORK, key) if key else None
        if ref is None:
            continue
        record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
        record.name = select_text(item, ".display-name__html")
        record.photo_url = image_url(item.select_one(".account__avatar img"), base)
        records.append(record)
    return records
