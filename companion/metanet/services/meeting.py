"""The breakfast meeting: the partners' requests in one go, and "What I can give".

Each request is answered by the search every other front uses (:func:`services.answers.search`,
the same words, forms and names), and each candidate's introduction path by
:func:`services.answers.paths` (who introduces, how strong every tie is, and why).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NotRequired, TypedDict

from metanet.answers import meeting as meetings
from metanet.answers.meeting import Imported, Meeting, MeetingRequest
from metanet.answers.meeting_input import Parsed, parse
from metanet.answers.shapes import Route
from metanet.errors import BadFile, InvalidInput
from metanet.store import Store

#: candidates shown per request on the give page
PER_REQUEST = 3
MAX_PER_REQUEST = 20
MAX_TEXT = 1_000_000  # characters of one file or pasted list


class IntroductionRef(TypedDict):
    id: int
    state: str


class Candidate(TypedDict):
    """Someone you could introduce to a partner: the search's hit and the best path."""

    person_id: int
    name: str | None
    degree: int
    score: float
    headline: str | None
    company: str | None
    role: str | None
    location: str | None
    why: list[Any]  # why the search matched, as the search says it (may be empty)
    path: Route | None
    introduction: IntroductionRef | None


class Answered(MeetingRequest):
    total: int
    candidates: list[Candidate]


class Give(TypedDict):
    meeting: Meeting | None
    meetings: list[Meeting]
    requests: list[Answered]
    reason: NotRequired[str]  # ``no_me``: the user declared no account of their own


def _held_on(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InvalidInput(f"'{value}' is not a date (YYYY-MM-DD)", field="held_on") from None


def import_texts(
    store: Store,
    texts: list[tuple[str, str]],
    *,
    title: str | None = None,
    held_on: str | None = None,
    meeting_id: int | None = None,
) -> Imported:
    """Import ``(name, text)`` pairs — CSV files, pasted lists, request files — as one
    meeting (or into ``meeting_id``). Odd rows are refused one by one; with no good row
    at all no meeting is made (``meeting`` is None) and the refusals are the answer."""
    parsed: list[Parsed] = []
    for name, text in texts:
        if len(text) > MAX_TEXT:
            raise BadFile(f"{name or 'the text'} is longer than {MAX_TEXT:,} characters")
        parsed.append(parse(text, name))
    if not any(p.requests for p in parsed) and not any(p.refused for p in parsed):
        raise BadFile("no request found: write one per line, 'Partner: what they seek'")
    return meetings.import_requests(
        store, parsed, title=title, held_on=_held_on(held_on), meeting_id=meeting_id
    )


def request_of(store: Store, request_id: int) -> MeetingRequest:
    return meetings.request_of(store, request_id)


def _introductions(store: Store, request_id: int) -> dict[int, IntroductionRef]:
    from metanet.answers.introductions import listing

    return {
        int(i["person"]["person_id"]): {"id": i["id"], "state": i["state"]}
        for i in reversed(listing(store, request_id=request_id))
    }


def _answer(store: Store, request: MeetingRequest, per_request: int) -> Answered:
    from metanet.services.answers import paths, search

    found = search(store, request["query"], hops=request["hops"], limit=per_request + 1)
    partner_person = request["partner"]["person_id"]
    offered = _introductions(store, request["id"])
    candidates: list[Candidate] = []
    for hit in found["people"]:
        if hit["person_id"] == partner_person or len(candidates) >= per_request:
            continue
        route = paths(store, hit["person_id"], k=1, max_hops=max(1, hit["degree"]))["paths"]
        candidates.append(
            {
                "person_id": hit["person_id"],
                "name": hit["name"],
                "degree": hit["degree"],
                "score": hit["score"],
                "headline": hit.get("headline"),
                "company": hit.get("company"),
                "role": hit.get("role"),
                "location": hit.get("location"),
                "why": list(dict[str, Any](hit).get("why") or []),
                "path": route[0] if route else None,
                "introduction": offered.get(hit["person_id"]),
            }
        )
    total = found["total"] - int(any(h["person_id"] == partner_person for h in found["people"]))
    return {**request, "total": max(0, total), "candidates": candidates}


def give(store: Store, meeting_id: int | None = None, *, per_request: int = PER_REQUEST) -> Give:
    """Per partner and request, the best candidates with their introduction path (the
    latest meeting unless ``meeting_id`` names one)."""
    if not 1 <= per_request <= MAX_PER_REQUEST:
        raise InvalidInput(f"'per_request' must be from 1 to {MAX_PER_REQUEST}", field="per")
    current = meetings.meeting(store, meeting_id)
    answer: Give = {"meeting": current, "meetings": meetings.meetings(store), "requests": []}
    if current is None:
        return answer
    if store.me() is None:
        answer["reason"] = "no_me"
        return answer
    answer["requests"] = [
        _answer(store, r, per_request) for r in meetings.requests_of(store, current["id"])
    ]
    return answer
