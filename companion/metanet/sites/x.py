"""X (formerly Twitter): profiles, followers / following and "Followers you know".

Keys are lowercase handles: ``x.com/Name`` and ``twitter.com/name`` (also ``mobile.``
and ``www.``) are one account. Paths like ``/home``, ``/i/…`` or ``/search`` are not
people.

Stable hooks only: the profile's JSON-LD ``ProfilePage`` (``data-testid=
"UserProfileSchema-test"``), and ``data-testid`` attributes, which X keeps for its own
tests: ``UserCell`` for a listed account, ``UserAvatar-Container-<handle>`` for its
handle, ``primaryColumn`` for the list itself. The ``UserCell`` s in the sidebar are
"Who to follow" suggestions: seen accounts, never ties.

Two markers speak about the *viewer*, never the page's owner:

* ``userFollowIndicator`` ("Follows you") on a cell or a profile: that account follows
  the viewer (account → viewer);
* a cell's ``<id>-unfollow`` button ("Following"): the viewer follows that account
  (viewer → account).

Both are ties of the user's own account (``AccountRef.viewer``); the store resolves it.
A follow both ways is two ties.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult, TieRecord
from metanet.sites import follows
from metanet.sites.base import ParserError, result
from metanet.sites.handles import HandleSite
from metanet.sites.page import (
    attr,
    image_url,
    json_ld_blocks,
    ld_text,
    ld_urls,
    link_href,
    load,
    text_of,
    top_nodes,
    types,
)
from metanet.sites.text import clean_url

NAME = "x"
VERSION = 1
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


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    kind = detect(url, html)
    handle = SITE.split(url)
    if kind is None or handle is None:
        raise ParserError(f"x: not a profile or list URL: {url[:200]!r}")
    base = clean_url(url) or "https://x.com/"
    soup = load(html)
    cells = _cells(soup)
    sidebar = [cell for cell in cells if _suggestion(cell)]
    suggested = [record for record, _ in (_cell(cell, base) for cell in sidebar) if record]
    if kind == PageKind.PROFILE:
        owner = _profile_owner(html, soup, base, handle.key)
        ties = [follows.follow(owner.ref, _viewer())] if _follows_viewer(soup) else []
        return result(NAME, VERSION, kind, owner, follows.unique(suggested, owner.ref), ties)
    if soup.select_one('[data-testid="primaryColumn"]') is None and len(sidebar) == len(cells):
        raise ParserError("x: list page without its primary column")
    ref = AccountRef(NETWORK, handle.key)
    owner = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    listed: list[AccountRecord] = []
    extra: list[TieRecord] = []
    for cell in (cell for cell in cells if not _suggestion(cell)):
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
    accounts = listed + follows.unique(suggested, ref)
    return result(NAME, VERSION, kind, owner, follows.unique(accounts, ref), ties)


def _viewer() -> AccountRef:
    return AccountRef.viewer(NETWORK)


def _cells(scope: BeautifulSoup | Tag) -> list[Tag]:
    return list(scope.select('[data-testid="UserCell"]', limit=follows.MAX_LISTED))


def _suggestion(cell: Tag) -> bool:
    """A cell in the sidebar ("Who to follow", an ``aside``): a suggestion, not a listed
    account. Decided by the landmark the cell is in, never by its column: Chromium's HTML
    parser moves most list cells out of the primary column (misnested markup)."""
    return any(
        parent.name == "aside" or attr(parent, "data-testid") == "sidebarColumn"
        for parent in cell.parents
    )


def _cell(cell: Tag, base: str) -> tuple[AccountRecord | None, set[str]]:
    """A listed account and its markers: ``follows_you`` and/or ``following``."""
    handle = None
    avatar = cell.select_one(f'[data-testid^="{_AVATAR}"]')
    if avatar is not None:
        handle = (attr(avatar, "data-testid") or "")[len(_AVATAR) :]
    links = [link for link in cell.find_all("a", href=True, limit=40)]
    refs = [normalise(clean_url(attr(link, "href"), base) or "") for link in links]
    ref = next((r for r in refs if r is not None and r.key == (handle or "").lower()), None)
    if ref is None:  # no avatar hook: the first profile link of the cell is its account
        ref = next((r for r in refs if r is not None), None)
    if ref is None:
        return None, set()
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    for link, link_ref in zip(links, refs, strict=True):
        text = text_of(link) if link_ref == ref else None
        if text and not text.startswith("@"):
            record.name = text
            break
    photo = avatar.find("img") if avatar else None
    record.photo_url = image_url(photo if isinstance(photo, Tag) else None, base)
    # The markers are read in the list row (X's virtualised ``cellInnerDiv``): the cell is
    # a <button> holding the "Following" <button>, which Chromium's parser moves out of it.
    row = cell.find_parent(attrs={"data-testid": "cellInnerDiv"}) or cell
    flags: set[str] = set()
    if row.select_one('[data-testid="userFollowIndicator"]') is not None:
        flags.add("follows_you")
    if row.select_one('[data-testid$="-unfollow"]') is not None:
        flags.add("following")
    return record, flags


def _profile_owner(html: str, soup: BeautifulSoup, base: str, url_key: str) -> AccountRecord:
    """The owner from the page's JSON-LD ProfilePage, else its header; keyed by handle."""
    person = _ld_person(html)
    ref: AccountRef | None = None
    if person is not None:
        ref = next(iter(filter(None, map(normalise, ld_urls(person.get("url"), base)))), None)
    canonical = link_href(soup, "canonical", base)
    ref = ref or (normalise(canonical) if canonical else None) or AccountRef(NETWORK, url_key)
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    if person is not None:
        record.name = ld_text(person.get("givenName")) or ld_text(person.get("name"))
        record.headline = ld_text(person.get("description"))
        record.location = ld_text(person.get("homeLocation"))
        record.photo_url = next(iter(ld_urls(person.get("image"), base)), None)
    else:
        header = soup.select_one('[data-testid="UserName"]')
        texts = [text_of(span) for span in header.find_all("span", limit=10)] if header else []
        record.name = next((t for t in texts if t and not t.startswith("@")), None)
        record.headline = text_of(soup.select_one('[data-testid="UserDescription"]'))
        record.location = text_of(soup.select_one('[data-testid="UserLocation"]'))
    if record.name is None and record.headline is None and person is None:
        raise ParserError("x: profile page without JSON-LD or a profile header")
    record.same_as = _related(html, base, ref)
    return record


def _ld_person(html: str) -> dict[str, object] | None:
    for node in top_nodes(json_ld_blocks(html)):
        entity = node.get("mainEntity")
        if "ProfilePage" in types(node) and "Person" in types(entity):
            return entity if isinstance(entity, dict) else None
    return None


def _related(html: str, base: str, owner: AccountRef) -> list[str]:
    """The profile's website(s) from ``relatedLink``, without X's t.co short links."""
    found: list[str] = []
    for node in top_nodes(json_ld_blocks(html)):
        if "ProfilePage" not in types(node):
            continue
        for url in ld_urls(node.get("relatedLink"), base):
            host = (urlsplit(url).hostname or "").lower()
            if host not in _SHORTENERS and normalise(url) != owner and url not in found:
                found.append(url)
    return found[:20]


def _follows_viewer(soup: BeautifulSoup) -> bool:
    """ "Follows you" in the profile header: the owner follows the viewer."""
    header = soup.select_one('[data-testid="UserName"]')
    return (
        header is not None and header.select_one('[data-testid="userFollowIndicator"]') is not None
    )
