"""Search requests ("Suchaufträge"): saved asks, re-evaluated whenever the data changes.

A request is a search (words and a hop limit). Every match ever seen is a row in
``request_matches``; a row the user has not seen yet is a notice ("new match: X, through
Y"). The first evaluation of a new request is the answer the user sees at once, so it
raises no notices.

Between network partners (the breakfast-meeting practice) a request travels as a short
text; the answer to a partner's request carries names and introducers only, never the
graph behind them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NotRequired, TypedDict

from metanet.answers import SEARCH_HOPS
from metanet.answers.search import parse, search
from metanet.answers.service import names, snapshot_for
from metanet.answers.shapes import Beyond, Found, Match, Notice, SavedRequest
from metanet.store import NotFound, Store, StoreError, now

HEADER = "Metanet request v1"
MAX_MATCHES = 200


class ShownMatch(Found):
    """One of a request's current matches as its page lists them (a search hit)."""

    new: bool  # not seen yet


class Shown(TypedDict):
    """A request's current matches: how many, the best of them, and beyond its hops."""

    total: int
    people: list[ShownMatch]
    beyond: NotRequired[Beyond]


class RequestMatchRef(TypedDict):
    """A saved request a person matches (the popup's lookup)."""

    request_id: int
    query: str
    found_at: str


def _sql(store: Store) -> Any:
    return store.sql("answers")


#: what a request may carry besides its search: whose it is, from which meeting, the
#: fields a partner gave, and how to introduce the user (answers/meeting.py)
DETAILS = ("partner_id", "meeting_id", "seeks", "company", "role", "city", "industry",
           "introduce_how")  # fmt: skip


def add(
    store: Store,
    query: str,
    *,
    hops: int = SEARCH_HOPS,
    note: str | None = None,
    origin: str = "mine",
    details: Mapping[str, Any] | None = None,
    circles: Sequence[int] = (),
) -> SavedRequest:
    """Save a request and evaluate it once (no notices for what it finds now); with
    ``circles`` (ids) it looks among their members only."""
    parse(store, query)  # refuse a query without words before saving it
    if not 1 <= hops <= 3:
        raise StoreError("a request looks 1 to 3 hops far")
    extra = {k: v for k, v in (details or {}).items() if k in DETAILS}
    with store.write():
        request_id = _sql(store).insert(
            "search_requests",
            {
                "query": query.strip(),
                "hops": hops,
                "note": note,
                "origin": origin,
                "created_at": now(),
                "circles": ",".join(str(int(c)) for c in dict.fromkeys(circles)) or None,
                **extra,
            },
        )
    matches = _evaluate_one(store, get(store, request_id), quiet=True)
    row = get(store, request_id)
    answer: SavedRequest = {
        "id": row["id"],
        "query": row["query"],
        "hops": row["hops"],
        "note": row["note"],
        "origin": row["origin"],
        "created_at": row["created_at"],
        "matches": matches,
    }
    if row["circles"]:
        answer["circles"] = [
            {"circle_id": c, "name": store.circle(c)["name"]} for c in circles_of(row)
        ]
    return answer


def circles_of(request: Mapping[str, Any]) -> list[int]:
    """The circles a saved request is limited to (``search_requests.circles``)."""
    return [int(c) for c in (request.get("circles") or "").split(",") if c.strip().isdigit()]


def replace_circle(store: Store, old: int, new: int | None) -> None:
    """Requests limited to circle ``old`` look in ``new`` instead (merged into it), or in
    nothing (deleted: such a request then finds nobody, rather than everyone)."""
    rows = (
        _sql(store)
        .execute("select id, circles from search_requests where circles is not null")
        .fetchall()
    )
    with store.write():
        for request_id, text in rows:
            ids = circles_of({"circles": text})
            if old not in ids:
                continue
            kept = [new if c == old else c for c in ids if new is not None or c != old]
            joined = ",".join(str(c) for c in dict.fromkeys(kept)) or "0"  # 0: no circle
            _sql(store).update("search_requests", request_id, {"circles": joined})


def set_introduce_how(store: Store, request_id: int, text: str | None) -> None:
    """How partners should introduce the user, for one of the user's requests (its card)."""
    get(store, request_id)
    with store.write():
        _sql(store).update("search_requests", request_id, {"introduce_how": text or None})


def get(store: Store, request_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = _sql(store).get("search_requests", request_id)
    if row is None:
        raise NotFound(f"no search request #{request_id}")
    return row


def list_requests(store: Store) -> list[dict[str, Any]]:
    """Every request with its number of matches and of unseen (new) matches, and the
    names of the circles it is limited to (``circle_names``; None for a circle deleted
    since: the request then finds nobody)."""
    rows: list[dict[str, Any]] = _sql(store).query(
        "select r.*, count(m.id) as matches, count(m.id) - count(m.seen_at) as new "
        "from search_requests r left join request_matches m on m.request_id = r.id "
        "group by r.id order by r.id"
    )
    for row in rows:
        row["circle_names"] = [store.circle_name(c) for c in circles_of(row)]
    return rows


def remove(store: Store, request_id: int) -> None:
    get(store, request_id)
    with store.write():
        _sql(store).execute(  # an introduction made for it stays, without the request
            "update introductions set request_id = null where request_id = ?", [request_id]
        )
        _sql(store).execute("delete from request_matches where request_id = ?", [request_id])
        _sql(store).execute("delete from search_requests where id = ?", [request_id])


def _evaluate_one(store: Store, request: dict[str, Any], *, quiet: bool) -> list[Match]:
    """Record the request's current matches; returns the ones never seen before."""
    snap = snapshot_for(store)
    found = search(
        store, snap, request["query"], hops=int(request["hops"]), limit=MAX_MATCHES,
        circles=circles_of(request),
    )  # fmt: skip
    known = {
        int(pid)
        for (pid,) in _sql(store).execute(
            "select person_id from request_matches where request_id = ?", [request["id"]]
        )
    }
    fresh = [p for p in found["people"] if p["person_id"] not in known]
    if fresh:
        stamp = now()
        with store.write():
            _sql(store).insert_many(
                "request_matches",
                (
                    {
                        "request_id": request["id"],
                        "person_id": p["person_id"],
                        "introducer_id": p["introducer"]["person_id"] if p["introducer"] else None,
                        "found_at": stamp,
                        "seen_at": stamp if quiet else None,
                    }
                    for p in fresh
                ),
            )
    return [{**p, "request_id": request["id"], "query": request["query"]} for p in fresh]


def evaluate(store: Store) -> list[Match]:
    """Re-run every request (after a capture or an import); the new matches found."""
    matches: list[Match] = []
    for request in _sql(store).query("select * from search_requests order by id"):
        matches += _evaluate_one(store, request, quiet=False)
    return matches


def _with_names(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Match rows (``person_id``, ``introducer_id``) with both names, as every list shows
    them: ``name`` and ``introducer`` (``{"person_id", "name"}`` or None)."""
    who = names(
        store,
        [r["person_id"] for r in rows] + [r["introducer_id"] for r in rows if r["introducer_id"]],
    )
    return [
        {
            **r,
            "name": who.get(r["person_id"]),
            "introducer": (
                {"person_id": r["introducer_id"], "name": who.get(r["introducer_id"])}
                if r["introducer_id"]
                else None
            ),
        }
        for r in rows
    ]


def notices(store: Store, *, mark_seen: bool = False) -> list[Notice]:
    """Unseen matches: what the badge counts and the summary page lists."""
    rows = _with_names(
        store,
        _sql(store).query(
            "select m.request_id, r.query, m.person_id, m.introducer_id, m.found_at "
            "from request_matches m join search_requests r on r.id = m.request_id "
            "where m.seen_at is null order by m.id"
        ),
    )
    if mark_seen and rows:
        with store.write():
            _sql(store).execute(
                "update request_matches set seen_at = ? where seen_at is null", [now()]
            )
    return [
        {
            "request_id": r["request_id"],
            "query": r["query"],
            "person_id": r["person_id"],
            "name": r["name"],
            "introducer": r["introducer"],
            "found_at": r["found_at"],
        }
        for r in rows
    ]


def shown_matches(store: Store, request_id: int, limit: int) -> Shown:
    """A request's current matches as the search ranks and explains them (its page lists
    them); those the user has not seen yet are marked ``new``."""
    request = get(store, request_id)
    found = search(
        store, snapshot_for(store), request["query"], hops=int(request["hops"]), limit=limit,
        circles=circles_of(request),
    )  # fmt: skip
    unseen = {
        int(pid)
        for (pid,) in _sql(store).execute(
            "select person_id from request_matches where request_id = ? and seen_at is null",
            [request_id],
        )
    }
    shown: Shown = {
        "total": found["total"],
        "people": [{**p, "new": p["person_id"] in unseen} for p in found["people"]],
    }
    if "beyond" in found:
        shown["beyond"] = found["beyond"]
    return shown


def matches_for_person(store: Store, person_id: int) -> list[RequestMatchRef]:
    """The saved requests a person matches (for the popup's lookup)."""
    rows: list[RequestMatchRef] = _sql(store).query(
        "select r.id as request_id, r.query, m.found_at from request_matches m "
        "join search_requests r on r.id = m.request_id where m.person_id = ? order by r.id",
        [person_id],
    )
    return rows


# -- between partners ---------------------------------------------------------------------


def export_text(store: Store, request_id: int) -> str:
    """A request as a few lines to hand to a partner (mail, chat, paper)."""
    request = get(store, request_id)
    lines = [HEADER, f"query: {request['query']}", f"hops: {request['hops']}"]
    if request.get("note"):
        lines.append(f"note: {_one_line(request['note'])}")
    me = store.me()
    if request["origin"] == "mine" and me and me["name"]:  # whose request it is
        lines.append(f"partner: {_one_line(me['name'])}")
    if request.get("introduce_how"):
        lines.append(f"introduce: {_one_line(request['introduce_how'])}")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class BadRequestText(StoreError):
    """The text is not a Metanet request."""


def parse_text(text: str) -> dict[str, Any]:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or lines[0] != HEADER:
        raise BadRequestText(f"not a Metanet request: it must start with '{HEADER}'")
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    if not fields.get("query"):
        raise BadRequestText("the request has no 'query:' line")
    hops = fields.get("hops", str(SEARCH_HOPS))
    if not hops.isdigit() or not 1 <= int(hops) <= 3:
        raise BadRequestText("'hops:' must be 1, 2 or 3")
    return {
        "query": fields["query"],
        "hops": int(hops),
        "note": fields.get("note"),
        "partner": fields.get("partner"),
    }


def import_text(store: Store, text: str) -> SavedRequest:
    """Save a partner's request and show who in *your* network matches, through whom."""
    parsed = parse_text(text)
    saved = add(store, parsed["query"], hops=parsed["hops"], note=parsed["note"], origin="partner")
    return saved


def answer_text(store: Store, request_id: int, person_ids: list[int] | None = None) -> str:
    """What you send back: only the names you chose and who would introduce them."""
    request = get(store, request_id)
    snap = snapshot_for(store)
    found = search(
        store, snap, request["query"], hops=int(request["hops"]), limit=MAX_MATCHES,
        circles=circles_of(request),
    )  # fmt: skip
    chosen = [p for p in found["people"] if person_ids is None or p["person_id"] in set(person_ids)]
    lines = ["Metanet answer v1", f"query: {request['query']}"]
    for p in chosen:
        intro = p["introducer"]["name"] if p["introducer"] else "I know them directly"
        lines.append(f"- {p['name']} (introducer: {intro})")
    if not chosen:
        lines.append("- nobody in my network matches")
    return "\n".join(lines) + "\n"
