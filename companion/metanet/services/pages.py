"""The page in the tab: capture it, or look up what is known about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from metanet import sites
from metanet.capture import CaptureResult, Outcome, ingest
from metanet.model import PageKind
from metanet.services import limits
from metanet.services.changes import change
from metanet.services.people import (
    LOOKUP_KNOWS,
    PersonSummary,
    account_view,
    person_summary,
)
from metanet.store import AccountView, Store

if TYPE_CHECKING:
    from metanet.answers.requests import RequestMatchRef
    from metanet.answers.shapes import Match, Route, SharedPerson
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
    known: bool
    account: AccountView | None
    person: PersonSummary | None
    shared: list[SharedPerson]
    shared_total: int
    paths: list[Route]
    paths_reason: str | None
    request_matches: list[RequestMatchRef]
    knows: list[Known]  # the strongest first, at most LOOKUP_KNOWS
    knows_total: int
    circles: list[PersonCircle]  # the circles they are in ("in circles: …")
    stale: NotRequired[bool]  # answered while the graph is rebuilt (answers/service.py)


def capture(
    store: Store, url: Any, html: Any, title: str | None = None, *, keep_raw: bool = True
) -> Captured:
    """Parse and store a page; then what follows every change (:mod:`.changes`).

    ``url`` and ``html`` are checked here (a page without a http(s) URL or without text is
    refused and nothing is stored). A profile page's owner gets fresh merge suggestions:
    it is what the popup's "Same person as …?" asks about next; a long list does not
    (500 cards would cost a quarter second).
    """
    if isinstance(url, str):
        limits.url(url)
    with change(store) as done:
        result = ingest(store, url, html, title, keep_raw=keep_raw)
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
    they know; and the saved requests they match."""
    ref = sites.normalise(limits.url(url))
    account = store.account(ref) if ref else None
    result: LookedUp = {
        "url": url,
        "supported": ref is not None,
        "known": account is not None,
        "account": None,
        "person": None,
        "shared": [],
        "shared_total": 0,
        "paths": [],
        "paths_reason": None,
        "request_matches": [],
        "knows": [],
        "knows_total": 0,
        "circles": [],
    }
    if account is None:
        return result
    from metanet.answers.explain import paths_answer
    from metanet.answers.requests import matches_for_person
    from metanet.answers.service import snapshot_for
    from metanet.answers.shared import shared_connections
    from metanet.graph import knows
    from metanet.services.circles import person_circles

    snap = snapshot_for(store)
    person_id = int(account["person_id"])
    shared = shared_connections(store, snap, person_id)
    routes = paths_answer(store, snap, person_id, k=paths)
    result["account"] = account_view(account)
    result["person"] = person_summary(store, person_id)
    result["shared"] = shared["people"]
    result["shared_total"] = shared["total"]
    result["paths"] = routes["paths"]
    result["paths_reason"] = routes["reason"]
    result["request_matches"] = matches_for_person(store, person_id)
    result["knows"] = knows(store, snap, person_id, limit=LOOKUP_KNOWS)
    result["knows_total"] = snap.degree(person_id)
    result["circles"] = person_circles(store, person_id)
    if snap.stale:
        result["stale"] = True
    return result


def reparse(store: Store, *, dry_run: bool = False) -> ReparseReport:
    """Read every stored page again with the current parsers (``metanet reparse``)."""
    from metanet.reparse import reparse_all

    return reparse_all(store, dry_run=dry_run)
