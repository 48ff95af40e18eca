"""Facebook: profiles, friends lists (own and a friend's), mutual friends, people search.

URLs, keys and page kinds are ``facebook_urls.py``'s job, profiles
``facebook_profile.py``'s; this module dispatches and reads lists and searches. Cards
inside "People you may know" and other suggestions are seen accounts, not ties. A people
search (``/search/str/<words>/keywords_users``) gives seen accounts, read also from the
HTML the page ships commented out in ``<code>`` blocks. No real friends-list page was
available; the fixtures say what they are built from.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from metanet.model import (
    AccountRecord,
    AccountRef,
    GroupRecord,
    PageKind,
    ParseResult,
    TieRecord,
)
from metanet.sites import facebook_profile, tree
from metanet.sites.base import ParserError, result
from metanet.sites.facebook_urls import (
    FRIEND,
    GROUP,
    ID,
    NETWORK,
    Page,
    linked,
    normalise,
    page_of,
    profile_url,
)
from metanet.sites.page import MAX_LIST
from metanet.sites.text import clean, clean_url

__all__ = ["NAME", "NETWORK", "VERSION", "detect", "normalise", "parse", "profile_url"]

NAME = "facebook"
VERSION = 3  # 2: friends on profiles, mutual counts, ids, positions, search; 3: groups
MAX_CARDS = MAX_LIST  # a list page's cards (page.MAX_LIST)
MAX_PAGELETS = 60
MAX_PAGELET_CHARS = 2_000_000

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


# --- detect ----------------------------------------------------------------------------


def detect(url: str, html: str) -> str | None:
    """The page kind, from the URL alone."""
    page = page_of(url)
    return page.kind if page else None


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    page = page_of(url)
    if page is None:
        raise ParserError("facebook: not a profile or friends page")
    root = tree.load_tree(html, NAME)
    base = clean_url(url) or "https://www.facebook.com/"
    if page.kind == PageKind.SEARCH:
        return _search(root, base)
    if page.kind == GROUP and page.group is not None:
        return _group(root, base, page.group)
    if page.kind == PageKind.PROFILE and page.owner is not None:
        owner, accounts, ties, shared = facebook_profile.read(root, base, page.owner)
        return result(NAME, VERSION, PageKind.PROFILE, owner, accounts, ties, shared=shared)
    return _friends(root, base, page)


# --- a group ---------------------------------------------------------------------------


def _group(root: tree.Element, base: str, group: str) -> ParseResult:
    """A group's page: the people who posted in it are its members. Facebook links a
    member's name inside a group with ``?groupid=<the group's id>``; a Page that posts
    (a company, an authority) is linked without it and is left out."""
    members: dict[str, AccountRecord] = {}
    for link in root.xpath('//a[contains(@href, "groupid=")]'):
        member = linked(link, base)
        if member is not None and (member.name or "").strip():
            members.setdefault(member.ref.key, member)
    title = tree.first_text(root, "//title") or ""
    name = re.sub(r"\s*\|\s*Facebook$", "", title)
    name = re.sub(r"\s+(?:public|private)\s+group$", "", name, flags=re.IGNORECASE)
    record = GroupRecord(
        NETWORK, group, f"https://www.facebook.com/groups/{group}", name=clean(name) or None,
        members=[m.ref for m in members.values()],
    )  # fmt: skip
    seen = list(members.values())[:MAX_CARDS]
    return result(NAME, VERSION, GROUP, None, seen, groups=[record])


# --- search ----------------------------------------------------------------------------


def _search(root: tree.Element, base: str) -> ParseResult:
    """People matched by words: seen accounts, never ties. The 2017 page delivers its
    results inside ``<code><!-- … --></code>`` blocks that Facebook's script renders
    later; they are read there as well as in the live DOM."""
    found: dict[AccountRef, AccountRecord] = {}
    query = '//a[starts-with(@data-testid, "serp_result_link")][contains(@data-testid, "User")]'
    for scope in [root, *_pagelets(root)]:
        for link in tree.xpath(scope, query)[:MAX_CARDS]:
            record = linked(link, base)
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
        if ID.match(value):
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


# --- friends lists ---------------------------------------------------------------------


def _friends(root: tree.Element, base: str, page: Page) -> ParseResult:
    owner = (
        AccountRecord(NETWORK, page.owner.key, profile_url(page.owner.key)) if page.owner else None
    )
    container = next((found for found in map(root.xpath, _CONTAINERS) if found), [None])[0]
    if container is None:
        raise ParserError("facebook: friends page without its main section")
    friends: dict[AccountRef, AccountRecord] = {}
    seen: dict[AccountRef, AccountRecord] = {}
    for link in tree.xpath(container, ".//a[@href]")[: MAX_CARDS * 4]:
        record = linked(link, base)
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
