"""Graphs for ``static/graph.js``: a person's ego network, and the best paths to someone.

Both have the shape graph.js draws::

    {"nodes": [{"id", "label", "kind": "me|person|target"}],
     "edges": [{"source", "target", "label", "strength"}],
     "truncated": bool, "shown": n, "total": n}

A drawing of thousands of nodes is unreadable and slow, so the ego graph keeps the
strongest ties only (``EGO_CAP`` nodes) and says how many it left out. Node ids are
strings because cytoscape.js wants them so.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np

from metanet.answers.service import names
from metanet.answers.shapes import PathsAnswer
from metanet.answers.snapshot import Snapshot
from metanet.graph import still_stored
from metanet.i18n import Words, texts
from metanet.store import Store

EGO_CAP = 60


def _node(pid: int, label: str | None, *, me: int | None, target: int | None) -> dict[str, Any]:
    kind = "me" if pid == me else "target" if pid == target else "person"
    return {"id": str(pid), "label": label or "", "kind": kind}


def _edge(w: Words, snap: Snapshot, a: int, b: int, strength: float, mask: int) -> dict[str, Any]:
    return {
        "source": str(a),
        "target": str(b),
        "label": ", ".join(texts.network(w, n) for n in snap.network_names(mask)),
        "strength": round(float(strength), 3),
    }


def ego_graph(
    store: Store, snap: Snapshot, person: int, tr: Words, *, cap: int = EGO_CAP
) -> dict[str, Any]:
    """The person, their strongest neighbours (at most ``cap`` nodes in all) and the ties
    among those neighbours."""
    ids, weights, masks = snap.row(person)
    total = len(ids) + 1
    keep = max(0, cap - 1)
    order = np.lexsort((ids, -weights))  # strongest first; ties broken by id
    if snap.stale:  # a merge or a forget is being rebuilt: nobody who is gone since
        order = still_stored(store, ids, order, keep)
    order = order[:keep]
    chosen = ids[order].astype(np.int64)
    edges = [
        _edge(tr, snap, person, int(ids[i]), float(weights[i]), int(masks[i]))
        for i in order.tolist()
    ]
    if len(chosen):
        owner, nbr, w, m = snap.gather(chosen)
        inside = np.isin(nbr, chosen) & (chosen[owner] < nbr)  # each tie once
        for o, n, s, k in zip(
            owner[inside].tolist(),
            nbr[inside].tolist(),
            w[inside].tolist(),
            m[inside].tolist(),
            strict=True,
        ):
            edges.append(_edge(tr, snap, int(chosen[o]), int(n), s, int(k)))
    who = names(store, [person, *chosen.tolist()])
    nodes = [_node(p, who.get(p), me=snap.me, target=person) for p in [person, *chosen.tolist()]]
    return {
        "nodes": nodes,
        "edges": edges,
        "truncated": len(nodes) < total,
        "shown": len(nodes),
        "total": total,
    }


def paths_graph(answer: PathsAnswer, w: Words, *, me: int | None) -> dict[str, Any]:
    """The k best paths of a ``paths_answer`` as one graph (shared hops drawn once)."""
    nodes: dict[int, dict[str, Any]] = {}
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    target = int(answer["target"])
    for path in answer["paths"]:
        hops = path["hops"]
        for hop in hops:
            pid = int(hop["person_id"])
            nodes.setdefault(pid, _node(pid, hop["name"], me=me, target=target))
        for before, hop in pairwise(hops):
            a, b = int(before["person_id"]), int(hop["person_id"])
            edges.setdefault(
                (a, b),
                {
                    "source": str(a),
                    "target": str(b),
                    "label": texts.places(w, hop["via"]),
                    "strength": hop["strength"],
                },
            )
    return {
        "nodes": list(nodes.values()),
        "edges": list(edges.values()),
        "truncated": False,
        "shown": len(nodes),
        "total": len(nodes),
    }
