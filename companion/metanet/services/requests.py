"""Saved search requests ("Suchaufträge") and exchanging them with a network partner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict, cast

from metanet.answers import SEARCH_HOPS
from metanet.answers import requests as saved
from metanet.answers.shapes import Notice, SavedRequest
from metanet.errors import InvalidInput
from metanet.services import limits
from metanet.services.circles import circle_refs
from metanet.store import Store

SHOWN_MATCHES = 50  # per request, on the summary page


class Requests(TypedDict):
    requests: list[dict[str, Any]]  # each with ``matches`` and ``new`` counts
    notices: list[Notice]


class Notices(TypedDict):
    notices: list[Notice]


class PartnerRequest(SavedRequest):
    answer: NotRequired[str]  # what to send back, when asked for


class Removed(TypedDict):
    removed: int


def _hops(hops: int) -> int:
    if not 1 <= hops <= 3:
        raise InvalidInput("'hops' must be 1, 2 or 3", field="hops")
    return hops


def listing(store: Store, *, mark_seen: bool = False) -> Requests:
    """Every request with its counts, and the unseen notices (then marked seen, if asked)."""
    return {
        "requests": saved.list_requests(store),
        "notices": saved.notices(store, mark_seen=mark_seen),
    }


def listing_with_matches(store: Store) -> Requests:
    """As :func:`listing`, each request with its latest matches (``shown``)."""
    requests = [
        {**r, "shown": saved.shown_matches(store, int(r["id"]), SHOWN_MATCHES)}
        for r in saved.list_requests(store)
    ]
    return {"requests": requests, "notices": saved.notices(store)}


def _room_for(store: Store, query: str, note: str | None) -> None:
    """A request's bounds (:mod:`.limits`), and room for one more: every saved request
    runs again after each capture and import."""
    limits.search_text(query)
    limits.note(note)
    if len(saved.list_requests(store)) >= limits.SAVED_REQUESTS:
        raise InvalidInput(
            f"{limits.SAVED_REQUESTS} search requests are saved already: remove one first",
            field="query",
        )


def add(
    store: Store,
    query: str,
    *,
    hops: int = SEARCH_HOPS,
    note: str | None = None,
    circles: Sequence[int] = (),
) -> SavedRequest:
    """Save a request and answer it at once (its ``matches``; no notices for those); with
    ``circles``, it looks among their members only."""
    _room_for(store, query, note)
    circle_refs(store, circles)  # unknown ids and too many refused before saving
    return saved.add(
        store, query, hops=_hops(hops), note=(note or "").strip() or None, circles=circles
    )


def remove(store: Store, request_id: int) -> Removed:
    saved.remove(store, request_id)
    return {"removed": request_id}


def notices(store: Store, *, mark_seen: bool = False) -> Notices:
    return {"notices": saved.notices(store, mark_seen=mark_seen)}


def export_text(store: Store, request_id: int) -> str:
    """A request as a few lines to hand to a partner."""
    return saved.export_text(store, request_id)


def import_text(store: Store, text: str, *, answer: bool = False) -> PartnerRequest:
    """Save a partner's request and show who in your network matches; with ``answer``,
    also the text to send back (names and introducers only)."""
    parsed = saved.parse_text(limits.bounded(text, "text", limits.REQUEST_TEXT_CHARS))
    _room_for(store, parsed["query"], parsed["note"])
    data = cast(PartnerRequest, saved.import_text(store, text))  # ``answer`` is optional
    if answer:
        data["answer"] = saved.answer_text(store, int(data["id"]))
    return data


def answer_text(store: Store, request_id: int, person_ids: list[int] | None = None) -> str:
    """The answer to a partner's request: only the people chosen, with their introducer."""
    return saved.answer_text(store, request_id, person_ids)
