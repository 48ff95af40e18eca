"""X (formerly Twitter): profiles, followers / following and "Followers you know".

Keys are lowercase handles: ``x.com/Name`` and ``twitter.com/name`` (also ``mobile.``
and ``www.``) are one account. Paths like ``/home``, ``/i/…`` or ``/search`` are not
people.

Meaning, not nesting: the profile's owner comes from its JSON-LD ``ProfilePage``
(``data-testid="UserProfileSchema-test"``), a legacy (2017) page's embedded
``init-data`` JSON (``profile_user``), or the header's ``data-testid="UserName"``; lists
from ``data-testid`` attributes, which X keeps for its own tests: ``UserCell`` for a
listed account, ``UserAvatar-Container-<handle>`` for its handle. A cell is a "Who to
follow" suggestion (a seen account, never a tie) when it sits in the sidebar landmark
(``sidebarColumn``, an ``aside``) — never decided by the column a cell appears in: X's
cell is a ``<button>`` holding a ``<button>``, and Chromium's HTML parser moves most
cells out of the primary column. "Followed by a, b, and 113 others you follow" (the
``followers_you_follow`` link) is kept as what the viewer shares with the owner.

Two markers speak about the *viewer*, never the page's owner:

* ``userFollowIndicator`` ("Follows you") on a cell or a profile: that account follows
  the viewer (account → viewer);
* a cell's ``<id>-unfollow`` button ("Following"): the viewer follows that account
  (viewer → account).

Both are ties of the user's own account (``AccountRef.viewer``); the store resolves it.
A follow both ways is two ties.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from metanet import model
from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult, TieRecord
from metanet.sites import fallback, follows, mutual, tree
from metanet.sites.base import ParserError, result
from metanet.sites.handles import HandleSite
from metanet.sites.page import ld_text, ld_urls, top_nodes, types
from metanet.sites.text import clean, clean_url

NAME = "x"
VERSION = 2  # 2: lxml, cells by landmark, legacy pages, "Followed by"
NETWORK = "x"

SITE = HandleSite(
    network=NETWORK,
    host=re.compile(r"^(?:www\.|mobile\.)?(?:x|twitter)\.com$"),
    handle=re.compile(r"^[A-Za-z0-9_]{1,15}$"),
    profile="https://x.com/{key}",
    reserved=frozenset(
        {
            "home", "explore", "notifications", "messages", "i", "settings", "search",
            "compose", "login", "logout", "signup", "tos", "privacy", "hashtag", "intent",
            "share", "account", "jobs", "lists", "bookmarks", "communities", "premium",
            "verified-choose", "download", "about", "help",
        }
    ),
    lists={
        ("followers",): PageKind.FOLLOWERS,
        ("verified_followers",): PageKind.FOLLOWERS,
        ("following",): PageKind.FOLLOWING,
        ("followers_you_follow",): PageKind.MUTUAL,
    },
)  # fmt: skip
_AVATAR = "UserAvatar-Container-"
# Hosts of X's own link shortener: a t.co link says nothing about identity.
_SHORTENERS = frozenset({"t.co"})
normalise = SITE.normalise
profile_url = SITE.profile_url


# --- detect ----------------------------------------------------------------------------


def detect(url: str, html: str) -> str | None:
    return SITE.page_kind(url)


# --- parse ---------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    kind, handle = SITE.page(url, detect(url, html))
    base = clean_url(url) or "https://x.com/"
    root = tree.load_tree(html, NAME)
    # The string checks spare whole-page scans on pages without the hook (a legacy page).
    cells = (
        tree.xpath(root, '//*[@data-testid="UserCell"]')[: follows.MAX_LISTED]
        if "UserCell" in html
        else []
    )
    sidebar = [cell for cell in cells if _suggestion(cell)]
    suggested = [record for record, _ in (_cell(cell, base) for cell in sidebar) if record]
    if kind == PageKind.PROFILE:
        owner = _profile_owner(root, html, base, handle.key)
        if owner is None:
            ref = AccountRef(NETWORK, handle.key)
            return fallback.partly_read(
                NAME, VERSION, kind, ref, profile_url(ref.key), root, html, base
            )
        follows_you = "userFollowIndicator" in html and _follows_viewer(root)
        ties = [follows.follow(owner.ref, _viewer())] if follows_you else []
        shared = _followed_by(root, owner.ref) if "followers_you_follow" in html else []
        return result(NAME, VERSION, kind, owner, suggested, ties, shared=shared)
    if len(sidebar) == len(cells) and tree.first(root, '//*[@data-testid="primaryColumn"]') is None:
        raise ParserError("x: list page without its primary column")
    ref = AccountRef(NETWORK, handle.key)
    owner = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    listed: list[AccountRecord] = []
    extra: list[TieRecord] = []
    for cell in cells:
        if cell in sidebar:
            continue
        record, flags = _cell(cell, base)
        if record is None or record.ref == ref:
            continue
        listed.append(record)
        if "follows_you" in flags:
            extra.append(follows.follow(record.ref, _viewer()))
        if "following" in flags:
            extra.append(follows.follow(_viewer(), record.ref))
    listed = follows.unique(listed, ref)
    ties = follows.list_ties(kind, ref, [record.ref for record in listed])
    ties += [tie for tie in dict.fromkeys(extra) if tie not in ties]
    return result(NAME, VERSION, kind, owner, listed + suggested, ties)


def _viewer() -> AccountRef:
    return AccountRef.viewer(NETWORK)


def _suggestion(cell: tree.Element) -> bool:
    """A cell in the sidebar ("Who to follow", an ``aside``): a suggestion, not a listed
    account. Decided by the landmark the cell is in, never by its column."""
    return tree.inside(cell, '@data-testid="sidebarColumn" or self::aside')


def _cell(cell: tree.Element, base: str) -> tuple[AccountRecord | None, set[str]]:
    """A listed account and its markers: ``follows_you`` and/or ``following``."""
    avatar = tree.first(cell, f'.//*[starts-with(@data-testid, "{_AVATAR}")]')
    handle = (tree.attr(avatar, "data-testid") or "")[len(_AVATAR) :].lower()
    links = tree.xpath(cell, ".//a[@href]")[:40]
    refs = [normalise(tree.href(link, base) or "") for link in links]
    ref = next((r for r in refs if r is not None and r.key == handle), None)
    if ref is None:  # no avatar hook: the first profile link of the cell is its account
        ref = next((r for r in refs if r is not None), None)
    if ref is None:
        return None, set()
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    for link, link_ref in zip(links, refs, strict=True):
        text = tree.text(link) if link_ref == ref else None
        if text and not text.startswith("@"):
            record.name = text
            break
    record.photo_url = (
        tree.image_url(tree.first(avatar, ".//img"), base) if avatar is not None else None
    )
    # The markers are read in the list row (X's virtualised ``cellInnerDiv``): the cell is
    # a <button> holding the "Following" <button>, which Chromium's parser moves out of it.
    row = next(iter(tree.xpath(cell, 'ancestor::*[@data-testid="cellInnerDiv"][1]')), cell)
    flags: set[str] = set()
    if tree.first(row, './/*[@data-testid="userFollowIndicator"]') is not None:
        flags.add("follows_you")
    if tree.first(row, './/*[contains(@data-testid, "-unfollow")]') is not None:
        flags.add("following")
    return record, flags


def _profile_owner(root: tree.Element, html: str, base: str, url_key: str) -> AccountRecord | None:
    """The owner: JSON-LD ProfilePage, else a legacy page's ``init-data``, else the
    header; keyed by handle. None when the page has none of them."""
    nodes = top_nodes(tree.json_ld(root)) if "ld+json" in html else []
    person = _ld_person(nodes)
    if person is not None:
        ref = next(iter(filter(None, map(normalise, ld_urls(person.get("url"), base)))), None)
        record = _record(ref or _canonical_ref(root, base, url_key))
        record.name = ld_text(person.get("givenName")) or ld_text(person.get("name"))
        record.headline = ld_text(person.get("description"))
        record.location = ld_text(person.get("homeLocation"))
        record.photo_url = next(iter(ld_urls(person.get("image"), base)), None)
        record.same_as = _related(nodes, base, record.ref)
        return record
    legacy = _legacy_user(root) if "init-data" in html else None
    if legacy is not None:
        handle = clean(legacy.get("screen_name"))
        ref = normalise(profile_url(handle)) if handle else None
        record = _record(ref or _canonical_ref(root, base, url_key))
        record.name = clean(legacy.get("name"))
        record.headline = clean(legacy.get("description"))
        record.location = clean(legacy.get("location"))
        avatar = tree.first(root, f"//img[{tree.has_class('ProfileAvatar-image')}]")
        record.photo_url = tree.image_url(avatar, base) or clean_url(
            legacy.get("profile_image_url_https")
        )
        website = clean_url(legacy.get("url"))
        record.same_as = [website] if website and normalise(website) != record.ref else []
        return record
    header = tree.first(root, '//*[@data-testid="UserName"]') if "UserName" in html else None
    if header is None:
        return None
    record = _record(_canonical_ref(root, base, url_key))
    texts = [tree.text(span) for span in tree.xpath(header, ".//span")[:10]]
    record.name = next((t for t in texts if t and not t.startswith("@")), None)
    record.headline = tree.first_text(root, '//*[@data-testid="UserDescription"]')
    record.location = tree.first_text(root, '//*[@data-testid="UserLocation"]')
    return record if record.name or record.headline else None


def _record(ref: AccountRef) -> AccountRecord:
    return AccountRecord(NETWORK, ref.key, profile_url(ref.key))


def _canonical_ref(root: tree.Element, base: str, url_key: str) -> AccountRef:
    canonical = tree.link_href(root, "canonical", base)
    return (normalise(canonical) if canonical else None) or AccountRef(NETWORK, url_key)


def _ld_person(nodes: list[dict[str, object]]) -> dict[str, object] | None:
    for node in nodes:
        entity = node.get("mainEntity")
        if "ProfilePage" in types(node) and "Person" in types(entity):
            return entity if isinstance(entity, dict) else None
    return None


def _legacy_user(root: tree.Element) -> dict[str, object] | None:
    """``profile_user`` of a 2017 page's ``<input id="init-data">`` JSON (the viewer is
    ``screenName`` there, never used)."""
    value = tree.attr(tree.first(root, '//input[@id="init-data"]'), "value") or ""
    try:
        data = json.loads(value[:2_000_000]) if value else None
    except (ValueError, RecursionError):
        return None
    user = data.get("profile_user") if isinstance(data, dict) else None
    return user if isinstance(user, dict) else None


def _related(nodes: list[dict[str, object]], base: str, owner: AccountRef) -> list[str]:
    """The profile's website(s) from ``relatedLink``, without X's t.co short links."""
    found: list[str] = []
    for node in nodes:
        if "ProfilePage" not in types(node):
            continue
        for url in ld_urls(node.get("relatedLink"), base):
            host = (urlsplit(url).hostname or "").lower()
            if host not in _SHORTENERS and normalise(url) != owner and url not in found:
                found.append(url)
    return found[:20]


def _follows_viewer(root: tree.Element) -> bool:
    """ "Follows you" in the profile header: the owner follows the viewer."""
    return (
        tree.first(root, '//*[@data-testid="UserName"]//*[@data-testid="userFollowIndicator"]')
        is not None
    )


def _followed_by(root: tree.Element, owner: AccountRef) -> list[model.SharedConnections]:
    """ "Followed by Liam Griffiths, not a fan of yours, and 113 others you follow": the
    accounts the viewer follows that follow the owner. The link's target is the hook; the
    names are the sentence's own elements (display names may hold commas)."""
    link = tree.first(root, '//a[contains(@href, "/followers_you_follow")]')
    if link is None:
        return []
    sentence = tree.text(link)
    line = tree.first(link, './/*[starts-with(normalize-space(text()), "Followed by")]')
    names = (
        [tree.text(span) for span in tree.xpath(line, "./span")[:10]] if line is not None else []
    )
    named = mutual.by_name(names)
    total = mutual.printed_total(sentence, len(named))
    return mutual.merge([mutual.shared(owner, mutual.FOLLOWS, named, total)])
