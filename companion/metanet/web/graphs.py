"""Graphs for ``static/graph.js``: a person's ego network, and the best paths to someone.

Both have the shape graph.js draws::

    {"nodes": [{"id", "label", "kind": "me|person|target", "col", "row", "cluster"}],
     "edges": [{"source", "target", "label", "strength", "network", "words", "text"}],
     "legend": [{"network", "name"}], "layout": "columns|clusters",
     "truncated": bool, "shown": n, "total": n, "evidence": url (an ego graph's)}

Where a node stands is decided here, not by a force layout in the browser, so a drawing
looks the same on every load: on a paths graph ``col`` is the hop (you at 0, them last)
and ``row`` the path; on an ego graph ``cluster`` is the network the person is tied by
(graph.js puts each network's people in a sector of their own). Every word (network
names, the strength in words, the evidence) is said here in the page's language, and
graph.js shows them as text beside the drawing too. The evidence of an ego graph's ties
(:func:`ego_evidence`) is read from ``evidence`` when the list of ties is opened.

A drawing of thousands of nodes is unreadable and slow, so the ego graph keeps the
strongest ties only (``EGO_CAP`` nodes) and says how many it left out. Node ids are
strings because cytoscape.js wants them so.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np

from metanet.answers.explain import ties_around
from metanet.answers.service import names
from metanet.answers.shapes import PathsAnswer
from metanet.answers.snapshot import Snapshot
from metanet.graph import still_stored
from metanet.i18n import Words, texts
from metanet.store import Store

EGO_CAP = 60


#: the colour key of an edge tied on several networks (``--net-several`` in metanet.css)
SEVERAL = "several"


def _node(
    pid: int, label: str | None, *, me: int | None, target: int | None, **place: Any
) -> dict[str, Any]:
    kind = "me" if pid == me else "target" if pid == target else "person"
    return {"id": str(pid), "label": label or "", "kind": kind, **place}


def _colour(networks: list[str]) -> str:
    """The network an edge is coloured by: its one network, or "several"."""
    return networks[0] if len(networks) == 1 else SEVERAL if networks else "web"


def _edge(
    a: int, b: int, strength: float, colour: str, label: str, words: str, text: str
) -> dict[str, Any]:
    return {
        "source": str(a),
        "target": str(b),
        "label": label,
        "strength": round(float(strength), 3),
        "network": colour,
        "words": words,
        "text": text,
    }


class _EdgeWords:
    """The words of an ego graph's edges, each said once per graph: an edge's networks
    by its mask, its strength by its band (a hub's graph has a hundred edges and a few
    distinct masks and bands)."""

    def __init__(self, w: Words, snap: Snapshot) -> None:
        self.w, self.snap = w, snap
        self._networks: dict[int, tuple[str, str]] = {}
        self._strengths: dict[float, str] = {}

    def networks(self, mask: int) -> tuple[str, str]:
        """(colour, label) of a mask: "linkedin", "LinkedIn, XING"."""
        said = self._networks.get(mask)
        if said is None:
            networks = self.snap.network_names(mask)
            label = ", ".join(texts.network(self.w, n) for n in networks)
            said = self._networks[mask] = (_colour(networks), label)
        return said

    def edge(self, a: int, b: int, strength: float, mask: int) -> dict[str, Any]:
        """An edge whose text names its networks."""
        colour, label = self.networks(mask)
        words = self._strengths.get(strength)
        if words is None:
            words = self._strengths[strength] = texts.strength(self.w, strength)
        return _edge(a, b, strength, colour, label, words, label)


def _legend(w: Words, edges: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The colours the edges use, each once, in the order of the networks' names."""
    used = {e["network"] for e in edges}
    names = {
        code: w.gettext("several networks") if code == SEVERAL else texts.network(w, code)
        for code in used
    }
    order = sorted(used, key=lambda code: names[code])
    return [{"network": code, "name": names[code]} for code in order]


def _strongest(
    store: Store, snap: Snapshot, person: int, cap: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """The person's strongest ``cap - 1`` neighbours (ids, strengths, masks; strongest
    first, ties broken by id) and how many they have."""
    ids, weights, masks = snap.row(person)
    order = np.lexsort((ids, -weights))
    if snap.stale:  # a merge or a forget is being rebuilt: nobody who is gone since
        order = still_stored(store, ids, order, max(0, cap - 1))
    order = order[: max(0, cap - 1)]
    return ids[order].astype(np.int64), weights[order], masks[order], len(ids)


def ego_graph(
    store: Store, snap: Snapshot, person: int, tr: Words, *, cap: int = EGO_CAP
) -> dict[str, Any]:
    """The person, their strongest neighbours (at most ``cap`` nodes in all) and the ties
    among those neighbours. Each edge's text names its networks; what shows the person's
    own ties (kind, evidence, offline labels) is :func:`ego_evidence`, which the page
    reads when the list of ties is opened (a hub's evidence is a query and a hundred
    relative times)."""
    chosen, weights, masks, degree = _strongest(store, snap, person, cap)
    said = _EdgeWords(tr, snap)
    neighbours = chosen.tolist()
    edges = [
        said.edge(person, other, strength, mask)
        for other, strength, mask in zip(neighbours, weights.tolist(), masks.tolist(), strict=True)
    ]
    clusters = {int(e["target"]): e["network"] for e in edges}
    if neighbours:
        owner, nbr, w, m = snap.gather(chosen)
        marked = np.zeros(snap.size, dtype=bool)  # one look-up per cell, no sort
        marked[chosen] = True
        inside = marked[nbr] & (chosen[owner] < nbr)  # each tie among them once
        for o, n, s, k in zip(
            chosen[owner[inside]].tolist(),
            nbr[inside].tolist(),
            w[inside].tolist(),
            m[inside].tolist(),
            strict=True,
        ):
            edges.append(said.edge(o, n, s, k))
    who = names(store, [person, *neighbours])
    me = snap.me
    nodes = [
        _node(p, who.get(p), me=me, target=person, cluster=clusters.get(p, ""))
        for p in [person, *neighbours]
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": _legend(tr, edges),
        "layout": "clusters",
        "truncated": len(nodes) < degree + 1,
        "shown": len(nodes),
        "total": degree + 1,
    }


def ego_evidence(
    store: Store, snap: Snapshot, person: int, w: Words, *, cap: int = EGO_CAP
) -> list[dict[str, str]]:
    """What shows each of the person's own edges in :func:`ego_graph`: each tie's kind
    and evidence ("LinkedIn contact, seen 3 times, last 2 days ago"), offline relations
    by their label; an edge with neither keeps its networks. Each distinct tie is said
    once (a hub's hundred ties share a few kinds, counts and sightings)."""
    chosen = _strongest(store, snap, person, cap)[0].tolist()
    ties = ties_around(store, person, chosen)
    relations: dict[int, list[str]] = {}
    for r in store.relations_of(person):
        relations.setdefault(int(r["other"]), []).append(
            texts.place(w, {"network": "offline", "label": r["label"]})
        )
    said: dict[tuple[Any, ...], str] = {}
    found = []
    for other in chosen:
        parts = []
        for tie in ties.get(other, []):
            key = (tie["network"], tie["kind"], tie["evidence"], tie["last_seen"])
            text = said.get(key)
            if text is None:
                text = said[key] = texts.tie_evidence(w, tie)
            parts.append(text)
        parts += relations.get(other, [])
        if parts:
            found.append({"source": str(person), "target": str(other), "text": "; ".join(parts)})
    return found


def _hop_text(w: Words, hop: dict[str, Any]) -> str:
    """What shows a hop's tie: each network's tie with its evidence, or the reasons."""
    said = [texts.tie_evidence(w, tie) for tie in hop.get("ties") or []]
    said += [texts.place(w, where) for where in hop["via"] if where.get("network") == "offline"]
    return "; ".join(said) or texts.reasons(w, hop.get("why") or [])


def _rows(found: list[Any]) -> tuple[list[int], int]:
    """Each path's row, and the row of you and the target: the middle one, which the
    direct tie (a path of one hop) gets when there is one, else the best path; the other
    paths go above and below, in their order. So every edge from you or into the target
    spans at most one row (k is 3), which leaves room for its label between the rows."""
    n = len(found)
    middle = (n - 1) // 2
    order = sorted(range(n), key=lambda i: (found[i]["length"] != 1, i))
    slots = sorted(range(n), key=lambda r: (abs(r - middle), r))
    rows = [0] * n
    for path, slot in zip(order, slots, strict=True):
        rows[path] = slot
    return rows, middle


def paths_graph(answer: PathsAnswer, w: Words, *, me: int | None) -> dict[str, Any]:
    """The k best paths of a ``paths_answer`` as one graph, in columns: you in column 0
    and the target in the last, each path in a row of its own. Someone on two paths is
    one node with two ``places`` (drawn in both rows, so no edge crosses rows and covers
    another's label); a tie on two paths is one edge with two ``rows``."""
    nodes: dict[int, dict[str, Any]] = {}
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    target = int(answer["target"])
    found = answer["paths"]
    last = max((len(path["hops"]) - 1 for path in found), default=0)
    rows, middle = _rows(found)
    for row, path in zip(rows, found, strict=True):
        hops = path["hops"]
        for col, hop in enumerate(hops):
            pid = int(hop["person_id"])
            node = nodes.setdefault(pid, _node(pid, hop["name"], me=me, target=target, places=[]))
            if col == 0 or pid == target:
                node["places"] = [{"col": last if col else 0, "row": middle}]
            else:
                node["places"].append({"col": col, "row": row})
        for before, hop in pairwise(hops):
            a, b = int(before["person_id"]), int(hop["person_id"])
            networks = [where["network"] for where in hop["via"]]
            edge = edges.setdefault(
                (a, b),
                _edge(
                    a, b, hop["strength"], _colour(networks), texts.places(w, hop["via"]),
                    texts.strength(w, hop["strength"]), _hop_text(w, hop),
                ),
            )  # fmt: skip
            edge.setdefault("rows", []).append(row)
    return {
        "nodes": list(nodes.values()),
        "edges": list(edges.values()),
        "legend": _legend(w, list(edges.values())),
        "layout": "columns",
        "truncated": False,
        "shown": len(nodes),
        "total": len(nodes),
    }
