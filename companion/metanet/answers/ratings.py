"""The user's own rating of a tie: it overrides everything the evidence says."""

from __future__ import annotations

from metanet.store import Store, StoreError, now


def rate(store: Store, a: int, b: int, strength: float) -> dict[str, float | int]:
    """Rate the tie between persons a and b (0 < strength ≤ 1).

    The old rating is deleted and a new row inserted, not updated: a new row id is how
    every open snapshot (in other processes too) notices that ratings changed.
    """
    if a == b:
        raise StoreError("a tie needs two different people")
    if not 0 < strength <= 1:
        raise StoreError("a rating is a strength above 0 and at most 1, e.g. 0.9")
    store.person(a)
    store.person(b)
    from metanet.answers.service import snapshot_for

    if not snapshot_for(store).tie(a, b)[0]:
        raise StoreError("these two are not known to know each other: relate them first")
    lo, hi = min(a, b), max(a, b)
    sql = store.sql("answers")
    with store.write():
        sql.execute("delete from tie_ratings where a_person_id = ? and b_person_id = ?", [lo, hi])
        sql.insert(
            "tie_ratings",
            {"a_person_id": lo, "b_person_id": hi, "strength": strength, "rated_at": now()},
        )
    return {"a": lo, "b": hi, "strength": strength}
