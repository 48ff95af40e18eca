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

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult
from metanet.sites import fallback, follows, tree
from metanet.sites.base import result
from metanet.sites.handles import HandleSite
from metanet.sites.text import clean, clean_url

NAME = "mastodon"
VERSION = 2  # 2: lxml
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


# --- parse ---------------------------------------------------------------------------

_has = tree.has_class


def parse(url: str, html: str) -> ParseResult:
    kind, handle = SITE.page(url, detect(url, html), "a Mastodon profile or list")
    base = clean_url(url) or url
    root = tree.load_tree(html, NAME)
    header = tree.first(root, f"//*[{_has('account__header')}]")
    meta = tree.meta_values(root)
    ref = _owner_ref(root, meta, base) if kind == PageKind.PROFILE else None
    ref = ref or AccountRef(NETWORK, handle.key)
    owner = _owner(ref, header, meta, base)
    if kind == PageKind.PROFILE:
        if owner.name is None and header is None:
            return fallback.partly_read(
                NAME, VERSION, kind, ref, owner.profile_url, root, html, base
            )
        return result(NAME, VERSION, kind, owner)
    listed = follows.unique(_listed(root, base), ref)
    ties = follows.list_ties(kind, ref, [record.ref for record in listed])
    return result(NAME, VERSION, kind, owner, listed, ties)


def _owner_ref(root: tree.Element, meta: dict[str, str], base: str) -> AccountRef | None:
    """Whose profile: the canonical link, then ``profile:username`` (``user@domain``)."""
    canonical = tree.link_href(root, "canonical", base)
    ref = account_ref(canonical) if canonical else None
    if ref is None:
        key = handle_key(meta.get("profile:username") or "")
        ref = AccountRef(NETWORK, key) if key else None
    return ref


def _owner(
    ref: AccountRef, header: tree.Element | None, meta: dict[str, str], base: str
) -> AccountRecord:
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    if header is not None and _header_key(header) in (None, ref.key):
        record.name = _display_name(tree.first(header, _NAME_H1))
        record.headline = tree.first_text(header, f".//*[{_has('account__header__content')}]")
        photo = tree.first(header, f".//*[{_has('account__header__tabs')}]//img")
        record.photo_url = tree.image_url(photo, base)
        record.same_as = _rel_me(header, base, ref)
    if (meta.get("og:type") or "").lower() == "profile" and account_ref(
        clean_url(meta.get("og:url"), base) or ""
    ) in (None, ref):
        title = _TITLE.match(clean(meta.get("og:title")) or "")
        record.name = record.name or (clean(title.group("name")) if title else None)
        record.photo_url = record.photo_url or clean_url(meta.get("og:image"), base)
    return record


_NAME_H1 = f".//*[{_has('account__header__tabs__name')}]//h1"


def _header_key(header: tree.Element) -> str | None:
    """The ``user@domain`` a profile header shows under the name, if it shows one."""
    small = tree.first(header, _NAME_H1 + "//small")
    return handle_key((tree.text(small) or "").split(" ")[0]) if small is not None else None


def _display_name(h1: tree.Element | None) -> str | None:
    if h1 is None:
        return None
    named = tree.first(h1, f".//*[{_has('display-name__html')}]")
    if named is not None:
        return tree.text(named)
    texts = [clean(h1.text)]
    for child in h1:  # the name's parts, without the handle in <small>
        texts += [tree.text(child) if child.tag != "small" else None, clean(child.tail)]
    return clean(" ".join(t for t in texts if t))


def _rel_me(header: tree.Element, base: str, owner: AccountRef) -> list[str]:
    """The owner's profile-field links marked ``rel="me"`` (verified or not)."""
    found: list[str] = []
    for link in tree.xpath(header, f".//*[{_has('account__header__fields')}]//a[@href]")[:50]:
        if "me" in (tree.attr(link, "rel") or "").lower().split():
            url = tree.href(link, base)
            if url and url not in found and account_ref(url) != owner:
                found.append(url)
    return found[:20]


def _listed(root: tree.Element, base: str) -> list[AccountRecord]:
    """The list's accounts (``div.account``), never those inside the owner's header."""
    records: list[AccountRecord] = []
    for item in tree.xpath(root, f"//div[{_has('account')}]")[: follows.MAX_LISTED]:
        if tree.inside(item, _has("account__header")):
            continue
        link = tree.first(item, f".//a[{_has('account__display-name')}][@href]")
        if link is None:
            continue
        ref = account_ref(urljoin(base, tree.attr(link, "href") or ""))
        if ref is None:
            key = handle_key(tree.attr(link, "title") or "")
            ref = AccountRef(NETWORK, key) if key else None
        if ref is None:
            continue
        record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
        record.name = tree.first_text(item, f".//*[{_has('display-name__html')}]")
        photo = tree.first(item, f".//*[{_has('account__avatar')}]//img")
        record.photo_url = tree.image_url(photo, base)
        records.append(record)
    return records
