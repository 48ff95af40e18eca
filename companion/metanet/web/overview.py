"""What the dashboard shows: reach, the overlap between networks, and what is new.

Reach and the overlap read the whole graph, so they are computed once per snapshot
version (the snapshot catches up with ``PRAGMA data_version`` before every answer) and
then served from memory. The lists of recent captures, imports, notices and merge
suggestions are small indexed queries, read fresh on every request.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metanet.answers import requests
from metanet.answers.reach import reach
from metanet.answers.service import snapshot_for
from metanet.answers.snapshot import Snapshot
from metanet.identity.suggestions import review_queue
from metanet.store import Store

RECENT = 5
#: the review queue is counted up to this many ("100+" beyond)
SUGGESTIONS_COUNTED = 100
#: the overlap chart shows this many network combinations, largest first
OVERLAP_BARS = 12


def overlap_sets(snap: Snapshot, masks: np.ndarray) -> list[dict[str, Any]]:
    """UpSet rows: for each combination of networks, how many people are known exactly on
    those networks. ``masks`` holds one network bitmask per person."""
    values, counts = np.unique(masks[masks > 0], return_counts=True)
    rows: list[dict[str, Any]] = [
        {"networks": snap.network_names(int(mask)), "count": int(count)}
        for mask, count in zip(values.tolist(), counts.tolist(), strict=True)
    ]
    rows.sort(key=lambda r: (-r["count"], len(r["networks"]), r["networks"]))
    top = max((r["count"] for r in rows), default=0)
    for row in rows:
        row["share"] = round(100 * row["count"] / top) if top else 0
    return rows[:OVERLAP_BARS]


def _overlap(snap: Snapshot) -> dict[str, Any]:
    """Per degree, the network combinations through which people are known.

    Degree 1: the networks the user and the contact are tied on. Degree 2: the networks
    of the contacts' ties to the person (the second hop), over all contacts who know
    them: someone a contact knows on XING and another contact knows offline counts for
    XING and offline.
    """
    me = snap.me
    if me is None:
        return {"degree1": [], "degree2": []}
    d1, d1_mask, (_, nbr, _, nmask) = snap.contacts_rows()
    second = np.zeros(snap.size, dtype=np.uint16)
    if len(d1):
        keep = nbr != me
        nbr, nmask = nbr[keep], nmask[keep]
        # One fancy-index assignment per network, 5x faster than np.bitwise_or.at over
        # the millions of list entries a heavy network has. Repeated indices are fine:
        # each copy reads the same old value and writes the same new one.
        for bit in (1 << i for i in range(len(snap.networks))):
            second[nbr[(nmask & bit) != 0]] |= np.uint16(bit)
        second[d1] = 0
        second[me] = 0
    return {"degree1": overlap_sets(snap, d1_mask), "degree2": overlap_sets(snap, second)}


def overlap(snap: Snapshot) -> dict[str, Any]:
    key = ("web_overlap", snap.version, 0)
    found = snap.memo.get(key)
    if found is None:
        found = _overlap(snap)
        snap.remember(key, found)
    return dict(found)


def _revive(store: Store, snap: Snapshot) -> dict[str, Any]:
    """Dormant ties and bridges (answers/revive.py), once per snapshot version."""
    from metanet.answers.revive import revive

    key = ("web_revive", snap.version, 0)
    found = snap.memo.get(key)
    if found is None:
        found = revive(store, snap, limit=RECENT)
        snap.remember(key, found)
    return dict(found)


def dashboard(store: Store) -> dict[str, Any]:
    """Everything on the dashboard, JSON-ready."""
    snap = snapshot_for(store)
    queue = review_queue(store, limit=SUGGESTIONS_COUNTED)
    with snap.sharing():  # after a change all three read the contacts' lists: once
        found = {"reach": reach(snap), "revive": _revive(store, snap), "overlap": overlap(snap)}
    return {
        **found,
        "captures": store.list_captures(limit=RECENT),
        "imports": store.recent_imports(RECENT),
        "notices": requests.notices(store),
        "suggestions": {
            "count": len(queue),
            "more": len(queue) >= SUGGESTIONS_COUNTED,
        },
    }
