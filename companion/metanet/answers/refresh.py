"""Catching a snapshot up with appended rows, at a cost that follows the change.

What a capture or an import writes is appended: new persons, accounts, ties, relations;
ratings are replaced (re-read whole: the user's few rows). Only the person pairs those
rows touch are computed again, and only the affected rows are rewritten (at the end of
the arrays); the user's neighbourhood is updated for the affected persons alone. So a
capture of 500 people on a contact's list rewrites that contact's row and 500 new ones.
Made introductions and interaction bonuses are re-read whole like ratings; the pairs
they add to or leave are read again.

A pair new to the snapshot whose new ties all go both ways is computed from those rows
alone (no older row can count for it); a pair that existed, one with a one-way follow
(its other direction may be old) or with a new relation or rating is read again whole.
Circles follow through ``circle_log``: only the circles logged since are read again
(``answers/circle_graph.py``). Anything else (a deletion, a merge, a split, an edited
relation, a new *me*) is "structural": the caller rebuilds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from metanet.answers import circle_graph, source
from metanet.answers.snapshot import Snapshot
from metanet.answers.source import Pairs, Watermark


def catch_up(db: Any, snap: Snapshot) -> str:
    """'none', 'appended' (now current) or 'structural' (the snapshot cannot follow)."""
    with source.one_read(db):
        mark = source.read_watermark(db)
        if mark == snap.watermark:
            return "none"
        if not mark.continues(snap.watermark):
            return "structural"
        old = snap.watermark
        changed = _apply(db, snap, old, mark)
        snap.update_ego(changed)
        moved = circle_graph.catch_up(db, snap, old, mark)
        both = np.union1d(changed, moved)
        circle_graph.update(snap, both)
        snap.watermark = mark
        snap.mark_changed(both)
        snap.counters.incremental += 1
    return "appended"


def _apply(db: Any, snap: Snapshot, old: Watermark, mark: Watermark) -> np.ndarray:
    """The appended ties, relations and ratings in the rows they touch; the persons whose
    rows changed."""
    reader = source.Reader(snap.networks, snap.cutoff)
    fresh = source.read_accounts(db, mark.max_account, after=old.max_account)
    snap.reserve(mark.max_person + 1, mark.max_account + 1)
    snap.account_person[fresh[:, 0]] = fresh[:, 1]
    if len(fresh):
        source.register_networks(db, snap.networks, old.max_account)
    rated: list[tuple[int, int]] = []
    if mark.ratings != old.ratings:
        ratings, snap.ratings = snap.ratings, source.read_ratings(db)
        rated += _changed_pairs(ratings, snap.ratings)
    if mark.introductions != old.introductions:
        introduced, snap.introduced = snap.introduced, source.read_introduced(db)
        rated += _changed_pairs(introduced, snap.introduced)
    if mark.interactions != old.interactions:
        interacted, snap.interacted = snap.interacted, source.read_interacted(db, mark.me)
        rated += _changed_pairs(interacted, snap.interacted)
    rows = reader.tie_rows(db, "where t.id > ? and t.id <= ?", [old.max_tie, mark.max_tie])
    related = source.read_relations(
        db, "where r.id > ? and r.id <= ?", [old.max_relation, mark.max_relation]
    )
    owners = snap.account_person
    a = owners[rows[:, 0]].astype(np.int64)
    b = owners[rows[:, 1]].astype(np.int64)
    usable = (a != b) & (a >= 0) & (b >= 0)
    rows, lo, hi = rows[usable], np.minimum(a, b)[usable], np.maximum(a, b)[usable]
    span = np.int64(snap.size + 1)
    key = lo * span + hi
    whole = np.concatenate(
        [
            key[_known(snap, lo, hi) | _one_way(key, rows[:, 2])],
            np.array([min(r[0], r[1]) * span + max(r[0], r[1]) for _, r in related], np.int64),
            np.array([x * span + y for x, y in rated], dtype=np.int64),
        ]
    )
    whole = np.unique(whole)
    quick = ~np.isin(key, whole)
    parts = [
        reader.combine(rows[quick], owners, [], snap.ratings, snap.introduced, snap.interacted)
    ]
    if len(whole):
        again = source.pairs_among(
            db,
            reader,
            owners,
            whole // span,
            whole % span,
            snap.ratings,
            snap.introduced,
            snap.interacted,
        )
        gone = ~np.isin(whole, again.lo * span + again.hi)
        parts += [again, _zero(whole[gone] // span, whole[gone] % span)]
    fields = ("lo", "hi", "w", "mask")
    pairs = Pairs(*(np.concatenate([getattr(p, f) for p in parts]) for f in fields))
    changed = snap.apply_pairs(pairs)
    snap.lag += len(rows)
    return changed


def _known(snap: Snapshot, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Which of the pairs (lo, hi) the snapshot already has."""
    if not len(lo):
        return np.zeros(0, dtype=bool)
    firsts, inverse = np.unique(lo, return_inverse=True)
    owner, nbr, _, _ = snap.gather(firsts)
    span = np.int64(snap.size + 1)
    have = firsts[owner].astype(np.int64) * span + nbr
    return np.isin(firsts[inverse] * span + hi, have)


def _one_way(key: np.ndarray, directed: np.ndarray) -> np.ndarray:
    """Rows of pairs that have a new follow (its other direction may be an old row)."""
    return np.isin(key, key[directed == 1])


def _changed_pairs(
    before: Mapping[tuple[int, int], float], now: Mapping[tuple[int, int], float]
) -> list[tuple[int, int]]:
    """The pairs whose value differs between ``before`` and ``now`` (new, gone or changed)."""
    return sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))


def _zero(lo: np.ndarray, hi: np.ndarray) -> Pairs:
    """Pairs that are no longer tied."""
    return Pairs(lo, hi, np.zeros(len(lo), dtype=np.float32), np.zeros(len(lo), dtype=np.uint16))
