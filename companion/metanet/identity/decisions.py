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

from metanet import errors
from metanet.identity.persons import (
    AUTO,
    DIFFERENT,
    SAME,
    USER,
    Merge,
    merge_persons,
    split_accounts,
)
from metanet.reasons import Reason, encode
from metanet.store import NotFound, Store, StoreError, now


class DecisionError(errors.Refused, StoreError):
    """The decision cannot be made as asked (already merged, already undone, …)."""


@dataclass
class Decision:
    id: int
    decision: str
    person_id: int  # the person the user should look at afterwards
    other_person_id: int | None = None


def account_ids(store: Store, person_id: int) -> list[int]:
    return sorted(int(a["id"]) for a in store.person_accounts(person_id))


_ACROSS = (
    "((a_account_id in (select id from accounts where person_id = :p) "
    "and b_account_id in (select id from accounts where person_id = :q)) "
    "or (a_account_id in (select id from accounts where person_id = :q) "
    "and b_account_id in (select id from accounts where person_id = :p)))"
)  # account pairs across two persons, through the account indexes (no table scan)


def rejected_between(store: Store, person_a: int, person_b: int) -> bool:
    """Whether the user said (and did not take back) that these two are different people."""
    row = store.sql("identity").value(
        "select 1 from merge_decisions where decision = 'different' and undone_at is null "
        f"and {_ACROSS} limit 1",
        {"p": person_a, "q": person_b},
    )
    return row is not None


def _person_of(store: Store, account_id: int) -> int:
    return int(store.account_by_id(account_id)["person_id"])


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
    """Merge person ``other_id`` into ``keep_id`` (:func:`.persons.merge_persons`); the
    decision id. The user's own person is always the one kept, so *me* keeps its id.
    """
    if keep_id == other_id:
        raise DecisionError("these accounts already belong to one person")
    with store.write():
        if source == AUTO and rejected_between(store, keep_id, other_id):
            raise DecisionError("you said these are different people")
        merge = Merge(keep_id, other_id, encode(reasons), source, score, pair)
        (done,) = merge_persons(store, [merge])
        if done.decision_id is None:  # undone with the transaction
            raise DecisionError("a person without accounts cannot be merged")
    return done.decision_id


def _record(
    store: Store,
    decision: str,
    source: str,
    reasons: list[Reason],
    score: float | None,
    a: int,
    b: int,
) -> int:
    return store.sql("identity").insert(
        "merge_decisions",
        {
            "a_account_id": a,
            "b_account_id": b,
            "decision": decision,
            "source": source,
            "score": score,
            "reason": encode(reasons),
            "created_at": now(),
        },
    )


def confirm(
    store: Store, a_account: int, b_account: int, *, reason: list[Reason] | None = None
) -> Decision:
    """The user says: these two accounts are one human. Takes back an earlier rejection.

    ``reason``: why, as codes (default ``confirmed``)."""
    with store.write():
        keep, other = _person_of(store, a_account), _person_of(store, b_account)
        if keep == other:
            raise DecisionError("these accounts already belong to one person")
        sql = store.sql("identity")
        sql.execute(
            "update merge_decisions set undone_at = :t where decision = 'different' and "
            f"undone_at is null and {_ACROSS}",
            {"t": now(), "p": keep, "q": other},
        )
        score = sql.value(
            "select max(score) from identity_suggestions where (a_account_id = :a and "
            "b_account_id = :b) or (a_account_id = :b and b_account_id = :a)",
            {"a": a_account, "b": b_account},
        )
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
        store.sql("identity").execute(
            f"update identity_suggestions set status = 'rejected', updated_at = :t where {_ACROSS}",
            {"t": now(), "p": person_a, "q": person_b},
        )
    return Decision(decision_id, DIFFERENT, person_a, person_b)


def split(store: Store, person_id: int, moved: list[int]) -> Decision:
    """Move accounts off a person to a person of their own and remember they differ."""
    with store.write():
        remaining = [a for a in account_ids(store, person_id) if a not in moved]
        if not moved or len(remaining) == len(account_ids(store, person_id)):
            raise DecisionError("name an account of this person to split off")
        if not remaining:
            raise DecisionError("a person cannot be split from all of their accounts")
        new_person = split_accounts(store, moved)
        decision_id = _record(
            store, DIFFERENT, USER, [{"code": "split"}], None, remaining[0], moved[0]
        )
        store.sql("identity").insert(
            "merge_undo",
            {"decision_id": decision_id, "account_ids": json.dumps(moved), "relation_ids": "[]"},
        )
    return Decision(decision_id, DIFFERENT, person_id, new_person)


def undo(store: Store, decision_id: int) -> Decision:
    """Take a decision back: a merge is split again, a rejection or split is lifted."""
    with store.write():
        sql = store.sql("identity")
        row = sql.get("merge_decisions", decision_id)
        if row is None:
            raise NotFound(f"no merge decision #{decision_id}")
        if row["undone_at"]:
            raise DecisionError(f"decision #{decision_id} was already undone")
        sql.update("merge_decisions", decision_id, {"undone_at": now()})
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
        sql.execute(  # a lifted rejection: its suggestions may come back
            "update identity_suggestions set status = 'open' where status = 'rejected' and "
            "((a_account_id = :a and b_account_id = :b) "
            "or (a_account_id = :b and b_account_id = :a))",
            {"a": row["a_account_id"], "b": row["b_account_id"]},
        )
        return Decision(decision_id, DIFFERENT, keep, other)


def _undo_row(store: Store, decision_id: int) -> dict[str, Any] | None:
    return store.sql("identity").one(
        "select * from merge_undo where decision_id = ?", [decision_id]
    )


def _unmerge(
    store: Store, row: dict[str, Any], saved: dict[str, Any] | None, keep: int
) -> Decision:
    moved = json.loads(saved["account_ids"]) if saved else [int(row["b_account_id"])]
    moved = [a for a in moved if store.account_exists(a) and _person_of(store, a) == keep]
    if not moved or len(moved) == len(account_ids(store, keep)):
        raise DecisionError(f"the accounts of decision #{row['id']} are no longer together")
    new_person = split_accounts(
        store,
        moved,
        name=saved["person_name"] if saved else None,
        note=saved["person_note"] if saved else None,
    )
    sql = store.sql("identity")
    for relation_id in json.loads(saved["relation_ids"]) if saved else []:
        for column in ("a_person_id", "b_person_id"):
            sql.execute(
                f"update or ignore relations set {column} = ? where id = ? and {column} = ?",
                [new_person, relation_id, keep],
            )
    sql.execute("delete from relations where a_person_id = b_person_id")
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


#: a decision's columns as the JSON export writes them (its accounts by network and key)
EXPORTED = ("decision", "source", "score", "reason", "created_at", "undone_at")


def exported(store: Store) -> list[dict[str, Any]]:
    """Every merge decision, oldest first, with its two accounts by network and key."""
    rows = store.sql("identity").query(
        "select a.network as a_network, a.key as a_key, b.network as b_network, "
        "b.key as b_key, d.decision, d.source, d.score, d.reason, d.created_at, d.undone_at "
        "from merge_decisions d join accounts a on a.id = d.a_account_id "
        "join accounts b on b.id = d.b_account_id order by d.id"
    )
    return [
        {
            "a": {"network": row["a_network"], "key": row["a_key"]},
            "b": {"network": row["b_network"], "key": row["b_key"]},
            **{name: row[name] for name in EXPORTED},
        }
        for row in rows
    ]


def read_back(store: Store, a_account: int, b_account: int, fields: dict[str, Any]) -> bool:
    """Record an exported decision between two stored accounts, unless it is recorded
    already; True if it was added. Only the record: which accounts are one person comes
    with the export's persons, and a ``different`` decision keeps resolution apart."""
    sql = store.sql("identity")
    with store.write():
        known = sql.value(
            "select 1 from merge_decisions where a_account_id = ? and b_account_id = ? "
            "and decision = ? and created_at = ?",
            [a_account, b_account, fields["decision"], fields["created_at"]],
        )
        if known is not None:
            return False
        sql.insert(
            "merge_decisions",
            {"a_account_id": a_account, "b_account_id": b_account, **fields},
        )
    return True
