"""The page in the tab: capture it, or look up what is known about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from metanet import collector, sites
from metanet.capture import (
    CaptureResult,
    Outcome,
    check_input,
    ingest,
    is_yours,
    listed,
    parse_once,
    reading_of,
)
from metanet.model import PageKind, ParseResult
from metanet.services import limits
from metanet.services.changes import change
from metanet.services.people import (
    LOOKUP_KNOWS,
    PersonSummary,
    account_view,
    contact_of,
    person_summary,
)
from metanet.services.settings import localise_phones, phone_region
from metanet.store import AccountView, Store

if TYPE_CHECKING:
    from metanet.answers.requests import RequestMatchRef
    from metanet.answers.shapes import Match, NamedShared, Route, SaidShared, SharedPerson
    from metanet.contact import ContactDetails
    from metanet.graph import Known
    from metanet.reparse import ReparseReport
    from metanet.services.circles import PersonCircle


@dataclass
class Captured(CaptureResult):
    """What a capture stored, whose page it was, and what saved requests found anew
    (:meth:`as_dict` is the reply)."""

    person: PersonSummary | None = None
    request_notices: list[Match] = field(default_factory=list)


class LookedUp(TypedDict):
    """What the popup shows for a page."""

    url: str
    supported: bool  # a profile address Metanet understands
    page_kind: str | None  # what the address says the page is (profile, contacts, search…)
    known: bool
    account: AccountView | None
    person: PersonSummary | None
    shared: list[SharedPerson]
    shared_total: int
    paths: list[Route]
    paths_reason: str | None
    request_matches: list[RequestMatchRef]
    contact: ContactDetails | None  # how to reach the person (the popup's "reach" line)
    knows: list[Known]  # the strongest first, at most LOOKUP_KNOWS
    knows_total: int
    circles: list[PersonCircle]  # the circles they are in ("in circles: …")
    #: what you did together, as reason codes (messages, meetings, recommended_you …)
    interaction: list[dict[str, Any]]
    said_shared: list[SaidShared]  # what the person's pages say about shared connections
    stale: NotRequired[bool]  # answered while the graph is rebuilt (answers/service.py)


class PageOwner(TypedDict):
    """Whose page it is, as the page says it (read, not stored)."""

    network: str
    key: str
    profile_url: str
    name: str | None
    headline: str | None
    person_id: int | None  # the person they are, when already stored


class Preview(TypedDict):
    """What a page says, read without storing anything: the popup's "Add these 10 contacts
    of Ada" and the name and headline above "Add to meta-network"."""

    url: str
    outcome: str  # what a capture would store: stored, unsupported or parser_failed
    site: str
    kind: str | None
    owner: PageOwner | None  # None on the user's own list and on a search page
    yours: bool  # a list of the user's own people
    listed: int  # the people a list page shows
    said_shared: list[SaidShared]  # what the page says the owner shares with the user
    partly_read: str | None
    error: str | None


def capture(
    store: Store,
    url: Any,
    html: Any,
    title: str | None = None,
    *,
    keep_raw: bool = True,
    words_later: bool = False,
) -> Captured:
    """Parse and store a page; then what follows every change (:mod:`.changes`;
    ``words_later``: the accounts' search words are left for :func:`.changes.index_words`).

    ``url`` and ``html`` are checked here (a page without a http(s) URL or without text is
    refused and nothing is stored). A profile page's owner gets fresh merge suggestions:
    it is what the popup's "Same person as …?" asks about next; a long list does not
    (500 cards would cost a quarter second). The collector is paused meanwhile
    (:mod:`metanet.collector`: a page's work is bounded by its size).
    """
    if isinstance(url, str):
        limits.url(url)
    with collector.paused(), change(store, words_later=words_later) as done:
        region = phone_region(store)
        result = ingest(store, url, html, title, keep_raw=keep_raw, phone_region=region)
        if result.outcome == Outcome.STORED:
            done.touched = store.capture_accounts(result.capture_id)
            if result.kind == PageKind.PROFILE and result.owner_account_id is not None:
                done.suggest = [result.owner_account_id]
    person = None
    if result.owner_account_id is not None:
        owner = store.account_by_id(result.owner_account_id)
        person = person_summary(store, int(owner["person_id"]))
    return Captured(**vars(result), person=person, request_notices=done.notices)


def lookup(store: Store, url: str, *, paths: int = 3) -> LookedUp:
    """Is this page a known person; whom do we share; the best introduction paths; whom
    they know; how to reach them; and the saved requests they match."""
    localise_phones(store)  # numbers stored before the region was known may merge people
    ref = sites.normalise(limits.url(url))
    account = store.account(ref) if ref else None
    result: LookedUp = {
        "url": url,
        "supported": ref is not None,
        "page_kind": sites.kind_of_address(url),
        "known": account is not None,
        "account": None,
        "person": None,
        "shared": [],
        "shared_total": 0,
        "paths": [],
        "paths_reason": None,
        "request_matches": [],
        "contact": None,
        "knows": [],
        "knows_total": 0,
        "circles": [],
        "interaction": [],
        "said_shared": [],
    }
    if account is None:
        return result
    from metanet.answers.explain import paths_answer
    from metanet.answers.requests import matches_for_person
    from metanet.answers.service import snapshot_for
    from metanet.answers.shared import said_shared, shared_connections
    from metanet.graph import knows
    from metanet.services.circles import person_circles
    from metanet.services.interactions import person_interaction

    snap = snapshot_for(store)
    person_id = int(account["person_id"])
    shared = shared_connections(store, snap, person_id)
    routes = paths_answer(store, snap, person_id, k=paths)
    result["account"] = account_view(account)
    accounts = store.person_accounts(person_id)  # read once: the summary and the contact
    result["person"] = person_summary(store, person_id, accounts)
    result["shared"] = shared["people"]
    result["shared_total"] = shared["total"]
    result["paths"] = routes["paths"]
    result["paths_reason"] = routes["reason"]
    result["request_matches"] = matches_for_person(store, person_id)
    result["contact"] = contact_of(store, person_id, accounts)
    result["knows"] = knows(store, snap, person_id, limit=LOOKUP_KNOWS)
    result["knows_total"] = snap.degree(person_id)
    result["circles"] = person_circles(store, person_id)
    result["interaction"] = person_interaction(store, person_id)["why"]
    result["said_shared"] = said_shared(store, person_id)
    if snap.stale:
        result["stale"] = True
    return result


def preview(store: Store, url: Any, html: Any) -> Preview:
    """Read a page as a capture would, and store nothing: whose page, what kind, how many
    people a list shows, what the page says about shared connections. The capture that
    follows reads the same page once (:func:`metanet.capture.parse_once`)."""
    if isinstance(url, str):
        limits.url(url)
    check_input(url, html)
    url = url.strip()
    result, outcome, error = parse_once(url, html)
    owner: PageOwner | None = None
    said: list[SaidShared] = []
    if result is not None and result.owner is not None:
        record = result.owner
        known = store.account(record.ref)
        owner = {
            "network": record.network,
            "key": record.key,
            "profile_url": record.profile_url,
            "name": record.name,
            "headline": record.headline,
            "person_id": int(known["person_id"]) if known else None,
        }
        said = _said_by(store, result)
    return {
        "url": url,
        "outcome": outcome,
        "site": result.site if result else sites.site_of(url),
        "kind": result.kind if result else None,
        "owner": owner,
        "yours": result is not None and is_yours(result),
        "listed": len(listed(result)) if result else 0,
        "said_shared": said,
        "partly_read": reading_of(result, html),
        "error": error,
    }


def _said_by(store: Store, result: ParseResult) -> list[SaidShared]:
    """What the page says its owner shares with the user; the people it names are the
    stored persons they are, when known."""
    owner = result.owner.ref if result.owner else None
    said: list[SaidShared] = []
    for shared in result.shared:
        if shared.of != owner:
            continue
        named: list[NamedShared] = []
        for mention in shared.named:
            account = store.account(mention.account) if mention.account else None
            person = int(account["person_id"]) if account else None
            if mention.name:
                named.append({"name": mention.name, "person_id": person})
        said.append(
            {"network": shared.of.network, "kind": shared.kind, "total": shared.total,
             "named": named}
        )  # fmt: skip
    return said


def reparse(store: Store, *, dry_run: bool = False) -> ReparseReport:
    """Read every stored page again with the current parsers (``metanet reparse``)."""
    from metanet.reparse import reparse_all

    return reparse_all(store, dry_run=dry_run)
