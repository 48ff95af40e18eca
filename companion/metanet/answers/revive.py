"""What interaction is for: dormant ties worth reviving, and bridges.

*Dormant ties* are people the user was close to (much interaction, undecayed) and has not
spoken to for :data:`~metanet.answers.interactions.DORMANT_DAYS`, ranked by how many people
they reach whom the user reaches through nobody else: the weak ties that carry most
referrals. *Bridges* are the user's contacts whose own contacts overlap least with the
user's: each opens a circle the user does not otherwise touch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

import numpy as np

from metanet.answers import interactions
from metanet.answers.service import names
from metanet.answers.snapshot import Snapshot
from metanet.store import Store

#: undecayed interaction score from which someone counts as having been close
CLOSE_SCORE = 10.0
#: a contact with fewer known contacts says too little about overlap to be a bridge
BRIDGE_MIN_CONTACTS = 5


class Dormant(TypedDict):
    person_id: int
    name: str | None
    last: str  # the last interaction (ISO)
    score: float  # interaction before decay
    only_via: int  # people the user reaches through this person alone


class Bridge(TypedDict):
    person_id: int
    name: str | None
    contacts: int  # their known contacts (the user aside)
    shared: int  # of them, the user's own contacts
    only_via: int  # people the user reaches through this person alone


def _reach(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The user's contacts, and per contact: known contacts, shared with the user, and
    reached through that contact alone; plus how many contacts reach each person."""
    with snap.sharing() as shared:  # dormant ties and bridges both ask
        if "revive" not in shared:
            shared["revive"] = _compute_reach(snap)
        found: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] = shared["revive"]
        return found


def _compute_reach(
    snap: Snapshot,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    me = snap.me
    d1, _, (owner, nbr, _, _) = snap.contacts_rows()
    # One class per person (0 beyond the user's contacts, 1 a contact, 2 the user) and one
    # pass over the millions of cells to read it, instead of copying every cell but the
    # user's first: this runs on the dashboard after every change.
    kind = np.zeros(snap.size, dtype=np.uint8)
    kind[d1] = 1
    if me is not None:
        kind[me] = 2
    of_cell = kind[nbr]
    shared = np.bincount(owner[of_cell == 1], minlength=len(d1))
    beyond = of_cell == 0
    through = np.bincount(nbr[beyond], minlength=snap.size)  # contacts reaching each
    alone = beyond & (through == 1)[nbr]  # read from 1.5 MB of flags, not 12 MB of counts
    only = np.bincount(owner[alone], minlength=len(d1))
    total = np.bincount(owner, minlength=len(d1)) - np.bincount(
        owner[of_cell == 2], minlength=len(d1)
    )  # their known contacts, the user aside
    return d1, total, shared, only, through


def dormant(
    store: Store, snap: Snapshot, *, limit: int = 10, today: datetime | None = None
) -> list[Dormant]:
    """Close once, silent for a year, strongest bridges first."""
    if snap.me is None:
        return []
    now = today or datetime.now(UTC)
    cutoff = (now - timedelta(days=interactions.DORMANT_DAYS)).isoformat()
    scores = interactions.scores(store.sql("answers"), today=now)
    d1, _, _, only, through = _reach(snap)
    position = {int(p): i for i, p in enumerate(d1.tolist())}
    found: list[tuple[int, float, int, str]] = []
    for person, (_, whole, last) in scores.items():
        if whole < CLOSE_SCORE or last >= cutoff or person == snap.me:
            continue
        if person in position:
            alone = int(only[position[person]])
        else:  # not a contact: everyone they know beyond the user's circle
            ids = snap.row(person)[0].astype(np.int64)
            ids = ids[(ids != snap.me) & (ids < len(through))]
            alone = int((through[ids] == 0).sum())
        found.append((person, whole, alone, last))
    found.sort(key=lambda f: (-f[2], -f[1], f[0]))
    who = names(store, [f[0] for f in found[:limit]])
    return [
        {"person_id": p, "name": who.get(p), "last": last, "score": round(whole, 1),
         "only_via": alone}
        for p, whole, alone, last in found[:limit]
    ]  # fmt: skip


def bridges(store: Store, snap: Snapshot, *, limit: int = 10) -> list[Bridge]:
    """The user's contacts whose contacts overlap least with the user's."""
    if snap.me is None:
        return []
    d1, total, shared, only, _ = _reach(snap)
    keep = np.flatnonzero(total >= BRIDGE_MIN_CONTACTS)
    overlap = shared[keep] / np.maximum(total[keep], 1)
    order = keep[np.lexsort((d1[keep], -only[keep], overlap))][:limit]
    who = names(store, [int(d1[i]) for i in order])
    return [
        {"person_id": int(d1[i]), "name": who.get(int(d1[i])), "contacts": int(total[i]),
         "shared": int(shared[i]), "only_via": int(only[i])}
        for i in order
    ]  # fmt: skip


def revive(store: Store, snap: Snapshot, *, limit: int = 10) -> dict[str, Any]:
    """Both lists, as the overview and ``metanet revive`` show them."""
    with snap.sharing():
        return {
            "dormant": dormant(store, snap, limit=limit),
            "bridges": bridges(store, snap, limit=limit),
        }
