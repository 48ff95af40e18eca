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
from metanet.services.circles import with_names
from metanet.store import Store

RECENT = 5
#: the review queue is counted up to this many ("100+" beyond)
SUGGESTIONS_COUNTED = 100
#: the overlap chart shows this many network combinations, largest first
OVERLAP_BARS = 12


def overlap_sets(snap: Snapshot, masks: np.ndarray) -> list[dict[str, Any]]:
    """UpSet rows: for each combination of networks, how many people are known exactly on
    those networks. ``masks`` holds one network bitmask per person."""
    # A mask is a small number (one bit per network): counting them is one bincount, not
    # np.unique's sort of a million masks (~50 ms of the dashboard after a change).
    counts = np.bincount(masks, minlength=1)
    counts[0] = 0  # known on no network: not in the chart
    rows: list[dict[str, Any]] = [
        {"networks": snap.network_names(mask), "count": int(counts[mask])}
        for mask in np.flatnonzero(counts).tolist()
    ]
    rows.sort(key=lambda r: (-r["count"], len(r["networks"]), r["networks"]))
    # A bar is the row's share of everyone in the chart (not of the largest row: equal
    # rows were all drawn at full width, which said nothing).
    everyone = sum(r["count"] for r in rows)
    for row in rows:
        row["share"] = round(100 * row["count"] / everyone) if everyone else 0
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


def reach_summary(found: dict[str, Any]) -> dict[str, Any]:
    """What the reach sentences say: the people reached (each once), what counting per
    network would make of it, and the share of that count which are the same people."""
    networks = found.get("networks") or {}
    merged = found.get("merged") or {}
    per_network = sum(int(n["degree1"]) + int(n["degree2"]) for n in networks.values())
    unique = int(merged.get("degree1", 0)) + int(merged.get("degree2", 0))
    same = (per_network - unique) / per_network if per_network > unique else 0.0
    return {"per_network": per_network, "unique": unique, "same_share": same}


def dashboard(store: Store) -> dict[str, Any]:
    """Everything on the dashboard, JSON-ready."""
    snap = snapshot_for(store)
    queue = review_queue(store, limit=SUGGESTIONS_COUNTED)
    with snap.sharing():  # after a change all three read the contacts' lists: once
        found = {
            "reach": with_names(store, reach(snap)),
            "revive": _revive(store, snap),
            "overlap": overlap(snap),
        }
    return {
        **found,
        "reach_summary": reach_summary(dict(found["reach"])),
        "captures": store.list_captures(limit=RECENT),
        "imports": store.recent_imports(RECENT),
        "notices": requests.notices(store),
        "suggestions": {
            "count": len(queue),
            "more": len(queue) >= SUGGESTIONS_COUNTED,
        },
    }
