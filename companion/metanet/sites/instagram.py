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

import itertools
import json
import re
from urllib.parse import parse_qs, urlsplit

from metanet.model import (
    AccountRecord,
    AccountRef,
    MutualMention,
    PageKind,
    ParseResult,
    SharedConnections,
)
from metanet.sites import fallback, follows, mutual, tree
from metanet.sites.base import ParserError, result
from metanet.sites.handles import HandleSite
from metanet.sites.text import clean, clean_url

NAME = "instagram"
VERSION = 3  # 2: lxml, the page's own data (2019 sharedData), "Followed by"; 3: its accounts listed
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


# --- parse ---------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    """The owner, and for an open list dialog every loaded account with its follow ties."""
    kind, handle = SITE.page(url, detect(url, html))
    root = tree.load_tree(html, NAME)
    meta = tree.meta_values(root)
    base = clean_url(url) or "https://www.instagram.com/"
    shared_data = _shared_data(root) if "_sharedData" in html else None
    if kind == PageKind.PROFILE:
        ref = _page_owner(root, meta, base) or AccountRef(NETWORK, handle.key)
    else:
        ref = AccountRef(NETWORK, handle.key)  # the dialog's URL names the list's owner
    owner = _owner_record(ref, root, meta, base, shared_data)
    if kind == PageKind.PROFILE:
        if owner.name is None and (meta.get("og:type") or "").strip().lower() != "profile":
            return fallback.partly_read(
                NAME, VERSION, kind, ref, owner.profile_url, root, html, base
            )
        shared = _followed_by(root, owner.ref, base)
        named = [
            AccountRecord(NETWORK, m.account.key, profile_url(m.account.key))
            for said in shared
            for m in said.named
            if m.account is not None
        ]  # usernames, not display names: a list's "Robert Karpay" is kept
        return result(NAME, VERSION, kind, owner, named, mutual.ties(shared), shared=shared)
    dialog = tree.first(root, '//div[@role="dialog"]')
    if dialog is None:
        raise ParserError("instagram: list URL but no open dialog on the page")
    listed = follows.unique(_dialog_accounts(dialog, base), ref)
    ties = follows.list_ties(kind, ref, [record.ref for record in listed])
    return result(NAME, VERSION, kind, owner, listed, ties)


def _page_owner(root: tree.Element, meta: dict[str, str], base: str) -> AccountRef | None:
    for candidate in (tree.link_href(root, "canonical", base), clean_url(meta.get("og:url"), base)):
        ref = normalise(candidate) if candidate else None
        if ref is not None:
            return ref
    return None


def _owner_record(
    ref: AccountRef,
    root: tree.Element,
    meta: dict[str, str],
    base: str,
    shared_data: dict[str, object] | None,
) -> AccountRecord:
    """The owner's facts: the page's own data (2019 ``sharedData``) first, else its
    OpenGraph tags, each only when it is about ``ref``."""
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    user = shared_data if shared_data and clean(shared_data.get("username")) == ref.key else None
    if user is not None:
        record.name = clean(user.get("full_name"))
        record.headline = clean(user.get("biography"))
        record.photo_url = clean_url(user.get("profile_pic_url_hd") or user.get("profile_pic_url"))
        website = clean_url(user.get("external_url"))
        record.same_as = [website] if website else []
    page = _page_owner(root, meta, base)
    title = _OG_TITLE.match(clean(meta.get("og:title")) or "")
    if page != ref or title is None or title.group("user").lower() != ref.key:
        return record  # metadata about someone else (or nobody) is not used
    record.name = record.name or clean(title.group("name"))
    record.photo_url = record.photo_url or clean_url(meta.get("og:image"), base)
    bio = _BIO.search(meta.get("description") or "")
    record.headline = record.headline or (clean(bio.group("bio")) if bio else None)
    record.same_as = record.same_as or _links_out(root)
    return record


def _shared_data(root: tree.Element) -> dict[str, object] | None:
    """The profile user of a 2019 page's ``window._sharedData`` (``ProfilePage``)."""
    for script in tree.xpath(root, '//script[contains(text(), "window._sharedData")]')[:3]:
        body = (script.text or "").split("=", 1)[-1].strip().rstrip(";")
        try:
            data = json.loads(body[:3_000_000])
            user = data["entry_data"]["ProfilePage"][0]["graphql"]["user"]
        except (ValueError, RecursionError, KeyError, IndexError, TypeError):
            continue
        if isinstance(user, dict):
            return user
    return None


def _followed_by(root: tree.Element, owner: AccountRef, base: str) -> list[SharedConnections]:
    """ "Followed by robertkarpay, instadan_027 + 56 more" (the ``mutualOnly`` link): the
    accounts the viewer follows that follow the owner; Instagram names them by username,
    so each named one is an account (and two ties, as on the mutual list)."""
    link = tree.first(root, '//a[contains(@href, "/followers/mutualOnly")]')
    if link is None:
        return []
    named = []
    for span in tree.xpath(link, ".//span[not(*)]")[:10]:
        text = tree.text(span) or ""
        found = SITE.split(profile_url(text)) if SITE.handle.match(text) else None
        if found is not None and not text.lower().startswith("followed"):
            named.append(MutualMention(text, AccountRef(NETWORK, found.key)))
    total = mutual.printed_total(tree.text(link), len(named))
    return mutual.merge([mutual.shared(owner, mutual.FOLLOWS, named, total)])


def _links_out(root: tree.Element) -> list[str]:
    """The profile's own links (bio link via ``l.instagram.com``, Threads) from its header."""
    found: list[str] = []
    for link in tree.xpath(root, "//header//a[@href]")[:200]:
        href = tree.href(link, "https://www.instagram.com/")
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


def _dialog_accounts(dialog: tree.Element, base: str) -> list[AccountRecord]:
    """One record per profile link in the dialog, with the name shown beside it."""
    records: list[AccountRecord] = []
    done: set[str] = set()
    hrefs: set[str] = set()  # a link seen once says nothing new (a long list repeats few)
    for link in tree.xpath(dialog, ".//a[@href]")[: follows.MAX_LISTED * 4]:
        raw = link.get("href")
        if raw in hrefs:
            continue
        hrefs.add(raw)
        found = SITE.split(tree.href(link, base) or "")
        if found is None or found.rest or found.key in done:
            continue
        user = found.key
        done.add(user)
        row = _row(link, user, base)
        record = AccountRecord(NETWORK, user, profile_url(user))
        record.name = _row_name(row, user)
        record.photo_url = tree.image_url(tree.first(row, ".//img"), base)
        records.append(record)
    return records


def _row(link: tree.Element, user: str, base: str) -> tree.Element:
    """The largest ancestor of ``link`` that shows no other account: the list row."""
    row = link
    for _ in range(15):
        parent = row.getparent()
        if parent is None or parent.tag in ("body", "html") or _other_user(parent, user, base):
            break
        row = parent
    return row


def _other_user(scope: tree.Element, user: str, base: str) -> bool:
    # iter() walks lazily: a whole dialog of 100,000 links is not listed to look at 60
    links = (link for link in scope.iter("a") if link.get("href") is not None)
    for other in itertools.islice(links, 60):
        found = SITE.split(tree.href(other, base) or "")
        if found is not None and found.key != user:
            return True
    return False


def _row_name(row: tree.Element, user: str) -> str | None:
    """The first text in the row that is neither the username nor a button label."""
    for span in tree.xpath(row, './/span[@dir="auto"][not(ancestor::a) and not(ancestor::button)]')[
        :20
    ]:
        text = tree.text(span)
        if text and text.lower() != user and text.lower() not in _BUTTONS:
            return text
    return None
