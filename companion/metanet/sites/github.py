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

An organisation's people page lists members: they are seen accounts and the members of a
:class:`~metanet.model.GroupRecord`, but being in the same organisation is not a personal
tie (a 3,000-member org would tie everyone to everyone), so it stores no ties and has no
owner account.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from metanet.model import AccountRecord, AccountRef, GroupRecord, PageKind, ParseResult
from metanet.sites import fallback, follows, tree
from metanet.sites.base import ParserError, result
from metanet.sites.handles import HandleSite
from metanet.sites.text import clean, clean_url
from metanet.sites.urls import split_site_url

NAME = "github"
VERSION = 2  # 2: lxml; an organisation's people as a group
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


# --- parse ---------------------------------------------------------------------------

_has = tree.has_class
_USER_LINK = './/a[@data-hovercard-type="user"][@href]'


def parse(url: str, html: str) -> ParseResult:
    kind = detect(url, html)
    if kind is None:
        raise ParserError(f"github: not a user or organisation page: {url[:200]!r}")
    base = clean_url(url) or "https://github.com/"
    root = tree.load_tree(html, NAME)
    if kind == ORG_PEOPLE:
        return _org_people(root, html, base, url)
    if _hovercard_login(url) is not None or _is_bare_hovercard(root):
        return result(NAME, VERSION, PageKind.PROFILE, _hovercard(root, base))
    ref = normalise(url)
    if ref is None:
        raise ParserError("github: no user in the URL")
    owner = _profile(root, base, ref)
    if owner is None:
        return fallback.partly_read(
            NAME, VERSION, kind, ref, profile_url(ref.key), root, html, base
        )
    if kind == PageKind.PROFILE:
        return result(NAME, VERSION, kind, owner)
    listed = follows.unique(_rows(root, base), ref)
    ties = follows.list_ties(kind, ref, [record.ref for record in listed])
    return result(NAME, VERSION, kind, owner, listed, ties)


def _is_bare_hovercard(root: tree.Element) -> bool:
    """A hovercard fragment on its own; an open hovercard over a profile (the live DOM
    holds it) does not make the profile a hovercard."""
    return (
        tree.first(root, '//section[@aria-label="User login and name"]') is not None
        and tree.first(root, f'//*[{_has("vcard-names-container")} or @itemprop="additionalName"]')
        is None
    )


def _profile(root: tree.Element, base: str, ref: AccountRef) -> AccountRecord | None:
    """The owner from the profile sidebar (present on every tab): GitHub's microdata
    (``itemprop``) first; None when the page has no sidebar at all."""
    meta = tree.meta_values(root)
    declared = normalise(clean_url(meta.get("og:url"), base) or "") or normalise(
        tree.link_href(root, "canonical", base) or ""
    )
    username = clean(meta.get("profile:username"))
    if (declared and declared != ref) or (username and username.lower() != ref.key):
        raise ParserError("github: the page describes a different user than its URL")
    login = tree.first_text(root, f'//*[@itemprop="additionalName" or {_has("vcard-username")}]')
    if login is None and username is None:
        return None
    card = tree.first(
        root, f"//*[{_has('vcard-names-container')} or {_has('js-profile-editable-area')}]"
    )
    name_query = f'//*[@itemprop="name" or {_has("vcard-fullname")}]'
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    record.name = (
        tree.first_text(card, "." + name_query) if card is not None else None
    ) or tree.first_text(root, name_query)
    record.headline = tree.first_text(root, f"//*[{_has('user-profile-bio')}]")
    record.company = tree.first_text(root, '//*[@itemprop="worksFor"]')
    record.location = tree.first_text(root, '//*[@itemprop="homeLocation"]')
    photo = tree.first(
        root,
        f"//*[{_has('js-profile-editable-replace')}]//img[{_has('avatar-user')}]"
        ' | //a[@itemprop="image"]//img',
    )
    record.photo_url = tree.image_url(photo, base) or clean_url(meta.get("og:image"), base)
    links = tree.xpath(root, '//*[@itemprop="url" or @itemprop="social"]//a[@href]')[:20]
    same_as = [tree.href(link, base) for link in links]
    record.same_as = [url for url in dict.fromkeys(same_as) if url and normalise(url) != ref]
    return record


def _rows(root: tree.Element, base: str) -> list[AccountRecord]:
    """Followers / following rows: one ``.d-table`` row per user with a hovercard link."""
    records: list[AccountRecord] = []
    for row in tree.xpath(root, f"//*[{_has('d-table')}]")[: follows.MAX_LISTED]:
        ref = normalise(tree.href(tree.first(row, _USER_LINK), base) or "")
        if ref is None:
            continue
        record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
        record.name = tree.first_text(row, f".//*[{_has('Link--primary')}]")
        record.location = tree.first_text(row, f".//p[{_has('color-fg-muted')}]")
        record.photo_url = tree.image_url(tree.first(row, f".//img[{_has('avatar-user')}]"), base)
        records.append(record)
    return records


def _org_people(root: tree.Element, html: str, base: str, url: str) -> ParseResult:
    items = tree.xpath(root, f'//*[@id="org-members-table"]//*[{_has("member-list-item")}]')
    if not items and "org-members-table" not in html:
        raise ParserError("github: organisation people page without its member table")
    records: list[AccountRecord] = []
    for item in items[: follows.MAX_LISTED]:
        ref = normalise(tree.href(tree.first(item, _USER_LINK), base) or "")
        if ref is None:
            continue
        record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
        name = tree.first_text(item, './/a[@data-test-selector="linked-name-is-full-if-exists"]')
        record.name = name if name and name.lower() != ref.key else None  # login, not a name
        record.photo_url = tree.image_url(tree.first(item, f".//img[{_has('avatar-user')}]"), base)
        records.append(record)
    members = follows.unique(records, None)
    segments = split_site_url(url, SITE.host)
    org = segments[1][1].lower() if segments and len(segments[1]) > 1 else ""
    group = GroupRecord(
        NETWORK, org, f"https://github.com/{org}", members=[record.ref for record in members]
    )
    return result(NAME, VERSION, ORG_PEOPLE, None, members, groups=[group] if org else [])


def _hovercard(root: tree.Element, base: str) -> AccountRecord:
    """A user hovercard fragment: login from its analytics payload, else its login link."""
    login = None
    view = tree.first(root, "//*[@data-hydro-view]")
    try:
        payload = json.loads(tree.attr(view, "data-hydro-view") or "{}").get("payload", {})
        login = clean(payload.get("card_user_login")) if isinstance(payload, dict) else None
    except (ValueError, AttributeError):
        login = None
    links = tree.xpath(root, '//section[@aria-label="User login and name"]//a[@href]')[:3]
    if login is None and links:
        login = (urlsplit(tree.attr(links[0], "href") or "").path or "").strip("/")
    ref = normalise(profile_url(login)) if login and SITE.handle.match(login) else None
    if ref is None:
        raise ParserError("github: hovercard without a user login")
    record = AccountRecord(NETWORK, ref.key, profile_url(ref.key))
    names = [tree.text(link) for link in links]
    record.name = next((n for n in names if n and n.lower() != ref.key), None)
    record.location = tree.first_text(root, '//address[@aria-label="User location"]')
    record.photo_url = tree.image_url(tree.first(root, f"//img[{_has('avatar-user')}]"), base)
    return record
