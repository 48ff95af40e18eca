"""The person graph (networkx) for analysis and small questions.

Nodes are persons; an edge means the two know each other, with ``via``: the networks and
offline relations that say so. Directed follows count only when they go both ways.
Ranked introduction paths, shared connections, reach and search live in
:mod:`metanet.answers` (a compact array snapshot: networkx needs ~17 s and ~1.3 GB for a
network of 1.5 million people). This module stays for analysis, export and small
subgraphs, and is the reference the answers benchmark compares against.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from typing import Any

import networkx as nx

from metanet.store import Store

MAX_HOPS = 4


def person_graph(store: Store) -> Any:
    """Build an undirected ``nx.Graph`` of who knows whom."""
    graph = nx.Graph()
    via: dict[tuple[int, int], set[str]] = defaultdict(set)
    directed: set[tuple[int, int, str]] = set()
    rows = store.db.execute(
        "select sa.person_id, sb.person_id, t.network, t.directed from ties t "
        "join accounts sa on sa.id = t.src_account_id "
        "join accounts sb on sb.id = t.dst_account_id where sa.person_id != sb.person_id"
    )
    for a, b, network, is_directed in rows:
        if is_directed:
            directed.add((a, b, network))
            if (b, a, network) not in directed:
                continue
        via[(min(a, b), max(a, b))].add(network)
    for a, b, label in store.db.execute("select a_person_id, b_person_id, label from relations"):
        via[(min(a, b), max(a, b))].add(f"offline: {label}")
    names = dict(store.db.execute("select id, name from persons").fetchall())
    graph.add_nodes_from((pid, {"name": name}) for pid, name in names.items())
    for (a, b), sources in via.items():
        graph.add_edge(a, b, via=sorted(sources))
    return graph


def shortest_paths(
    store: Store, source: int, target: int, *, limit: int = 3, max_hops: int = MAX_HOPS
) -> list[list[dict[str, Any]]]:
    """Up to ``limit`` shortest paths of at most ``max_hops`` hops, each hop with its ``via``.

    An empty list means no path within ``max_hops``: not an error.
    """
    graph = person_graph(store)
    if source not in graph or target not in graph:
        return []
    try:
        candidates = nx.all_shortest_paths(graph, source, target)
        found: list[list[dict[str, Any]]] = []
        for nodes in candidates:
            if len(nodes) - 1 > max_hops or len(found) >= limit:
                break
            found.append(_describe(graph, nodes))
        return found
    except nx.NetworkXNoPath:
        return []


def _describe(graph: Any, nodes: list[int]) -> list[dict[str, Any]]:
    hops = [{"person_id": nodes[0], "name": graph.nodes[nodes[0]]["name"], "via": []}]
    for a, b in pairwise(nodes):
        hops.append(
            {"person_id": b, "name": graph.nodes[b]["name"], "via": graph.edges[a, b]["via"]}
        )
    return hops
