"""GitHub: user profiles, their followers / following tabs, organisation people, hovercards.

Keys are lowercase logins (GitHub logins are case-insensitive). Only ``github.com/<login>``
is a person: ``/<login>/<repo>`` is a repository, and first segments such as ``/orgs``,
``/settings`` or ``/topics`` are GitHub's own pages.

Hooks, all of them GitHub's own semantic markup rather than layout classes:

* profile sidebar: the hCard/microdata ``itemprop`` attributes (``name``,
  ``additionalName``, ``worksFor``, ``homeLocation``, ``url``, ``social``); the last two
  are the person's own links (website, social accounts) and become ``same_as``;
* lists: ``a[data-hovercard-type="user"]`` (GitHub's hovercard trigger) in each row;
* hovercards: ``data-hydro-view`` JSON (``card_user_login``) and the ARIA sections
  "User login and name" / "User location".

An organisation's people page lists members: they are seen accounts, but being in the same
organisation is not a personal tie (a 3,000-member org would tie everyone to everyone),
so it stores no ties and has no owner account.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from metanet.model import AccountRecord, AccountRef, PageKind, ParseResult
from metanet.sites import follows
from metanet.sites.base import ParserError, result
from metanet.sites.handles import HandleSite
from metanet.sites.page import attr, image_url, link_href, load, meta_values, select_text, text_of
from metanet.sites.text import clean, clean_url
from metanet.sites.urls import split_site_url

NAME = "github"
VERSION = 1
NETWORK = "github"
ORG_PEOPLE = "org_people"  # page kind: an organisation's member list (no ties)

SITE = HandleSite(
    network=NETWORK,
    host=re.compile(r"^(?:www\.)?github\.com$"),
    handle=re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38})$", re.IGNORECASE),
    profile="https://github.com/{key}",
    reserved=frozenset(
        {
            "orgs", "organizations", "settings", "features", "topics", "explore", "marketplace",
            "pricing", "about", "login", "logout", "join", "signup", "sponsors", "notifications",
            "issues", "pulls", "new", "enterprise", "enterprises", "collections", "trending",
            "search", "site", "security", "contact", "customer-stories", "readme", "team", "apps",
            "codespaces", "discussions", "events", "dashboard", "stars", "watching", "users",
            "account", "nonprofit", "education", "copilot", "resources", "solutions",
            "premium-support", "home", "sessions", "password_reset", "gist", "mobile", "blog",
            "git-guides", "open-source",
        }
    ),
    lists={("followers",): PageKind.FOLLOWERS, ("following",): PageKind.FOLLOWING},
    tab_lists=True,  # github.com/<login>?tab=followers
    deeper_is_account=False,  # /<login>/<repo> is a repository
)  # fmt: skip
normalise = SITE.normalise
profile_url = SITE.profile_url


# --- URLs ------------------------------------------------------------------------------


def _segments(url: str) -> list[str] | None:
    found = split_site_url(url, SITE.host)
    if found is None:
        return None
    return found[1]


def _hovercard_login(url: str) -> str | None:
    """``/users/<login>/hovercard``: the URL GitHub fetches a hovercard from."""
    segments = _segments(url) or []
    if len(segments) == 3 and segments[0] == "users" and segments[2] == "hovercard":
        return segments[1] if SITE.handle.match(segments[1]) else None
    return None


# --- detect ----------------------------------------------------------------------------


def detect(url: str, html: str) -> str | None:
    segments = _segments(url)
    if segments is None:
        return None
    if len(segments) == 3 and segments[0] == "orgs" and segments[2] == "people":
        return ORG_PEOPLE
    if _hovercard_login(url) is not None:
        return PageKind.PROFILE
    return SITE.page_kind(url)


# --- parse -----------------------------------------------------------------------------


def parse(url: str, html: str) -> ParseResult:
    kind = detect(url, html)
    if kind is None:
        raise ParserError(f"github: not a user or organisation page: {url[:200]!r}")
    base = clean_url(url) or "https://github.com/"
    soup = load(html)
    if kind == ORG_PEOPLE:
        return _org_people(soup, html, base)
    if _hovercard_login(url) is not None or _is_bare_hovercard(soup):
        return result(NAME, VERSION, PageKind.PROFILE, _hovercard(soup, base))
    ref = normalise(url)
    if ref is None:
        raise ParserError("github: no user in the URL")
    owner = _profile(soup, base, ref)
    if kind == PageKind.PROFILE:
        return result(NAME, VERSION, kind, owner)
    listed = follows.unique(_rows(soup, base), ref)
    ties = follows.list_ties(kind, ref, [record.ref for record in listed])
    return result(NAME, VERSION, kind, owner, listed, ties)


def _is_bare_hovercard(soup: BeautifulSoup) -> bool:
    """A hovercard fragment on its own; an open hovercard over a profile (the live DOM
    holds it) does not make the profile a hovercard."""
    return (
        soup.select_one('section[aria-label="User login and name"]') is not None
        and soup.select_one(".vcard-names-container, [itemprop=additionalName]") is None
    )


def _profile(soup: BeautifulSoup, base: str, ref: AccountRef) -> AccountRecord:
    """The owner from the profile sidebar (present on every tab)."""
    meta = meta_values(soup)
    declared = normalise(clean_url(meta.get("og:url"), base) or "") or normalise(
        link_href(soup, "canonical", base) or ""
    )
    username = clean(meta.get("profile:username"))
    if (declared and declared != ref) or (username and username.lower() != ref.key):
        raise ParserError("github: the page describes a different user than its URL")
    card = soup.select_one(".vcard-names-container, .js-profile-editable-area") or soup
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    login = select_text(soup, '[itemprop="additionalName"], .vcard-username')
    if login is None and username is None:
        raise ParserError("github: user page without a profile sidebar")
    record.name = select_text(card, '[itemprop="name"], .vcard-fullname') or select_text(
        soup, '[itemprop="name"], .vcard-fullname'
    )
    record.headline = select_text(soup, ".user-profile-bio")
    record.company = select_text(soup, '[itemprop="worksFor"]')
    record.location = select_text(soup, '[itemprop="homeLocation"]')
    photo = soup.select_one(".js-profile-editable-replace img.avatar-user, a[itemprop=image] img")
    record.photo_url = image_url(photo, base) or clean_url(meta.get("og:image"), base)
    links = soup.select('[itemprop="url"] a[href], [itemprop="social"] a[href]', limit=20)
    same_as = [clean_url(attr(link, "href"), base) for link in links]
    record.same_as = [url for url in dict.fromkeys(same_as) if url and normalise(url) != ref]
    return record


def _rows(soup: BeautifulSoup, base: str) -> list[AccountRecord]:
    """Followers / following rows: one ``.d-table`` row per user with a hovercard link."""
    records: list[AccountRecord] = []
    for row in soup.select(".d-table", limit=follows.MAX_LISTED):
        link = row.select_one('a[data-hovercard-type="user"][href]')
        ref = normalise(clean_url(attr(link, "href"), base) or "") if link else None
        if ref is None:
            continue
        record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
        record.name = select_text(row, ".Link--primary")
        record.location = select_text(row, "p.color-fg-muted")
        record.photo_url = image_url(row.select_one("img.avatar-user"), base)
        records.append(record)
    return records


def _org_people(soup: BeautifulSoup, html: str, base: str) -> ParseResult:
    items = soup.select("#org-members-table .member-list-item", limit=follows.MAX_LISTED)
    if not items and "org-members-table" not in html:
        raise ParserError("github: organisation people page without its member table")
    records: list[AccountRecord] = []
    for item in items:
        link = item.select_one('a[data-hovercard-type="user"][href]')
        ref = normalise(clean_url(attr(link, "href"), base) or "") if link else None
        if ref is None:
            continue
        record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
        name = select_text(item, 'a[data-test-selector="linked-name-is-full-if-exists"]')
        record.name = name if name and name.lower() != ref.key else None  # login, not a name
        record.photo_url = image_url(item.select_one("img.avatar-user"), base)
        records.append(record)
    return result(NAME, VERSION, ORG_PEOPLE, None, follows.unique(records, None))


def _hovercard(soup: BeautifulSoup, base: str) -> AccountRecord:
    """A user hovercard fragment: login from its analytics payload, else its login link."""
    login = None
    view = soup.select_one("[data-hydro-view]")
    try:
        payload = json.loads(attr(view, "data-hydro-view") or "{}").get("payload", {})
        login = clean(payload.get("card_user_login")) if isinstance(payload, dict) else None
    except (ValueError, AttributeError):
        login = None
    section = soup.select_one('section[aria-label="User login and name"]')
    links = section.find_all("a", href=True, limit=3) if section else []
    if login is None and links:
        login = (urlsplit(attr(links[0], "href") or "").path or "").strip("/")
    ref = normalise(profile_url(login)) if login and SITE.handle.match(login) else None
    if ref is None:
        raise ParserError("github: hovercard without a user login")
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    names = [text_of(link) for link in links]
    record.name = next((n for n in names if n and n.lower() != ref.key), None)
    record.location = text_of(soup.select_one('address[aria-label="User location"]'))
    record.photo_url = image_url(soup.select_one("img.avatar-user"), base)
    return record
