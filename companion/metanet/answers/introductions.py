"""Introductions you give and receive ("givers gain"), and how they strengthen ties.

An introduction names who was introduced (``person_id``) to whom (``to_id``, or only a
partner who is not in your network), by whom (``introducer_id``: you when you give it, a
partner when you receive one), for which partner and request. Its state moves forward:
offered → made → met → closed (business done), or declined; every change is a row of
``introduction_events`` with its date.

A made introduction (made, met or closed) strengthens the ties among the persons it
names: each such introduction adds :data:`metanet.answers.strength.INTRODUCTION_BONUS` to
the tie (noisy-or), and the tie's reasons say so (code ``introduced``). The snapshot reads
the pairs whole (:func:`made_pairs`) whenever the events' fingerprint moves, as it does
with ratings (``answers/source.py``). An introduction never invents a tie: two people who
now know each other are related by the user (``metanet relate``).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import Any, TypedDict

from metanet.answers.partners import Partner, all_partners
from metanet.answers.partners import get as get_partner
from metanet.errors import InvalidInput, Refused
from metanet.store import NotFound, Store, now

OFFERED, MADE, MET, CLOSED, DECLINED = "offered", "made", "met", "closed", "declined"
#: the order a state moves in; declined ends it at any point before closed
STATES = (OFFERED, MADE, MET, CLOSED)
ALL_STATES = (*STATES, DECLINED)
FINAL = (CLOSED, DECLINED)
#: the states in which the introduction was made: it strengthens the ties it names
COUNTED = (MADE, MET, CLOSED)
GIVEN, RECEIVED = "given", "received"
#: open introductions with no news for this long are on the follow-up list
FOLLOW_UP_DAYS = 14
MAX_NOTE = 2000


class Event(TypedDict):
    state: str
    at: str
    note: str | None


class Introduction(TypedDict):
    id: int
    direction: str  # given, received
    state: str
    person: dict[str, Any]  # {"person_id", "name"}
    to: dict[str, Any] | None
    introducer: dict[str, Any] | None
    partner: Partner | None
    request_id: int | None
    note: str | None
    value: float | None
    created_at: str
    updated_at: str
    events: list[Event]


def _sql(store: Store) -> Any:
    return store.sql("answers")


def _moment(on: str | None) -> str:
    """When a state changed: now, or the day the user names (YYYY-MM-DD, not in the future)."""
    if not on:
        return now()
    try:
        day = date.fromisoformat(on.strip())
    except ValueError:
        raise InvalidInput(f"'{on}' is not a date (YYYY-MM-DD)", field="on") from None
    if day > datetime.now(UTC).date():
        raise InvalidInput("a state change cannot lie in the future", field="on")
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).isoformat()


def _note(note: str | None) -> str | None:
    text = (note or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"a note has at most {MAX_NOTE} characters", field="note")
    return text or None


def _value(value: float | None) -> float | None:
    if value is not None and not 0 <= value < 1e12:
        raise InvalidInput("a value is a number of at least 0", field="value")
    return value


def record(
    store: Store,
    *,
    person_id: int,
    to_id: int | None,
    introducer_id: int | None,
    partner_id: int | None = None,
    request_id: int | None = None,
    state: str = OFFERED,
    note: str | None = None,
    value: float | None = None,
    on: str | None = None,
) -> Introduction:
    """Record an introduction; it is ``given`` when the user (*me*) introduces, else
    ``received``. ``to_id`` and ``introducer_id`` may be None only for a partner who is
    not a known person."""
    me = store.me()
    if me is None:
        raise InvalidInput("declare your own accounts first: metanet me add URL", field="me")
    if state not in ALL_STATES:
        raise InvalidInput(f"a state is one of {', '.join(ALL_STATES)}", field="state")
    for pid in (person_id, to_id, introducer_id):
        if pid is not None:
            store.person(pid)
    if partner_id is not None:
        get_partner(store, partner_id)
    if to_id is None and partner_id is None:
        raise InvalidInput("say to whom: a person or a partner", field="to")
    if introducer_id is None and partner_id is None:
        raise InvalidInput("say who introduced: a person or a partner", field="by")
    people = [p for p in (person_id, to_id, introducer_id) if p is not None]
    if len(set(people)) != len(people):
        raise InvalidInput("an introduction names three different people", field="to")
    at = _moment(on)
    direction = GIVEN if introducer_id == me["id"] else RECEIVED
    with store.write():
        intro_id = _sql(store).insert(
            "introductions",
            {
                "introducer_id": introducer_id,
                "person_id": person_id,
                "to_id": to_id,
                "partner_id": partner_id,
                "request_id": request_id,
                "direction": direction,
                "state": state,
                "note": _note(note),
                "value": _value(value),
                "created_at": at,
                "updated_at": at,
            },
        )
        _sql(store).insert(
            "introduction_events",
            {"introduction_id": intro_id, "state": state, "at": at, "note": _note(note)},
        )
    return get(store, intro_id)


def _allowed(old: str, new: str) -> bool:
    if old in FINAL:
        return False
    if new == DECLINED:
        return True
    return new in STATES and STATES.index(new) > STATES.index(old)


def change_state(
    store: Store,
    intro_id: int,
    state: str,
    *,
    note: str | None = None,
    value: float | None = None,
    on: str | None = None,
) -> Introduction:
    """Move an introduction forward (or decline it); the change is recorded with its date."""
    row = _row(store, intro_id)
    if state not in ALL_STATES:
        raise InvalidInput(f"a state is one of {', '.join(ALL_STATES)}", field="state")
    if not _allowed(row["state"], state):
        raise Refused(f"introduction #{intro_id} is {row['state']}: it cannot become {state}")
    at = _moment(on)
    if at < row["updated_at"]:
        raise InvalidInput("a state change cannot come before the one it follows", field="on")
    fields: dict[str, Any] = {"state": state, "updated_at": at}
    if value is not None:
        fields["value"] = _value(value)
    with store.write():
        _sql(store).update("introductions", intro_id, fields)
        _sql(store).insert(
            "introduction_events",
            {"introduction_id": intro_id, "state": state, "at": at, "note": _note(note)},
        )
    return get(store, intro_id)


def remove(store: Store, intro_id: int) -> None:
    """Delete an introduction and its history (recorded by mistake)."""
    _row(store, intro_id)
    with store.write():
        _sql(store).execute("delete from introduction_events where introduction_id = ?", [intro_id])
        _sql(store).execute("delete from introductions where id = ?", [intro_id])


def _row(store: Store, intro_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = _sql(store).get("introductions", intro_id)
    if row is None:
        raise NotFound(f"no introduction #{intro_id}")
    return row


def get(store: Store, intro_id: int) -> Introduction:
    return _described(store, [_row(store, intro_id)])[0]


def _described(store: Store, rows: list[dict[str, Any]]) -> list[Introduction]:
    """Rows with names, partners and their events, as every front shows them."""
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    marks = ",".join("?" * len(ids))
    events: dict[int, list[Event]] = {}
    for intro, state, at, note in _sql(store).execute(
        f"select introduction_id, state, at, note from introduction_events "
        f"where introduction_id in ({marks}) order by at, id",
        ids,
    ):
        events.setdefault(int(intro), []).append({"state": state, "at": at, "note": note})
    who = store.person_names(
        [int(r[k]) for r in rows for k in ("person_id", "to_id", "introducer_id") if r[k]],
    )
    partners: dict[int, Partner] = {}
    for pid in {int(r["partner_id"]) for r in rows if r["partner_id"]}:
        partners[pid] = get_partner(store, pid)

    def ref(pid: int | None) -> dict[str, Any] | None:
        return None if pid is None else {"person_id": pid, "name": who.get(pid)}

    return [
        {
            "id": int(r["id"]),
            "direction": r["direction"],
            "state": r["state"],
            "person": {"person_id": r["person_id"], "name": who.get(r["person_id"])},
            "to": ref(r["to_id"]),
            "introducer": ref(r["introducer_id"]),
            "partner": partners.get(r["partner_id"]) if r["partner_id"] else None,
            "request_id": r["request_id"],
            "note": r["note"],
            "value": r["value"],
            "created_at": r["created_at"],
            "updated_at": r["updated_at"],
            "events": events.get(int(r["id"]), []),
        }
        for r in rows
    ]


def listing(
    store: Store,
    *,
    person_id: int | None = None,
    partner_id: int | None = None,
    request_id: int | None = None,
) -> list[Introduction]:
    """Introductions, newest news first; those naming a person, for a partner or a request."""
    where, params = [], []
    if person_id is not None:
        where.append("(person_id = ? or to_id = ? or introducer_id = ?)")
        params += [person_id] * 3
    if partner_id is not None:
        where.append("partner_id = ?")
        params.append(partner_id)
    if request_id is not None:
        where.append("request_id = ?")
        params.append(request_id)
    clause = f"where {' and '.join(where)} " if where else ""
    rows = _sql(store).query(
        f"select * from introductions {clause}order by updated_at desc, id desc", params
    )
    return _described(store, rows)


def follow_up(store: Store, *, days: int = FOLLOW_UP_DAYS) -> list[Introduction]:
    """Open introductions (not closed, not declined) with no news for ``days`` days,
    longest silent first."""
    cutoff = (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0).isoformat()
    rows = _sql(store).query(
        "select * from introductions where state not in (?, ?) and updated_at <= ? "
        "order by updated_at, id",
        [*FINAL, cutoff],
    )
    return _described(store, rows)


class Side(TypedDict):
    """Introductions one way: how many, how many were made, their value."""

    count: int
    made: int
    value: float


class Balance(TypedDict):
    """Givers gain: what you gave a partner and what they gave you."""

    partner: Partner
    given: Side
    received: Side


def balances(store: Store) -> list[Balance]:
    """Per partner, introductions given and received (made ones and their value apart)."""
    out: dict[int, Balance] = {
        p["id"]: {
            "partner": p,
            "given": {"count": 0, "made": 0, "value": 0.0},
            "received": {"count": 0, "made": 0, "value": 0.0},
        }
        for p in all_partners(store)
    }
    for r in _sql(store).query(
        "select partner_id, direction, state, coalesce(value, 0) as value from introductions "
        "where partner_id is not null"
    ):
        entry = out.get(int(r["partner_id"]))
        if entry is None:
            continue
        side = entry["given"] if r["direction"] == GIVEN else entry["received"]
        side["count"] += 1
        side["made"] += int(r["state"] in COUNTED)
        side["value"] += float(r["value"])
    return list(out.values())


# -- the graph's side: read by the snapshot (answers/source.py) ---------------------------


def made_pairs(db: Any) -> dict[tuple[int, int], int]:
    """Person pairs (lo, hi) and how many made introductions name both.

    ``db`` is the answers' statements handle or a plain connection (the rebuild process).
    """
    pairs: Counter[tuple[int, int]] = Counter()
    marks = ",".join("?" * len(COUNTED))
    for row in db.execute(
        f"select introducer_id, person_id, to_id from introductions where state in ({marks}) "
        "order by id",
        list(COUNTED),
    ):
        people = sorted({int(p) for p in row if p is not None})
        pairs.update(combinations(people, 2))
    return dict(sorted(pairs.items()))
