"""The review queue: scored suggestions, saved so the user can confirm or reject them.

A suggestion is stored per account pair (lower id first) with its score and reason. Its
status is ``open`` until the user (or later exact evidence) settles it: ``confirmed``,
``rejected`` or ``merged``. Re-running resolution refreshes only ``open`` rows, and a pair
whose persons the user called different is never written again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from metanet.identity.decisions import rejected_between
from metanet.identity.scoring import AccountFacts, Scored
from metanet.reasons import decode
from metanet.store import Store, now

TOP_N = 3  # suggestions kept per account

_UPSERT = (
    "insert into identity_suggestions (a_account_id, b_account_id, score, reason, status, "
    "created_at, updated_at) values (?, ?, ?, ?, 'open', ?, ?) "
    "on conflict (a_account_id, b_account_id) do update set score = excluded.score, "
    "reason = excluded.reason, updated_at = excluded.updated_at where status = 'open'"
)


@dataclass
class Candidate:
    a: AccountFacts
    b: AccountFacts
    scored: Scored

    def row(self, stamp: str) -> tuple[int, int, float, str, str, str]:
        low, high = sorted((self.a.id, self.b.id))
        return (low, high, self.scored.score, self.scored.reason, stamp, stamp)


def save_suggestions(
    store: Store, candidates: Iterable[Candidate], *, checked: bool = False
) -> int:
    """Write candidates as open suggestions; rejected person pairs are skipped.

    ``checked``: the caller already left out rejected pairs (the full run does, in memory).
    """
    stamp = now()
    written = 0
    batch: list[tuple[int, int, float, str, str, str]] = []
    for c in candidates:
        if checked or not rejected_between(store, c.a.person_id, c.b.person_id):
            batch.append(c.row(stamp))
        if len(batch) >= 10_000:
            store.sql("identity").executemany(_UPSERT, batch)
            written, batch = written + len(batch), []
    store.sql("identity").executemany(_UPSERT, batch)
    return written + len(batch)


def neighbours(store: Store, person_id: int) -> set[int]:
    """The persons this person is tied to on any network (either direction)."""
    rows = store.sql("identity").execute(
        "select b.person_id from accounts a join ties t on t.src_account_id = a.id "
        "join accounts b on b.id = t.dst_account_id where a.person_id = :p "
        "union select a.person_id from accounts b join ties t on t.dst_account_id = b.id "
        "join accounts a on a.id = t.src_account_id where b.person_id = :p",
        {"p": person_id},
    )
    return {int(r[0]) for r in rows} - {person_id}


def shared_contacts(store: Store, p: int, q: int, cache: dict[int, set[int]]) -> int:
    """How many people both persons know (the user counts too: leave *me* out).

    ``cache`` holds neighbour sets by person, and *me* under key -1, across calls.
    """
    if -1 not in cache:
        me = store.me()
        cache[-1] = {int(me["id"])} if me else set()
    for person in (p, q):
        if person not in cache:
            cache[person] = neighbours(store, person)
    return len((cache[p] & cache[q]) - cache[-1])


ACCOUNT_COLUMNS = ("id", "person_id", "network", "name", "profile_url", "company", "location")


def _account(row: Any, prefix: str) -> dict[str, Any]:
    return {k: row[f"{prefix}_{k}"] for k in ACCOUNT_COLUMNS}


def review_queue(
    store: Store, *, person_id: int | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Open suggestions, best first, one per pair of persons.

    With ``person_id``: only suggestions about that person (the popup's "Same person as …").
    """
    select = ", ".join(f"{side}.{k} as {side}_{k}" for side in "ab" for k in ACCOUNT_COLUMNS)
    where = "s.status = 'open' and a.person_id != b.person_id"
    params: dict[str, Any] = {"limit": limit * 4}
    if person_id is not None:
        where += " and (a.person_id = :p or b.person_id = :p)"
        params["p"] = person_id
    rows = store.sql("identity").query(
        f"select s.id, s.score, s.reason, s.created_at, {select} from identity_suggestions s "
        "join accounts a on a.id = s.a_account_id join accounts b on b.id = s.b_account_id "
        f"where {where} order by s.score desc, s.id limit :limit",
        params,
    )
    queue: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        a, b = _account(row, "a"), _account(row, "b")
        if person_id is not None and b["person_id"] == person_id:
            a, b = b, a
        pair = (min(a["person_id"], b["person_id"]), max(a["person_id"], b["person_id"]))
        if pair in seen or rejected_between(store, *pair):
            continue
        seen.add(pair)
        queue.append(
            {
                "id": row["id"],
                "score": row["score"],
                "reasons": decode(row["reason"]),
                "a": a,
                "b": b,
            }
        )
        if len(queue) >= limit:
            break
    return queue


def suggestion(store: Store, suggestion_id: int) -> dict[str, Any]:
    """One stored suggestion (any status), its ``reason`` column read as ``reasons``."""
    from metanet.store import NotFound

    row = store.sql("identity").get("identity_suggestions", suggestion_id)
    if row is None:
        raise NotFound(f"no suggestion #{suggestion_id}")
    row["reasons"] = decode(row.pop("reason"))
    return row
