"""Facebook: what a member's profile says — the member, the friends it shows, the About.

A profile shows a few friends in a card headed by a link to the member's friends list
(the real m.facebook.com pages of 2017 in ``shared/fixtures/real/facebook``): each is a
friend tie of the member; those Facebook marks as mutual are friends of the viewer too;
each card's "75 mutual friends" is kept as what the viewer shares with that friend. The
member's numeric id (the friends link's ``lst=`` parameter, the App Links tags) is an
alias of the username. Relatives and partners are seen accounts; work, schools, current
city, websites and the Twitter handle come from the About cards.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from metanet.model import (
    AccountRecord,
    AccountRef,
    MutualMention,
    PageKind,
    Position,
    PositionKind,
    SharedConnections,
    TieRecord,
)
from metanet.sites import mutual, periods, tree
from metanet.sites.base import ParserError
from metanet.sites.facebook_urls import (
    APP_LINK,
    FRIEND,
    ID,
    NETWORK,
    linked,
    normalise,
    page_of,
    profile_url,
)
from metanet.sites.text import clean, clean_url


def read(
    root: tree.Element, base: str, fallback: AccountRef
) -> tuple[AccountRecord, list[AccountRecord], list[TieRecord], list[SharedConnections]]:
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
        record = linked(link, base)
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
    return owner, accounts, ties, shared


def _friend_links(root: tree.Element, owner: AccountRef, base: str) -> list[tree.Element]:
    """Member links in the card that the owner's friends-list link heads."""
    for header in tree.xpath(root, '//a[contains(@href, "friends")]')[:20]:
        listed = page_of(tree.href(header, base) or "")
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
        record = linked(link, base)
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
    numeric = APP_LINK.search(app_link)
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
        listed = page_of(href)
        if listed is None or listed.owner != owner:
            continue
        parts = unquote(parse_qs(urlsplit(href).query).get("lst", [""])[0]).split(":")
        if len(parts) >= 2 and ID.match(parts[1]):
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


def _positions(root: tree.Element) -> list[Position]:
    """Work and education from the About cards: organisation link, then its lines (the
    role or the field, and the period)."""
    positions: list[Position] = []
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


def _title_name(title: str | None) -> str | None:
    """ "Anna Schmidt | Facebook" -> "Anna Schmidt"; a bare "Facebook" is no name."""
    if not title:
        return None
    name = clean(re.sub(r"^\(\d+\)\s*|\s*[|\-\u2013]\s*Facebook$", "", title))
    return None if not name or name.lower() == "facebook" else name
