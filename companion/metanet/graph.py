"""Who knows whom: the one definition of the person graph.

Two persons know each other when the store holds, between any of their accounts, an
undirected tie (a contact, a friendship), a follow that goes both ways on the same
network, or when the user recorded an offline relation between them. A one-way follow
is not knowing. ``via`` says how: a place per network, and one per offline relation with its label;
``strength`` is the tie's strength in (0, 1] (:mod:`metanet.answers.strength`).

The rule for follows is :func:`counted_ties`, on arrays: the answers' snapshot applies it
to millions of ties at once, and every person-level answer (``metanet person``, the
person page, the popup's ``lookup``, the GraphML/GEXF export) reads that snapshot through
:func:`knows` and :func:`tie_via`, so all of them agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np

from metanet.answers.shapes import Place

if TYPE_CHECKING:
    from metanet.answers.snapshot import Snapshot
    from metanet.store import Store

OFFLINE = "offline"


class Known(TypedDict):
    """Someone a person knows."""

    person_id: int
    name: str | None
    via: list[Place]
    strength: float


def counted_ties(
    src: np.ndarray, dst: np.ndarray, directed: np.ndarray, network: np.ndarray
) -> np.ndarray:
    """Which tie rows say that two persons know each other (a boolean mask).

    ``src``/``dst`` are the persons at both ends, ``directed`` is 1 for a follow, and
    ``network`` any integer that names the tie's network. Every undirected tie counts;
    a follow counts only when the same network has it the other way too, and then once
    (the row with ``src < dst``).
    """
    keep = np.ones(len(src), dtype=bool)
    d = np.flatnonzero(directed == 1)
    if not len(d):
        return keep
    a, b = src[d].astype(np.int64), dst[d].astype(np.int64)
    net = network[d].astype(np.int64)
    span = np.int64(max(int(a.max(initial=0)), int(b.max(initial=0))) + 1)
    width = np.int64(int(net.max(initial=0)) + 1)
    forward = (a * span + b) * width + net
    backward = (b * span + a) * width + net
    keep[d[~np.isin(backward, forward)]] = False
    keep[d[a > b]] = False  # a mutual follow is one tie, counted once
    return keep


def via(networks: list[str], offline_labels: list[str]) -> list[Place]:
    """How two persons know each other, as every answer shows it: the networks by name,
    then one place per offline relation."""
    places: list[Place] = [{"network": n} for n in sorted(networks) if n != OFFLINE]
    return places + [{"network": OFFLINE, "label": label} for label in offline_labels]


def tie_via(store: Store, snap: Snapshot, a: int, b: int) -> list[Place]:
    """How ``a`` knows ``b``: networks and offline relations ([] when they do not)."""
    _, mask = snap.tie(a, b)
    networks = snap.network_names(mask)
    return via(networks, store.offline_labels(a, b) if OFFLINE in networks else [])


def knows(store: Store, snap: Snapshot, person: int, *, limit: int | None = None) -> list[Known]:
    """Everyone ``person`` knows, strongest tie first (then by id), at most ``limit``."""
    ids, weights, masks = snap.row(person)
    order = np.lexsort((ids, -weights))
    if snap.stale:
        order = still_stored(store, ids, order, limit)
    order = order[:limit]
    chosen = [int(ids[i]) for i in order]
    names = store.person_names(chosen)
    known: list[Known] = []
    for i, other in zip(order.tolist(), chosen, strict=True):
        networks = snap.network_names(int(masks[i]))
        labels = store.offline_labels(person, other) if OFFLINE in networks else []
        known.append(
            {
                "person_id": other,
                "name": names.get(other),
                "via": via(networks, labels),
                "strength": round(float(weights[i]), 4),
            }
        )
    return known


def still_stored(store: Store, ids: np.ndarray, order: np.ndarray, limit: int | None) -> np.ndarray:
    """``order`` (positions in ``ids``) without the persons gone since a stale snapshot
    was made (merged away, forgotten), read in chunks until ``limit`` are found."""
    kept: list[np.ndarray] = []
    found = 0
    step = max(limit or 0, 500)
    for start in range(0, len(order), step):
        chunk = order[start : start + step]
        stored = store.person_names(ids[chunk].tolist())
        chunk = chunk[[int(ids[i]) in stored for i in chunk]]
        kept.append(chunk)
        found += len(chunk)
        if limit is not None and found >= limit:
            break
    return np.concatenate(kept) if kept else order[:0]


def to_networkx(store: Store, snap: Snapshot) -> Any:
    """The person graph as an undirected ``networkx.Graph``: every person a node with its
    ``name``, every pair that knows each other an edge with ``via`` and ``strength``.

    For analysis and the GraphML/GEXF export; networkx is imported here only.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from((pid, {"name": name}) for pid, name in store.all_person_names().items())
    labels: dict[tuple[int, int], list[str]] = defaultdict(list)
    for relation in store.export_relations():
        a, b = relation["a_person_id"], relation["b_person_id"]
        labels[(min(a, b), max(a, b))].append(relation["label"])
    owner, other, weights, masks = snap.gather(np.arange(snap.size))
    once = owner < other  # each pair is in both persons' rows
    if snap.stale:  # only persons still stored (a merge or a forget is being rebuilt)
        stored = np.zeros(snap.size, dtype=bool)
        stored[[p for p in graph.nodes if p < snap.size]] = True
        once &= stored[owner] & stored[other]
    networks = {int(m): snap.network_names(int(m)) for m in np.unique(masks)}
    graph.add_edges_from(
        (a, b, {"via": via(networks[m], sorted(labels.get((a, b), ()))), "strength": round(w, 4)})
        for a, b, w, m in zip(
            owner[once].tolist(),
            other[once].tolist(),
            weights[once].tolist(),
            masks[once].tolist(),
            strict=True,
        )
    )
    return graph
