"""Reach: how many people the user can reach at degrees 1 and 2, per network and merged.

The naive sum ("500 contacts x 500 contacts each = 250,000") overcounts everyone known
through several contacts and on several networks; the unique counts are the honest
figure, and both are shown side by side. Degree 3 is never observed (nobody sees their
contacts' contacts' contact lists), so it is an estimate and labelled as one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metanet.answers import circle_graph
from metanet.answers.shapes import NetworkReach, Reach
from metanet.answers.snapshot import Snapshot

_CACHE: dict[int, tuple[int, Reach]] = {}


def reach(snap: Snapshot) -> Reach:
    """Reach of the user; computed once per snapshot version, then instant."""
    cached = _CACHE.get(id(snap))
    if cached and cached[0] == snap.version:
        return cached[1]
    answer = _compute(snap)
    if snap.stale:
        answer["stale"] = True
    _CACHE[id(snap)] = (snap.version, answer)
    return answer


def _compute(snap: Snapshot) -> Reach:
    me = snap.me
    if me is None:
        return {
            "reason": "no_me", "merged": {"degree1": 0, "degree2": 0}, "networks": {},
            "circles": [],
        }  # fmt: skip
    d1, d1_mask, (owner, nbr, _, nmask) = snap.contacts_rows()
    lens = snap.row_lengths(d1)  # not a count of ``owner``: its int64 copy is 8 bytes a cell
    # Millions of cells after every change: each pass over them counts. The user's own
    # cell in each contact's list (``to_me``, a few thousand) is taken out of the counts
    # afterwards instead of masked out of every pass; ``me`` is cleared from the sets.
    on_both = d1_mask[owner] & nmask  # the networks of both hops: user-contact, contact-them
    to_me = np.flatnonzero(nbr == me)
    merged_d2 = np.zeros(snap.size, dtype=bool)
    merged_d2[nbr] = True
    merged_d2[d1] = False
    merged_d2[me] = False
    networks: dict[str, NetworkReach] = {}
    d2_by_net = np.zeros(snap.size, dtype=np.uint8)
    for i, name in enumerate(snap.networks):
        bit = 1 << i
        first = d1[(d1_mask & bit) != 0]
        if not len(first):
            continue  # a network the user has no contacts on says nothing about reach
        on_net = (on_both & bit) != 0
        second = np.zeros(snap.size, dtype=bool)
        second[nbr[on_net]] = True
        second[first] = False
        second[me] = False
        d2_by_net += second
        networks[name] = {
            "degree1": len(first),
            "degree2": int(second.sum()),
            "degree2_naive": int(on_net.sum()) - int(on_net[to_me].sum()),
        }
    d1_networks = np.array([bin(int(m)).count("1") for m in d1_mask], dtype=np.int64)
    covered = int((lens > 1).sum())
    unique2 = int(merged_d2.sum())
    naive2 = int(np.clip(lens - 1, 0, None).sum())
    answer: Reach = {
        "merged": {"degree1": len(d1), "degree2": unique2},
        "networks": networks,
        "naive": {
            "degree1": int(sum(n["degree1"] for n in networks.values())),
            "degree2": naive2,
        },
        "overlap": {
            "degree1_on_several_networks": int((d1_networks > 1).sum()),
            "degree2_on_several_networks": int((d2_by_net > 1).sum()),
            "degree2_known_through_several_contacts": naive2 - unique2,
        },
        "coverage": {"contacts": len(d1), "contact_lists_known": covered},
        "degree3_estimate": _degree3(unique2, naive2, lens, covered),
        "circles": circle_graph.reach(snap),
    }
    return answer


def _degree3(unique2: int, naive2: int, lens: np.ndarray, covered: int) -> dict[str, Any]:
    """An estimate, not a count: second-degree people are assumed to know as many people as
    the user's contacts whose lists are known (``mean_list``), with the same share of
    unique people (``unique_share``). ``estimate`` is None when too few lists are known."""
    if not covered or not naive2:
        return {"estimate": None, "mean_list": None, "unique_share": None}
    mean_list = float(np.clip(lens[lens > 1] - 1, 0, None).mean())
    unique_share = unique2 / naive2
    value = int(unique2 * mean_list * unique_share)
    return {
        "estimate": value,
        "mean_list": round(mean_list, 1),
        "unique_share": round(unique_share, 4),
    }
