"""Instagram: profiles, the followers / following dialogs and "Followed by" (mutual).

Keys are lowercase usernames: Instagram treats ``/Name/`` and ``/name/`` as one account,
and ``www.``/``m.``, ``?hl=de``, ``?igsh=…`` and a trailing slash never change whose page
it is. Paths such as ``/p/…``, ``/reel/…`` or ``/explore/…`` are posts and features, not
people.

Instagram's classes are atomic CSS (``x1lliihq``) that change with every release, so the
parser reads only what is stable: OpenGraph tags and the canonical link for the owner,
``div[role=dialog]`` for an open list, and profile links (``a[href="/<user>/"]``) for
who is in it. Follower counts are not used: the meta tags and the page disagree
(2,067 vs 2,066 on the saved page), and a count names nobody.

The list's owner comes from the URL (``/<owner>/followers/``), which the dialog changes
when it opens; the page behind the dialog is the owner's profile.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult
from metanet.sites import follows
from metanet.sites.base import ParserError, result
from metanet.sites.handles import HandleSite
from metanet.sites.page import attr, image_url, link_href, load, meta_values, text_of
from metanet.sites.text import clean, clean_url

NAME = "instagram"
VERSION = 1
NETWORK = "instagram"

SITE = HandleSite(
    network=NETWORK,
    host=re.compile(r"^(?:www\.|m\.)?instagram\.com$"),
    handle=re.compile(r"^[a-z0-9._]{1,30}$", re.IGNORECASE),
    profile="https://www.instagram.com/{key}/",
    safe="._",
    # First path segments that are Instagram features, not usernames.
    reserved=frozenset(
        {
            "p", "reel", "reels", "tv", "stories", "explore", "accounts", "direct", "about",
            "legal", "developer", "web", "challenge", "emails", "session", "graphql", "api",
            "static", "privacy", "terms", "directory", "locations", "topics", "create", "ar",
            "press", "blog", "business", "help", "_u", "_n",
        }
    ),
    lists={
        ("followers",): PageKind.FOLLOWERS,
        ("following",): PageKind.FOLLOWING,
        ("followers", "mutualonly"): PageKind.MUTUAL,
        ("followers", "mutualfirst"): PageKind.FOLLOWERS,
    },
)  # fmt: skip
normalise = SITE.normalise
profile_url = SITE.profile_url
_OG_TITLE = re.compile(r"^(?P<name>.*?)\s*\(@(?P<user>[\w.]{1,30})\)")
_BIO = re.compile(r'on Instagram:\s*"(?P<bio>.*)"\s*$', re.DOTALL)
_BUTTONS = frozenset({"follow", "following", "remove", "requested", "message", "·", "verified"})


# --- detect ----------------------------------------------------------------------------


def detect(url: str, html: str) -> str | None:
    """``profile``, ``followers``, ``following`` or ``mutual`` from the URL's shape."""
    return SITE.page_kind(url)


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    """The owner, and for an open list dialog every loaded account with its follow ties."""
    kind = detect(url, html)
    handle = SITE.split(url)
    if kind is None or handle is None:
        raise ParserError(f"instagram: not a profile or list URL: {url[:200]!r}")
    soup = load(html)
    meta = meta_values(soup)
    base = clean_url(url) or "https://www.instagram.com/"
    if kind == PageKind.PROFILE:
        if (meta.get("og:type") or "").strip().lower() != "profile":
            raise ParserError("instagram: profile URL but the page is not a profile")
        ref = _page_owner(soup, meta, base) or AccountRef(NETWORK, handle.key)
    else:
        ref = AccountRef(NETWORK, handle.key)  # the dialog's URL names the list's owner
    owner = _owner_record(ref, soup, meta, base)
    if kind == PageKind.PROFILE:
        return result(NAME, VERSION, kind, owner)
    dialog = soup.select_one('div[role="dialog"]')
    if dialog is None:
        raise ParserError("instagram: list URL but no open dialog on the page")
    listed = follows.unique(_dialog_accounts(dialog, base), ref)
    ties = follows.list_ties(kind, ref, [record.ref for record in listed])
    return result(NAME, VERSION, kind, owner, listed, ties)


def _page_owner(soup: BeautifulSoup, meta: dict[str, str], base: str) -> AccountRef | None:
    for candidate in (link_href(soup, "canonical", base), clean_url(meta.get("og:url"), base)):
        ref = normalise(candidate) if candidate else None
        if ref is not None:
            return ref
    return None


def _owner_record(
    ref: AccountRef, soup: BeautifulSoup, meta: dict[str, str], base: str
) -> AccountRecord:
    """The owner's facts from the page's OpenGraph tags, when they are about ``ref``."""
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    page = _page_owner(soup, meta, base)
    title = _OG_TITLE.match(clean(meta.get("og:title")) or "")
    if page != ref or title is None or title.group("user").lower() != ref.key:
        return record  # metadata about someone else (or nobody) is not used
    record.name = clean(title.group("name"))
    record.photo_url = clean_url(meta.get("og:image"), base)
    bio = _BIO.search(meta.get("description") or "")
    record.headline = clean(bio.group("bio")) if bio else None
    record.same_as = _links_out(soup)
    return record


def _links_out(soup: BeautifulSoup) -> list[str]:
    """The profile's own links (bio link via ``l.instagram.com``, Threads) from its header."""
    header = soup.find("header")
    found: list[str] = []
    if not isinstance(header, Tag):
        return found
    for link in header.find_all("a", href=True, limit=200):
        href = clean_url(attr(link, "href"), "https://www.instagram.com/")
        if href and (urlsplit(href).hostname or "") == "l.instagram.com":
            href = clean_url(next(iter(parse_qs(urlsplit(href).query).get("u", [])), None))
            href = _drop_tracking(href) if href else None
        elif href and (urlsplit(href).hostname or "").endswith("threads.net"):
            href = urlsplit(href)._replace(query="").geturl()  # ?xmt= is tracking
        else:
            continue
        if href and href not in found:
            found.append(href)
    return found[:20]


def _drop_tracking(url: str) -> str:
    """Remove the ``fbclid`` Instagram adds to outgoing links."""
    parts = urlsplit(url)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("fbclid="))
    return parts._replace(query=query).geturl()


def _dialog_accounts(dialog: Tag, base: str) -> list[AccountRecord]:
    """One record per profile link in the dialog, with the name shown beside it."""
    records: list[AccountRecord] = []
    done: set[str] = set()
    for link in dialog.find_all("a", href=True, limit=follows.MAX_LISTED * 4):
        found = SITE.split(clean_url(attr(link, "href"), base) or "")
        if found is None or found.rest or found.key in done:
            continue
        user = found.key
        done.add(user)
        row = _row(link, user, base)
        record = AccountRecord(NETWORK, user, profile_url(user))
        record.name = _row_name(row, user)
        photo = row.find("img")
        record.photo_url = image_url(photo if isinstance(photo, Tag) else None, base)
        records.append(record)
    return records


def _row(link: Tag, user: str, base: str) -> Tag:
    """The largest ancestor of ``link`` that shows no other account: the list row."""
    row = link
    for _ in range(15):
        parent = row.parent
        if not isinstance(parent, Tag) or parent is link.find_parent("body"):
            break
        if _other_user(parent, user, base):
            break
        row = parent
    return row


def _other_user(scope: Tag, user: str, base: str) -> bool:
    for other in scope.find_all("a", href=True, limit=60):
        found = SITE.split(clean_url(attr(other, "href"), base) or "")
        if found is not None and found.key != user:
            return True
    return False


def _row_name(row: Tag, user: str) -> str | None:
    """The first text in the row that is neither the username nor a button label."""
    for span in row.find_all("span", attrs={"dir": "auto"}, limit=20):
        if span.find_parent("a") is not None or span.find_parent("button") is not None:
            continue
        text = text_of(span)
        if text and text.lower() != user and text.lower() not in _BUTTONS:
            return text
    return None
