"""Facebook member URLs: one key per member, and which page a URL is.

One key per member, whatever Facebook's many URL forms say:

- a numeric id (``profile.php?id=123``, ``/people/Name/123``, ``/123``) is the key itself;
- a username is lowercased with its dots removed, because Facebook ignores both
  ("anna.schmidt.1987" and "AnnaSchmidt1987" are one account);
- hosts (``www.``, ``m.``, ``mbasic.``, ``web.``, ``de-de.``) and tracking parameters
  (``fref``, ``__tn__``, ``refid``, ``__cft__`` …) are dropped.

Whose list a page is comes from the URL: ``/friends/list``, ``/friends/center/friends``,
``/me/friends`` are the viewer's; ``/<user>/friends`` and ``profile.php?id=…&sk=friends``
a friend's; ``friends_mutual`` and ``/browse/mutual_friends/?uid=`` list friends of both.

Shared by the profile reader (``facebook_profile.py``) and ``facebook.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

from metanet.model import AccountRecord, AccountRef, PageKind
from metanet.sites import tree
from metanet.sites.text import clean
from metanet.sites.urls import split_site_url

NETWORK = "facebook"
FRIEND = "friend"
GROUP = "group"  # page kind: a group's page or member list (members, no ties)
_GROUP = re.compile(r"^[a-z0-9.]{1,80}$")

_HOST = re.compile(r"(?:^|\.)(?:facebook\.com|fb\.com)$")
ID = re.compile(r"^[0-9]{1,20}$")
_USERNAME = re.compile(r"^[A-Za-z0-9.]{1,80}$")
APP_LINK = re.compile(r"fb://profile/([0-9]{1,20})")
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
_FRIEND_TABS = {"friends", "friends_all"}
_MUTUAL_TABS = {"friends_mutual", "mutual_friends"}


# --- URLs ------------------------------------------------------------------------------


def normalise(url: str) -> AccountRef | None:
    """The member a Facebook profile URL points at (any host, tab or tracking query)."""
    found = member(url)
    return AccountRef(NETWORK, found[0]) if found else None


def profile_url(key: str) -> str:
    if ID.match(key):
        return f"https://www.facebook.com/profile.php?id={key}"
    return f"https://www.facebook.com/{key}"


def _split(url: str) -> tuple[list[str], dict[str, list[str]]] | None:
    found = split_site_url(url, _HOST)
    if found is None:
        return None
    parts, raw = found
    segments = [unquote(segment) for segment in raw]
    return segments, parse_qs(parts.query)


def member(url: str) -> tuple[str, list[str]] | None:
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
        return (member, [tab] if tab else []) if ID.match(member) else None
    if first == "people" and len(segments) >= 3 and ID.match(segments[2]):
        return segments[2], [segment.lower() for segment in segments[3:]]
    if first in _RESERVED or not _USERNAME.match(segments[0]):
        return None
    key = segments[0].replace(".", "").lower()
    if not key:
        return None
    return key, [segment.lower() for segment in segments[1:]]


# --- which page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    kind: str
    owner: AccountRef | None = None  # None: the viewer's own list
    group: str | None = None  # a group page's group (its name in the URL or its id)


def page_of(url: str) -> Page | None:
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
        return Page(PageKind.CONTACTS)
    if lowered[:1] == ["search"] and (
        "keywords_users" in lowered or lowered[1:2] in (["people"], ["top"])
    ):
        return Page(PageKind.SEARCH)  # people matched by words: seen accounts
    group = lowered[1] if lowered[:1] == ["groups"] and len(lowered) >= 2 else ""
    if _GROUP.match(group) and lowered[2:] in ([], ["members"]):
        return Page(GROUP, group=group)  # its posts' authors, or its member list
    if lowered[:2] == ["browse", "mutual_friends"]:
        uid = query.get("uid", [""])[0]
        return Page(PageKind.MUTUAL, AccountRef(NETWORK, uid)) if ID.match(uid) else None
    found = member(url)
    if found is None:
        return None
    owner = AccountRef(NETWORK, found[0])
    tab = found[1][0] if found[1] else ""
    if tab in _MUTUAL_TABS or (tab in _FRIEND_TABS and query.get("mutual")):
        return Page(PageKind.MUTUAL, owner)
    if tab in _FRIEND_TABS:
        return Page(PageKind.CONTACTS, owner)
    if tab in ("", "about", "timeline"):
        return Page(PageKind.PROFILE, owner)
    return None


# --- a link to a member ----------------------------------------------------------------


def linked(link: tree.Element, base: str) -> AccountRecord | None:
    """The member a link points at, named by its text (or its picture's label)."""
    url = tree.href(link, base)
    found = member(url) if url else None
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
