"""Merge decisions: confirm, reject ("not the same"), split and undo, all recorded.

Every decision is a row of ``merge_decisions`` (``same`` or ``different``, by ``auto`` or
``user``), so the person page can show the merge history and any decision can be undone.
``different`` decisions are constraints: resolution never merges across one and never
suggests the pair again, so re-running resolution cannot undo what the user decided.
Undoing an automatic merge records a ``different`` decision for the same reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from metanet.reasons import Reason, encode
from metanet.store import NotFound, Store, StoreError, last_id, now

SAME, DIFFERENT = "same", "different"
USER, AUTO = "user", "auto"


class DecisionError(StoreError):
    """The decision cannot be made as asked (already merged, already undone, …)."""


@dataclass
class Decision:
    id: int
    decision: str
    person_id: int  # the person the user should look at afterwards
    other_person_id: int | None = None


def account_ids(store: Store, person_id: int) -> list[int]:
    return [
        int(r[0])
        for r in store.db.execute(
            "select id from accounts where person_id = ? order by id", [person_id]
        )
    ]


_ACROSS = (
    "((a_account_id in (select id from accounts where person_id = :p) "
    "and b_account_id in (select id from accounts where person_id = :q)) "
    "or (a_account_id in (select id from accounts where person_id = :q) "
    "and b_account_id in (select id from accounts where person_id = :p)))"
)  # account pairs across two persons, through the account indexes (no table scan)


def rejected_between(store: Store, person_a: int, person_b: int) -> bool:
    """Whether the user said (and did not take back) that these two are different people."""
    row = store.db.execute(
        "select 1 from merge_decisions where decision = 'different' and undone_at is null "
        f"and {_ACROSS} limit 1",
        {"p": person_a, "q": person_b},
    ).fetchone()
    return row is not None


def _person_of(store: Store, account_id: int) -> int:
    return int(store.account_by_id(account_id)["person_id"])


def _set_suggestions(store: Store, person_a: int, person_b: int, status: str) -> None:
    store.db.execute(
        f"update identity_suggestions set status = :s, updated_at = :t where {_ACROSS}",
        {"s": status, "t": now(), "p": person_a, "q": person_b},
    )


def merge(
    store: Store,
    keep_id: int,
    other_id: int,
    *,
    source: str,
    reasons: list[Reason],
    score: float | None,
    pair: tuple[int, int] | None = None,
) -> int:
    """Merge person ``other_id`` into ``keep_id``, keeping what undo needs; the decision id.

    The user's own person is always the one kept, so *me* keeps its id.
    """
    if keep_id == other_id:
        raise DecisionError("these accounts already belong to one person")
    with store.write():
        if store.person(other_id)["is_me"]:
            keep_id, other_id = other_id, keep_id
        if source == AUTO and rejected_between(store, keep_id, other_id):
            raise DecisionError("you said these are different people")
        other = store.person(other_id)
        moved = account_ids(store, other_id)
        relations = [
            int(r[0])
            for r in store.db.execute(
                "select id from relations where a_person_id = ? or b_person_id = ?",
                [other_id, other_id],
            )
        ]
        _set_suggestions(store, keep_id, other_id, "confirmed" if source == USER else "merged")
        before = store.db.execute("select coalesce(max(id), 0) from merge_decisions").fetchone()
        store.merge_persons(keep_id, other_id, source=source, reason=encode(reasons), score=score)
        row = store.db.execute(
            "select max(id) from merge_decisions where id > ?", [before[0]]
        ).fetchone()
        decision_id = (
            int(row[0])
            if row[0]
            else _record(
                store, SAME, source, reasons, score, account_ids(store, keep_id)[0], moved[0]
            )
        )
        if pair is not None:  # record the accounts the user named, not just any two
            store.db.table("merge_decisions").update(
                decision_id, {"a_account_id": pair[0], "b_account_id": pair[1]}
            )
        store.db.table("merge_undo").insert(
            {
                "decision_id": decision_id,
                "person_name": other["name"],
                "person_note": other["note"],
                "is_me": other["is_me"],
                "account_ids": json.dumps(moved),
                "relation_ids": json.dumps(relations),
            }
        )
    return decision_id


def _record(
    store: Store,
    decision: str,
    source: str,
    reasons: list[Reason],
    score: float | None,
    a: int,
    b: int,
) -> int:
    table = store.db.table("merge_decisions")
    table.insert(
        {
            "a_account_id": a,
            "b_account_id": b,
            "decision": decision,
            "source": source,
            "score": score,
            "reason": encode(reasons),
            "created_at": now(),
        }
    )
    return last_id(table)


def confirm(
    store: Store, a_account: int, b_account: int, *, reason: list[Reason] | None = None
) -> Decision:
    """The user says: these two accounts are one human. Takes back an earlier rejection.

    ``reason``: why, as codes (default ``confirmed``)."""
    with store.write():
        keep, other = _person_of(store, a_account), _person_of(store, b_account)
        if keep == other:
            raise DecisionError("these accounts already belong to one person")
        store.db.execute(
            "update merge_decisions set undone_at = :t where decision = 'different' and "
            f"undone_at is null and {_ACROSS}",
            {"t": now(), "p": keep, "q": other},
        )
        score = store.db.execute(
            "select max(score) from identity_suggestions where (a_account_id = :a and "
            "b_account_id = :b) or (a_account_id = :b and b_account_id = :a)",
            {"a": a_account, "b": b_account},
        ).fetchone()[0]
        decision_id = merge(
            store,
            min(keep, other),
            max(keep, other),
            source=USER,
            reasons=reason or [{"code": "confirmed"}],
            score=score,
            pair=(a_account, b_account),
        )
        kept = _person_of(store, a_account)
    return Decision(decision_id, SAME, kept)


def reject(
    store: Store, a_account: int, b_account: int, *, reason: list[Reason] | None = None
) -> Decision:
    """The user says: not the same human. Remembered; the pair is never suggested again.

    ``reason``: why, as codes (default ``rejected``)."""
    with store.write():
        person_a, person_b = _person_of(store, a_account), _person_of(store, b_account)
        if person_a == person_b:
            raise DecisionError(
                "these accounts are merged into one person: split one off instead "
                "(metanet split X --account URL)"
            )
        decision_id = _record(
            store,
            DIFFERENT,
            USER,
            reason or [{"code": "rejected"}],
            None,
            a_account,
            b_account,
        )
        _set_suggestions(store, person_a, person_b, "rejected")
    return Decision(decision_id, DIFFERENT, person_a, person_b)


def split(store: Store, person_id: int, moved: list[int]) -> Decision:
    """Move accounts off a person to a person of their own and remember they differ."""
    with store.write():
        remaining = [a for a in account_ids(store, person_id) if a not in moved]
        if not moved or len(remaining) == len(account_ids(store, person_id)):
            raise DecisionError("name an account of this person to split off")
        if not remaining:
            raise DecisionError("a person cannot be split from all of their accounts")
        new_person = store.split_accounts(moved)
        decision_id = _record(
            store, DIFFERENT, USER, [{"code": "split"}], None, remaining[0], moved[0]
        )
        store.db.table("merge_undo").insert(
            {"decision_id": decision_id, "account_ids": json.dumps(moved), "relation_ids": "[]"}
        )
    return Decision(decision_id, DIFFERENT, person_id, new_person)


def undo(store: Store, decision_id: int) -> Decision:
    """Take a decision back: a merge is split again, a rejection or split is lifted."""
    with store.write():
        try:
            row = dict(store.db.table("merge_decisions").get(decision_id))
        except Exception:
            raise NotFound(f"no merge decision #{decision_id}") from None
        if row["undone_at"]:
            raise DecisionError(f"decision #{decision_id} was already undone")
        store.db.table("merge_decisions").update(decision_id, {"undone_at": now()})
        saved = _undo_row(store, decision_id)
        keep = _person_of(store, int(row["a_account_id"]))
        if row["decision"] == SAME:
            return _unmerge(store, row, saved, keep)
        if saved is not None:  # a split: merge back
            back = _person_of(store, json.loads(saved["account_ids"])[0])
            if back != keep:
                new_id = merge(
                    store,
                    keep,
                    back,
                    source=USER,
                    reasons=[{"code": "undo_split", "decision": decision_id}],
                    score=None,
                )
                return Decision(new_id, SAME, _person_of(store, int(row["a_account_id"])))
        other = _person_of(store, int(row["b_account_id"]))
        store.db.execute(  # a lifted rejection: its suggestions may come back
            "update identity_suggestions set status = 'open' where status = 'rejected' and "
            "((a_account_id = :a and b_account_id = :b) "
            "or (a_account_id = :b and b_account_id = :a))",
            {"a": row["a_account_id"], "b": row["b_account_id"]},
        )
        return Decision(decision_id, DIFFERENT, keep, other)


def _undo_row(store: Store, decision_id: int) -> dict[str, Any] | None:
    found = list(store.db.table("merge_undo").rows_where("decision_id = ?", [decision_id]))
    return found[0] if found else None


def _unmerge(
    store: Store, row: dict[str, Any], saved: dict[str, Any] | None, keep: int
) -> Decision:
    moved = json.loads(saved["account_ids"]) if saved else [int(row["b_account_id"])]
    moved = [a for a in moved if _exists(store, a) and _person_of(store, a) == keep]
    if not moved or len(moved) == len(account_ids(store, keep)):
        raise DecisionError(f"the accounts of decision #{row['id']} are no longer together")
    new_person = store.split_accounts(
        moved,
        name=saved["person_name"] if saved else None,
        note=saved["person_note"] if saved else None,
    )
    for relation_id in json.loads(saved["relation_ids"]) if saved else []:
        for column in ("a_person_id", "b_person_id"):
            store.db.execute(
                f"update or ignore relations set {column} = ? where id = ? and {column} = ?",
                [new_person, relation_id, keep],
            )
    store.db.execute("delete from relations where a_person_id = b_person_id")
    _record(
        store,
        DIFFERENT,
        USER,
        [{"code": "undo_merge", "decision": row["id"]}],
        None,
        account_ids(store, keep)[0],
        moved[0],
    )
    return Decision(int(row["id"]), DIFFERENT, keep, new_person)


def _exists(store: Store, account_id: int) -> bool:
    return (
        store.db.execute("select 1 from accounts where id = ?", [account_id]).fetchone() is not None
    )
