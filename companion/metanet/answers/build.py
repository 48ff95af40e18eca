"""A snapshot from scratch: two flat scans of SQLite into numpy, and the circles' members
(the cold start, and the rebuild after a merge, a split or a deletion)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from metanet.answers import circle_graph, source
from metanet.answers.snapshot import Snapshot


def account_map(rows: np.ndarray, size: int) -> np.ndarray:
    """account id → person id (-1: no such account)."""
    owners = np.full(size, -1, dtype=np.int32)
    owners[rows[:, 0]] = rows[:, 1]
    return owners


def build(db: Any) -> Snapshot:
    """Read the whole graph in one transaction.

    Ties are read without joining accounts (a join per tie triples the cost); the
    account → person map in memory turns them into person pairs.
    """
    started = time.perf_counter()
    with source.one_read(db):
        mark = source.read_watermark(db)
        account_person = account_map(
            source.read_accounts(db, mark.max_account), mark.max_account + 1
        )
        networks: list[str] = []
        source.register_networks(db, networks)
        reader = source.Reader(networks, source.recent_cutoff())
        ratings = source.read_ratings(db)
        introduced = source.read_introduced(db)
        interacted = source.read_interacted(db, mark.me)
        rows = reader.tie_rows(db, "")
        relations = [r for _, r in source.read_relations(db)]
        pairs = reader.combine(rows, account_person, relations, ratings, introduced, interacted)
        del rows
        circles = circle_graph.read_layer(db, account_person, mark.max_person + 1)
    snap = Snapshot.from_pairs(
        pairs,
        size=mark.max_person + 1,
        account_person=account_person,
        networks=networks,
        ratings=ratings,
        introduced=introduced,
        interacted=interacted,
        watermark=mark,
        cutoff=reader.cutoff,
    )
    snap.circles = circles
    circle_graph.compute(snap)
    snap.counters.full += 1
    snap.load_seconds = time.perf_counter() - started
    return snap
