"""Facebook: member URLs, profiles, friends lists (own and a friend's) and mutual friends.

One key per member, whatever Facebook's many URL forms say:

- a numeric id (``profile.php?id=123``, ``/people/Name/123``, ``/123``) is the key itself;
- a username is lowercased with its dots removed, because Facebook ignores both
  ("anna.schmidt.1987" and "AnnaSchmidt1987" are one account);
- hosts (``www.``, ``m.``, ``mbasic.``, ``web.``, ``de-de.``) and tracking parameters
  (``fref``, ``__tn__``, ``refid``, ``__cft__`` …) are dropped.

A page that shows both forms of one member (a profile's App Links meta tags carry
``fb://profile/<id>``) keeps the other form as ``same_as``.

Whose list it is comes from the URL: ``/friends/list``, ``/friends/center/friends``,
``/me/friends`` are the viewer's; ``/<user>/friends`` and ``profile.php?id=…&sk=friends``
a friend's; ``friends_mutual`` and ``/browse/mutual_friends/?uid=`` list friends of both.
Cards inside "People you may know" and other suggestions are seen accounts, not ties.
No real Facebook page was available; the fixtures say what they are built from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult, TieRecord
from metanet.sites import tree
from metanet.sites.base import ParserError, result
from metanet.sites.text import clean, clean_url
from metanet.sites.urls import split_site_url

NAME = "facebook"
VERSION = 1
NETWORK = "facebook"
MAX_CARDS = 5000
FRIEND = "friend"

_HOST = re.compile(r"(?:^|\.)(?:facebook\.com|fb\.com)$")
_ID = re.compile(r"^[0-9]{1,20}$")
_USERNAME = re.compile(r"^[A-Za-z0-9.]{1,80}$")
_APP_LINK = re.compile(r"fb://profile/([0-9]{1,20})")
# First path segments that are Facebook's own pages, never a member.
# fmt: off
_RESERVED = frozenset(
    {
        "about", "ads", "ajax", "bookmarks", "browse", "business", "careers", "checkpoint",
        "comment", "dialog", "directory", "events", "find-friends", "friends", "gaming", "groups",
        "hashtag", "help", "home", "home.php", "l.php", "latest", "legal", "login", "login.php",
        "logout.php", "marketplace", "me", "media", "memories", "messages", "mobile", "notes",
        "notifications", "pages", "people", "permalink.php", "photo", "photo.php", "photos",
        "plugins", "policies", "privacy", "profile.php", "recover", "reel", "reels", "saved",
        "search", "settings", "sharer", "sharer.php", "stories", "story.php", "terms", "video",
        "videos", "watch",
    }
)
# fmt: on
# Parts of a page whose people are suggestions or adverts, never friends.
_NOT_FRIENDS = ("pymk", "peopleyoumayknow", "people you may know", "suggest", "sponsored")
# Where the list is, best first: a profile's friends tab, the "All friends" column of
# /friends/list, the main region (www), mbasic's #root.
_CONTAINERS = (
    '//*[@data-pagelet="ProfileAppSection_0"]',
    '//*[@role="navigation" and contains(@aria-label, "friends")]',
    '//*[@role="main"]',
    '//*[@id="root"]',
)
_FRIEND_TABS = {"friends", "friends_all"}
_MUTUAL_TABS = {"friends_mutual", "mutual_friends"}


# --- URLs ------------------------------------------------------------------------------


def normalise(url: str) -> AccountRef | None:
    """The member a Facebook profile URL points at (any host, tab or tracking query)."""
    found = _member(url)
    return AccountRef(NETWORK, found[0]) if found else None


def profile_url(key: str) -> str:
    if _ID.match(key):
        return f"https://www.facebook.com/profile.php?id={key}"
    return f"https://www.facebook.com/{key}"


def _split(url: str) -> tuple[list[str], dict[str, list[str]]] | None:
    found = split_site_url(url, _HOST)
    if found is None:
        return None
    parts, raw = found
    segments = [unquote(segment) for segment in raw]
    return segments, parse_qs(parts.query)


def _member(url: str) -> tuple[str, list[str]] | None:
    """(key, the path after the member, lowercased) for a member URL."""
    split = _split(url)
    if split is None:
        return None
    segments, query = split
    if not segments:
        return None
    first = segments[0].lower()
    if first == "profile.php":
        member = query.get("id", [""])[0]
        tab = (query.get("sk") or query.get("v") or [""])[0].lower()
        return (member, [tab] if tab else []) if _ID.match(member) else None
    if first == "people" and len(segments) >= 3 and _ID.match(segments[2]):
        return segments[2], [segment.lower() for segment in segments[3:]]
    if first in _RESERVED or not _USERNAME.match(segments[0]):
        return None
    key = segments[0].replace(".", "").lower()
    if not key:
        return None
    return key, [segment.lower() for segment in segments[1:]]


# --- detect ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    kind: str
    owner: AccountRef | None = None  # None: the viewer's own list


def _page(url: str) -> _Page | None:
    split = _split(url)
    if split is None:
        return None
    segments, query = split
    lowered = [segment.lower() for segment in segments]
    if lowered[:2] in (["friends", "list"], ["me", "friends"]) or lowered[:3] == [
        "friends",
        "center",
        "friends",
    ]:
        return _Page(PageKind.CONTACTS)
    if lowered[:2] == ["browse", "mutual_friends"]:
        uid = query.get("uid", [""])[0]
        return _Page(PageKind.MUTUAL, AccountRef(NETWORK, uid)) if _ID.match(uid) else None
    found = _member(url)
    if found is None:
        return None
    owner = AccountRef(NETWORK, found[0])
    tab = found[1][0] if found[1] else ""
    if tab in _MUTUAL_TABS or (tab in _FRIEND_TABS and query.get("mutual")):
        return _Page(PageKind.MUTUAL, owner)
    if tab in _FRIEND_TABS:
        return _Page(PageKind.CONTACTS, owner)
    if tab in ("", "about", "timeline"):
        return _Page(PageKind.PROFILE, owner)
    return None


def detect(url: str, html: str) -> str | None:
    """The page kind, from the URL alone."""
    page = _page(url)
    return page.kind if page else None


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    page = _page(url)
    if page is None:
        raise ParserError("facebook: not a profile or friends page")
    root = tree.load_tree(html, NAME)
    base = clean_url(url) or "https://www.facebook.com/"
    if page.kind == PageKind.PROFILE and page.owner is not None:
        return result(NAME, VERSION, PageKind.PROFILE, _profile_owner(root, base, page.owner))
    return _friends(root, base, page)


# --- profile ---------------------------------------------------------------------------


def _profile_owner(root: tree.Element, base: str, fallback: AccountRef) -> AccountRecord:
    """The member: key from og:url / canonical (else the URL), name from the page."""
    ref = None
    for candidate in (tree.meta(root, "og:url"), tree.canonical(root, base)):
        ref = normalise(candidate) if candidate else None
        if ref is not None:
            break
    ref = ref or fallback
    main = tree.first(root, '//*[@role="main"] | //*[@id="root"]')
    # og:title is the plain name; the h1 may add a nickname ("Anna Schmidt (Anni)").
    name = (
        tree.meta(root, "og:title")
        or (tree.first_text(main, ".//h1") if main is not None else None)
        or _title_name(tree.title(root))
    )
    if not name:
        raise ParserError("facebook: profile page without the member's name")
    same_as = []
    app_link = tree.meta(root, "al:android:url") or tree.meta(root, "al:ios:url") or ""
    numeric = _APP_LINK.search(app_link)
    if numeric and numeric.group(1) != ref.key:
        same_as.append(profile_url(numeric.group(1)))
    return AccountRecord(
        NETWORK,
        ref.key,
        profile_url(ref.key),
        name=name,
        photo_url=clean_url(tree.meta(root, "og:image"), base),
        same_as=same_as,
    )


def _title_name(title: str | None) -> str | None:
    """ "Anna Schmidt | Facebook" -> "Anna Schmidt"; a bare "Facebook" is no name."""
    if not title:
        return None
    name = clean(re.sub(r"^\(\d+\)\s*|\s*[|\-\u2013]\s*Facebook$", "", title))
    return None if not name or name.lower() == "facebook" else name


# --- friends lists ---------------------------------------------------------------------


def _friends(root: tree.Element, base: str, page: _Page) -> ParseResult:
    owner = (
        AccountRecord(NETWORK, page.owner.key, profile_url(page.owner.key)) if page.owner else None
    )
    container = next((found for found in map(root.xpath, _CONTAINERS) if found), [None])[0]
    if container is None:
        raise ParserError("facebook: friends page without its main section")
    friends: dict[AccountRef, AccountRecord] = {}
    seen: dict[AccountRef, AccountRecord] = {}
    for link in tree.xpath(container, ".//a[@href]")[: MAX_CARDS * 4]:
        record = _linked(link, base)
        if record is None or (page.owner is not None and record.ref == page.owner):
            continue
        target = seen if _suggested(link) else friends
        known = target.get(record.ref)
        if known is None:
            target[record.ref] = record
        elif not known.name:
            known.name = record.name  # the photo link came first, the name link second
    if not friends and not seen:
        raise ParserError("facebook: friends page without any recognisable friend")
    sources = [owner.ref] if owner else [AccountRef.viewer(NETWORK)]
    if page.kind == PageKind.MUTUAL:
        sources.append(AccountRef.viewer(NETWORK))
    ties = [TieRecord(src, ref, FRIEND) for ref in friends for src in sources]
    accounts = list(friends.values()) + [r for ref, r in seen.items() if ref not in friends]
    return result(NAME, VERSION, page.kind, owner, accounts[:MAX_CARDS], ties)


def _linked(link: tree.Element, base: str) -> AccountRecord | None:
    """The member a link points at, named by its text (or its picture's label)."""
    url = tree.href(link, base)
    found = _member(url) if url else None
    if found is None or found[1]:  # /<user>/photos and the like are not the member
        return None
    # A name span (dir="auto") when the link also holds "12 mutual friends" and the like.
    name = tree.first_text(link, './/span[@dir="auto"]') or tree.text(link) or _picture_name(link)
    if name and re.fullmatch(r"[\d.,]+\s+\S+(\s+\S+)?", name):
        name = None  # "12 mutual friends" links point at the list, not a name
    return AccountRecord(NETWORK, found[0], profile_url(found[0]), name=name)


def _picture_name(link: tree.Element) -> str | None:
    label = tree.attr(link, "aria-label") or tree.attr(tree.first(link, ".//img"), "alt")
    return clean(re.sub(r",?\s*profile picture$", "", label or "", flags=re.IGNORECASE))


def _suggested(link: tree.Element) -> bool:
    """A link inside suggestions or adverts, or one Facebook marks as a suggestion."""
    query = parse_qs(urlsplit(tree.attr(link, "href") or "").query)
    if any("pymk" in value.lower() for value in query.get("fref", [])):
        return True
    for ancestor in link.iterancestors():
        marks = " ".join(
            (ancestor.get(name) or "") for name in ("data-pagelet", "aria-label", "id", "class")
        ).lower()
        if any(mark in marks for mark in _NOT_FRIENDS):
            return True
    return False
