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

A profile shows a few friends (the real m.facebook.com pages of 2017 in
``shared/fixtures/real/facebook``): each is a friend tie of the member; those Facebook
marks as mutual are friends of the viewer too; each card's "75 mutual friends" is kept as
what the viewer shares with that friend. The member's numeric id (in the friends link's
``lst=`` parameter, or the App Links tags) is an alias of the username. A people search
(``/search/str/<words>/keywords_users``) gives seen accounts, read also from the HTML the
page ships commented out in ``<code>`` blocks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from metanet import model
from metanet.model import (
    AccountRecord,
    AccountRef,
    MutualMention,
    PageKind,
    ParseResult,
    PositionKind,
    SharedConnections,
    TieRecord,
)
from metanet.sites import mutual, periods, tree
from metanet.sites.base import ParserError, result
from metanet.sites.text import clean, clean_url
from metanet.sites.urls import split_site_url

NAME = "facebook"
VERSION = 2  # 2: friends on profiles, mutual counts, ids, positions, search
NETWORK = "facebook"
MAX_CARDS = 5000
MAX_PAGELETS = 60
MAX_PAGELET_CHARS = 2_000_000
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
    if lowered[:1] == ["search"] and (
        "keywords_users" in lowered or lowered[1:2] in (["people"], ["top"])
    ):
        return _Page(PageKind.SEARCH)  # people matched by words: seen accounts
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
    if page.kind == PageKind.SEARCH:
        return _search(root, base)
    if page.kind == PageKind.PROFILE and page.owner is not None:
        return _profile(root, base, page.owner)
    return _friends(root, base, page)


# --- profile ---------------------------------------------------------------------------


def _profile(root: tree.Element, base: str, fallback: AccountRef) -> ParseResult:
    """The member, the friends their profile shows, and what it says about them.

    A profile shows a few friends in a card headed by a link to the member's friends
    list; that link (not the card's place on the page) finds them. Friends Facebook marks
    as mutual (``pn_ref=col_friends_mutual``) are friends of the viewer too, and each
    friend's "75 mutual friends" is what the viewer shares with that friend.
    """
    owner = _profile_owner(root, base, fallback)
    friends: dict[AccountRef, AccountRecord] = {}
    mutuals: list[MutualMention] = []
    shared: list[SharedConnections] = []
    for link in _friend_links(root, owner.ref, base):
        record = _linked(link, base)
        if record is None or record.ref == owner.ref:
            continue
        record.name = tree.first_text(link, ".//strong") or record.name
        friends.setdefault(record.ref, record)
        query = parse_qs(urlsplit(tree.attr(link, "href") or "").query)
        if "col_friends_mutual" in query.get("pn_ref", []):
            mutuals.append(MutualMention(record.name, record.ref))
        count = tree.first_text(link, './/*[contains(text(), "mutual friend")]')
        if count:
            shared.append(mutual.shared(record.ref, FRIEND, total=mutual.printed_total(count, 0)))
    if mutuals:
        shared.append(mutual.shared(owner.ref, FRIEND, mutuals))
    shared = mutual.merge(shared)
    mutual_refs = {mention.account for mention in mutuals}
    ties = [TieRecord(owner.ref, ref, FRIEND) for ref in friends if ref not in mutual_refs]
    ties += mutual.ties(shared)
    family = [record for record in _family(root, base) if record.ref not in friends]
    accounts = [*friends.values(), *family]
    return result(NAME, VERSION, PageKind.PROFILE, owner, accounts, ties, shared=shared)


def _friend_links(root: tree.Element, owner: AccountRef, base: str) -> list[tree.Element]:
    """Member links in the card that the owner's friends-list link heads."""
    for header in tree.xpath(root, '//a[contains(@href, "friends")]')[:20]:
        listed = _page(tree.href(header, base) or "")
        if listed is None or listed.owner != owner or listed.kind == PageKind.PROFILE:
            continue
        card = next(iter(tree.xpath(header, 'ancestor::*[@data-sigil="profile-card"][1]')), None)
        if card is not None:
            return [link for link in tree.xpath(card, ".//a[@href]")[:200] if link is not header]
    return []


def _family(root: tree.Element, base: str) -> list[AccountRecord]:
    """Relatives and partners the profile names (seen accounts: a relation is not a
    friendship on Facebook, and its kind is not a tie kind here)."""
    found: dict[AccountRef, AccountRecord] = {}
    for link in tree.xpath(root, '//a[contains(@href, "pn_ref=info_")]')[:50]:
        record = _linked(link, base)
        if record is not None and record.name:
            found.setdefault(record.ref, record)
    return list(found.values())


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
    ids = []
    app_link = tree.meta(root, "al:android:url") or tree.meta(root, "al:ios:url") or ""
    numeric = _APP_LINK.search(app_link)
    if numeric:
        ids.append(numeric.group(1))
    ids.append(_listed_id(root, ref, base))
    aliases = [found for found in dict.fromkeys(ids) if found and found != ref.key]
    return AccountRecord(
        NETWORK,
        ref.key,
        profile_url(ref.key),
        name=name,
        location=_current_city(root),
        photo_url=clean_url(tree.meta(root, "og:image"), base),
        same_as=[profile_url(alias) for alias in aliases] + _contact_links(root, base),
        aliases=aliases,
        positions=_positions(root),
    )


def _listed_id(root: tree.Element, owner: AccountRef, base: str) -> str | None:
    """The member's numeric id from their friends-list link: Facebook writes
    ``lst=<viewer id>:<member id>:<time>`` there."""
    for link in tree.xpath(root, '//a[contains(@href, "lst=")]')[:20]:
        href = tree.href(link, base) or ""
        listed = _page(href)
        if listed is None or listed.owner != owner:
            continue
        parts = unquote(parse_qs(urlsplit(href).query).get("lst", [""])[0]).split(":")
        if len(parts) >= 2 and _ID.match(parts[1]):
            return parts[1]
    return None


def _current_city(root: tree.Element) -> str | None:
    """ "Places they've lived": the place labelled Current City (else the first)."""
    places = tree.xpath(root, '//*[@id="living"]//header')[:10]
    labelled = [[tree.text(h4) for h4 in tree.xpath(place, ".//h4")[:2]] for place in places]
    for texts in labelled:
        if len(texts) == 2 and texts[1] and texts[1].lower() in ("current city", "wohnort"):
            return texts[0]
    return next((texts[0] for texts in labelled if texts and texts[0]), None)


def _contact_links(root: tree.Element, base: str) -> list[str]:
    """Websites and the Twitter account from "Contact Info" (links leave through l.php)."""
    found: list[str] = []
    for link in tree.xpath(root, '//*[@id="contact-info"]//a[@href]')[:20]:
        href = tree.href(link, base) or ""
        if urlsplit(href).path == "/l.php":
            href = clean_url(next(iter(parse_qs(urlsplit(href).query).get("u", [])), None)) or ""
        if href and normalise(href) is None and href not in found:
            found.append(href)
    for label in tree.xpath(root, '//*[@id="contact-info"]//span[normalize-space(.)="Twitter"]')[
        :2
    ]:
        handle = clean(label.getparent().text if label.getparent() is not None else None)
        if handle and re.fullmatch(r"@?\w{1,15}", handle):
            found.append(f"https://x.com/{handle.lstrip('@')}")
    return found


def _positions(root: tree.Element) -> list[model.Position]:
    """Work and education from the About cards: organisation link, then its lines (the
    role or the field, and the period)."""
    positions: list[model.Position] = []
    for card, kind in (("work", PositionKind.WORK), ("education", PositionKind.EDUCATION)):
        query = f'//*[@id="{card}"]//*[{tree.has_class("experience")}]'
        for entry in tree.xpath(root, query)[:30]:
            organisation = next(
                (t for link in tree.xpath(entry, ".//a[@href]") if (t := tree.text(link))), None
            )
            if not organisation:
                continue
            lines = [text for span in tree.xpath(entry, ".//span") if (text := tree.text(span))]
            dated = next((line for line in lines if periods.years(line)[:2] != (None, None)), None)
            title = next(
                (
                    line
                    for line in lines
                    if line != dated and line != organisation and line not in _SCHOOL_TYPES
                ),
                None,
            )
            positions.append(periods.position(organisation, kind, title, dated))
    return positions


_SCHOOL_TYPES = frozenset({"College", "High School", "Graduate School", "·"})


# --- search ----------------------------------------------------------------------------


def _search(root: tree.Element, base: str) -> ParseResult:
    """People matched by words: seen accounts, never ties. The 2017 page delivers its
    results inside ``<code><!-- … --></code>`` blocks that Facebook's script renders
    later; they are read there as well as in the live DOM."""
    found: dict[AccountRef, AccountRecord] = {}
    query = '//a[starts-with(@data-testid, "serp_result_link")][contains(@data-testid, "User")]'
    for scope in [root, *_pagelets(root)]:
        for link in tree.xpath(scope, query)[:MAX_CARDS]:
            record = _linked(link, base)
            if record is None:
                continue
            if record.ref in found:  # the picture's link came first, the name's second
                found[record.ref].name = found[record.ref].name or record.name
                continue
            numeric = _result_id(link)
            if numeric and numeric != record.key:
                record.aliases = [numeric]
                record.same_as = [profile_url(numeric)]
            found[record.ref] = record
    if not found:
        raise ParserError("facebook: search page without any recognisable person")
    return result(NAME, VERSION, PageKind.SEARCH, None, list(found.values()))


def _result_id(link: tree.Element) -> str | None:
    """The member's numeric id from the result's ``data-bt`` analytics JSON."""
    for holder in tree.xpath(link, "ancestor::*[@data-bt]")[-3:]:
        try:
            data = json.loads(holder.get("data-bt") or "")
        except ValueError:
            continue
        value = str(data.get("id", "")) if isinstance(data, dict) else ""
        if _ID.match(value):
            return value
    return None


def _pagelets(root: tree.Element) -> list[tree.Element]:
    """The HTML Facebook ships commented out in ``<code>`` blocks (BigPipe), parsed."""
    found: list[tree.Element] = []
    for comment in tree.xpath(root, "//code/comment()")[:MAX_PAGELETS]:
        text = (comment.text or "")[:MAX_PAGELET_CHARS]
        if "<" in text:
            found.append(tree.load_fragment(text))
    return found


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
