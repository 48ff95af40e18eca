"""The breakfast meeting: every partner's search request in one go.

A meeting is one import of the partners' requests (:mod:`.meeting_input` reads them). Each
request becomes a saved search request of origin ``partner`` that names its partner and
meeting and keeps the fields it came with, so it is re-run after every capture like any
other (``answers/requests.py``), and the meeting's "What I can give" list answers it with
the same search as everywhere (``services/meeting.py``).
"""

from __future__ import annotations

from typing import Any, TypedDict

from metanet.answers import requests as saved
from metanet.answers.meeting_input import Parsed, PartnerRequest, Refusal
from metanet.answers.partners import Partner, ensure
from metanet.answers.partners import get as get_partner
from metanet.errors import InvalidInput
from metanet.store import NotFound, Store, now

MAX_TITLE = 200


class Meeting(TypedDict):
    id: int
    title: str | None
    held_on: str | None
    created_at: str
    requests: int


class MeetingRequest(TypedDict):
    """A partner's request of a meeting, with the fields it came with."""

    id: int
    meeting_id: int
    partner: Partner
    seeks: str | None
    company: str | None
    role: str | None
    city: str | None
    industry: str | None
    note: str | None
    query: str
    hops: int


class RefusedRow(TypedDict):
    line: int
    code: str
    text: str
    label: str
    source: str


class Imported(TypedDict):
    meeting: Meeting | None  # None: no good row, nothing saved
    requests: list[MeetingRequest]
    refused: list[RefusedRow]
    duplicates: int


def _sql(store: Store) -> Any:
    return store.sql("answers")


def _meeting_row(store: Store, meeting_id: int) -> Meeting:
    row: Meeting | None = _sql(store).one(
        "select m.id, m.title, m.held_on, m.created_at, count(r.id) as requests "
        "from meetings m left join search_requests r on r.meeting_id = m.id "
        "where m.id = ? group by m.id",
        [meeting_id],
    )
    if row is None:
        raise NotFound(f"no meeting #{meeting_id}")
    return row


def meetings(store: Store) -> list[Meeting]:
    """Every meeting, newest first."""
    rows: list[Meeting] = _sql(store).query(
        "select m.id, m.title, m.held_on, m.created_at, count(r.id) as requests "
        "from meetings m left join search_requests r on r.meeting_id = m.id "
        "group by m.id order by m.id desc"
    )
    return rows


def meeting(store: Store, meeting_id: int | None = None) -> Meeting | None:
    """The meeting (the latest when no id is given; None when there is none)."""
    if meeting_id is not None:
        return _meeting_row(store, meeting_id)
    found = meetings(store)
    return found[0] if found else None


def _refused(r: Refusal) -> RefusedRow:
    return {"line": r.line, "code": r.code, "text": r.text, "label": r.label, "source": r.source}


def import_requests(
    store: Store,
    parsed: list[Parsed],
    *,
    title: str | None = None,
    held_on: str | None = None,
    meeting_id: int | None = None,
) -> Imported:
    """Save the good rows as one meeting's partner requests (or add them to
    ``meeting_id``); a partner with the same words twice in a meeting is saved once."""
    title = " ".join((title or "").split()) or None
    if title and len(title) > MAX_TITLE:
        raise InvalidInput(f"a meeting's title has at most {MAX_TITLE} characters", field="title")
    good = [r for p in parsed for r in p.requests]
    refused = [_refused(r) for p in parsed for r in p.refused]
    if not good:
        return {"meeting": None, "requests": [], "refused": refused, "duplicates": 0}
    if meeting_id is None:
        with store.write():
            meeting_id = _sql(store).insert(
                "meetings", {"title": title, "held_on": held_on, "created_at": now()}
            )
    else:
        _meeting_row(store, meeting_id)
    known = {(r["partner"]["id"], r["query"]) for r in requests_of(store, meeting_id)}
    duplicates = 0
    for request in good:
        partner = ensure(store, request.partner)
        if (partner["id"], request.query) in known:
            duplicates += 1
            continue
        known.add((partner["id"], request.query))
        _save(store, request, partner, meeting_id)
    return {
        "meeting": _meeting_row(store, meeting_id),
        "requests": requests_of(store, meeting_id),
        "refused": refused,
        "duplicates": duplicates,
    }


def _save(store: Store, request: PartnerRequest, partner: Partner, meeting_id: int) -> None:
    saved.add(
        store,
        request.query,
        hops=request.hops,
        note=request.note or None,
        origin="partner",
        details={
            "partner_id": partner["id"],
            "meeting_id": meeting_id,
            "seeks": request.seeks or None,
            "company": request.company or None,
            "role": request.role or None,
            "city": request.city or None,
            "industry": request.industry or None,
        },
    )


def requests_of(store: Store, meeting_id: int) -> list[MeetingRequest]:
    """A meeting's requests, by partner (name), then in the order they came."""
    rows = _sql(store).query(
        "select r.* from search_requests r join partners p on p.id = r.partner_id "
        "where r.meeting_id = ? order by p.name_key, r.id",
        [meeting_id],
    )
    return _described(store, rows)


def request_of(store: Store, request_id: int) -> MeetingRequest:
    """One partner's request of a meeting (NotFound for any other request)."""
    rows = _sql(store).query(
        "select * from search_requests where id = ? and meeting_id is not null "
        "and partner_id is not null",
        [request_id],
    )
    if not rows:
        raise NotFound(f"no meeting request #{request_id}")
    return _described(store, rows)[0]


def _described(store: Store, rows: list[dict[str, Any]]) -> list[MeetingRequest]:
    return [
        {
            "id": int(r["id"]),
            "meeting_id": int(r["meeting_id"]),
            "partner": get_partner(store, int(r["partner_id"])),
            "seeks": r["seeks"],
            "company": r["company"],
            "role": r["role"],
            "city": r["city"],
            "industry": r["industry"],
            "note": r["note"],
            "query": r["query"],
            "hops": int(r["hops"]),
        }
        for r in rows
    ]
