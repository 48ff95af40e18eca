"""Shared connections: people both the user and someone else know, strongest first."""

from __future__ import annotations

import numpy as np

from metanet.answers.service import names
from metanet.answers.shapes import NamedShared, SaidShared, SharedAnswer, SharedPerson
from metanet.answers.snapshot import Snapshot
from metanet.graph import tie_via
from metanet.store import Store

MAX_SHARED = 200


def shared_connections(
    store: Store, snap: Snapshot, person: int, *, limit: int = MAX_SHARED
) -> SharedAnswer:
    """Everyone both sides know, each with where each side knows them from.

    Ranked by the strength of the introduction they could make (your tie x their tie):
    a shared neighbour you play golf with outranks a LinkedIn contact you never met.
    """
    me = snap.me
    if me is None:
        return {"people": [], "total": 0, "truncated": False, "reason": "no_me"}
    mine, my_w, _ = snap.row(me)
    theirs, their_w, _ = snap.row(person)
    common, at_mine, at_theirs = np.intersect1d(
        mine, theirs, assume_unique=True, return_indices=True
    )
    keep = (common != me) & (common != person)
    common, score = common[keep], (my_w[at_mine] * their_w[at_theirs])[keep]
    order = np.lexsort((common, -score))[:limit]
    ids = [int(common[i]) for i in order]
    who = names(store, ids)
    if snap.stale:  # nobody who is gone since the snapshot was made (merged, forgotten)
        order = order[[pid in who for pid in ids]]
        ids = [pid for pid in ids if pid in who]
    people: list[SharedPerson] = [
        {
            "person_id": pid,
            "name": who.get(pid),
            "you": tie_via(store, snap, me, pid),
            "them": tie_via(store, snap, person, pid),
            "strength": round(float(score[i]), 4),
        }
        for pid, i in zip(ids, order, strict=True)
    ]
    answer: SharedAnswer = {
        "people": people,
        "total": len(common),
        "truncated": len(common) > limit,
    }
    if snap.stale:
        answer["stale"] = True
    return answer


def said_shared(store: Store, person_id: int) -> list[SaidShared]:
    """What the person's pages say about the connections they share with the user, per
    network and kind of tie: the printed number (the latest capture's) and the people
    named, each the person they are when known (linked on the page, or the one known
    person of that name), else by name only."""
    accounts = [int(a["id"]) for a in store.person_accounts(person_id)]
    said: dict[tuple[str, str], SaidShared] = {}
    for count in store.shared_counts(accounts):
        key = (count["network"], count["kind"])
        if key not in said:  # the latest first: one number per network and kind
            said[key] = {"network": key[0], "kind": key[1], "total": count["total"], "named": []}
    for mention in store.shared_mentions(accounts):
        key = (mention["network"], mention["kind"])
        entry = said.setdefault(
            key, {"network": key[0], "kind": key[1], "total": None, "named": []}
        )
        named: NamedShared = {"name": mention["name"], "person_id": mention["person_id"]}
        if named not in entry["named"]:
            entry["named"].append(named)
    return sorted(said.values(), key=lambda s: (s["network"], s["kind"]))
