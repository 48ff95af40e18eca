"""The k best introduction paths from the user to anyone, at most 4 hops, by tie strength.

A path's score is the product of its hops' strengths: every hop is a chance the
introduction fails, so a short path of strong ties beats a long or weak one, and a
4-hop chain of close friends can beat a 2-hop chain through a stranger.

How it stays fast on millions of ties (meet in the middle): the snapshot already knows,
for everyone within two hops of the user, the best two-hop score ``f2`` (and ``f1`` for
direct contacts). Every path of ≤ 4 hops ends in ``… x → y → target`` with ``x`` within
two hops of the user, so an upper bound for each candidate end is one multiplication over
the target's neighbourhood, vectorised. Candidates are then expanded best bound first
into explicit simple paths until no remaining bound can beat the k-th path found; the
finalists are re-scored with the shared-contacts bonus, which is too costly to compute
for every tie up front but cheap for a handful.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from metanet.answers import strength
from metanet.answers.circle_graph import View
from metanet.answers.snapshot import Snapshot

MAX_HOPS = 4
#: the most neighbour entries a 4-hop search gathers before it says it was bounded
GATHER_BUDGET = 3_000_000
#: candidates sorted up front; the rest only if these do not settle the k best
FIRST_SORT = 256


@dataclass
class Route:
    """One path (person ids from the user to the target) and its hop strengths."""

    nodes: list[int]
    hops: list[float]

    @property
    def score(self) -> float:
        # math.prod, not numpy: a route has 1-3 hops, where numpy's fixed cost was all the cost
        return math.prod((float(h) for h in self.hops), start=1.0)


@dataclass
class Found:
    routes: list[Route]
    bounded: bool  # the search skipped part of a huge neighbourhood


def _simple(nodes: list[int]) -> bool:
    return len(set(nodes)) == len(nodes)


def _detours(snap: Snapshot, nodes: list[int]) -> bool:
    """Whether the path reaches one of the user's own contacts after its first hop.

    You → Petra → Anna → … is no introduction path when you know Anna yourself: you would
    ask Anna. The user's direct contacts are the introducers, so they come first or not at
    all (the target aside, who may be a contact too).
    """
    return any(snap.f1[node] > 0 for node in nodes[2:-1])


def _circle_twice(view: View, nodes: list[int]) -> bool:
    """Whether two hops in a row pass through the same circle: a detour, since that circle
    connects the ends of both hops directly (Petra → Claudia → Eduardo, all three in the
    BNI chapter)."""
    if view.layer is None:
        return False
    for a, b, c in zip(nodes, nodes[1:], nodes[2:], strict=False):
        if not view.circles(a) & view.circles(b) & view.circles(c):
            continue  # no circle holds all three (most hops): nothing to look up
        x = view.circle_of(a, b)
        if x is not None and x == view.circle_of(b, c):
            return True
    return False


def best_routes(snap: Snapshot, target: int, k: int = 3, max_hops: int = MAX_HOPS) -> Found:
    """The k best routes from the user (snapshot's *me*) to ``target``; [] if none."""
    me = snap.me
    if me is None or target == me or target >= snap.size or target < 0 or k <= 0:
        return Found([], False)
    pool = 3 * k  # finalists to re-score with shared contacts
    found: list[tuple[float, list[int]]] = []  # min-heap of (base score, nodes)
    seen: set[tuple[int, ...]] = set()

    def offer(nodes: list[int], score: float) -> None:
        key = tuple(nodes)
        if score <= 0 or key in seen or not _simple(nodes) or _detours(snap, nodes):
            return
        seen.add(key)
        if (len(found) >= pool and score <= found[0][0]) or _circle_twice(view, nodes):
            return
        if len(found) < pool:
            heapq.heappush(found, (score, nodes))
        elif score > found[0][0]:
            heapq.heapreplace(found, (score, nodes))

    def floor() -> float:
        return found[0][0] if len(found) >= pool else 0.0

    view = View(snap)
    direct = view.weight(me, target)
    if direct:
        offer([me, target], direct)
    bound, x_all, y_all, bounded = candidates(view, target, max_hops)
    if len(bound):
        live = np.flatnonzero(bound > 0)
        # Best bounds first; usually a few dozen settle it, so sort only the head of a
        # large candidate list and the rest only if the head did not.
        head = FIRST_SORT if len(live) > FIRST_SORT else len(live)
        part = np.argpartition(-bound[live], head - 1)[:head] if head else live[:0]
        first = live[part[np.argsort(-bound[live][part], kind="stable")]]
        if not _walk(first, bound, x_all, y_all, view, target, offer, floor) and head < len(live):
            rest = np.setdiff1d(live, first, assume_unique=True)
            rest = rest[np.argsort(-bound[rest], kind="stable")]
            _walk(rest, bound, x_all, y_all, view, target, offer, floor)
    finalists = [Route(nodes, _hop_strengths(view, nodes, refine=False)) for _, nodes in found]
    for route in finalists:
        route.hops = _hop_strengths(view, route.nodes, refine=True)
    finalists.sort(key=lambda r: (-r.score, len(r.nodes), r.nodes))
    return Found(finalists[:k], bounded)


def candidates(
    view: View, target: int, max_hops: int = MAX_HOPS
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Candidate path ends ``(bound, x, y, bounded)`` for paths of 2 to ``max_hops`` hops.

    ``x`` = -2 stands for me → y → target, -1 for me → a → y → target, otherwise the path
    is me → a → x → y → target. A candidate whose ``x`` or ``y`` is one of the user's own
    contacts can only give a detour (:func:`_detours`), so its bound is zero: a bound that
    counted such paths would keep the search from ever stopping early (a 30× regression).
    Hops may run through circles (:class:`~metanet.answers.circle_graph.View`); the
    user's contacts are those of the ties (``snap.f1``). The middle hop of a four-hop
    path (x → y) is a tie: gathering every co-member of every neighbour of the target
    cost 20-400 ms a question on the small network with 300 circles (bench/answers_bench.py
    circles), and a path that passes through circles at its first, second and last hop
    is found all the same.
    """
    snap = view.snap
    me = snap.me
    first, second = view.first, view.second
    ny, wy = view.row(target)
    bounds: list[np.ndarray] = []
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    if max_hops >= 2:
        bounds.append(first[ny] * wy)
        xs.append(np.full(len(ny), -2, dtype=np.int64))
        ys.append(ny.astype(np.int64))
    if max_hops >= 3:
        introducer_free = snap.f1[ny] == 0
        bounds.append(second[ny] * wy * introducer_free)
        xs.append(np.full(len(ny), -1, dtype=np.int64))
        ys.append(ny.astype(np.int64))
    bounded = False
    if max_hops >= 4:
        mids = np.flatnonzero((ny != me) & (snap.f1[ny] == 0))
        mids = mids[np.argsort(-wy[mids], kind="stable")]  # strongest first, if cut
        lens = snap.row_lengths(ny[mids])
        cut = int(np.searchsorted(np.cumsum(lens), GATHER_BUDGET, side="right"))
        bounded = cut < len(mids)
        mids = mids[:cut]
        owner, nx_, wx, _ = snap.gather(ny[mids])  # the middle hop: ties (see above)
        usable = (snap.f1[nx_] == 0) & (nx_ != target)  # no detour, no loop back
        bounds.append(second[nx_] * wx * wy[mids][owner] * usable)
        xs.append(nx_.astype(np.int64))
        ys.append(ny[mids][owner].astype(np.int64))
    if not bounds:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.float32), empty, empty, False
    return np.concatenate(bounds), np.concatenate(xs), np.concatenate(ys), bounded


def _walk(
    order: np.ndarray,
    bound: np.ndarray,
    x_all: np.ndarray,
    y_all: np.ndarray,
    view: View,
    target: int,
    offer: Callable[[list[int], float], None],
    floor: Callable[[], float],
) -> bool:
    """Expand candidates in order; True once no later bound can beat what was found."""
    for i in order:
        if bound[i] <= floor():
            return True
        _expand(view, int(x_all[i]), int(y_all[i]), target, offer, floor)
    return False


def _expand(
    view: View,
    x: int,
    y: int,
    target: int,
    offer: Callable[[list[int], float], None],
    floor: Callable[[], float],
) -> None:
    """Every explicit path behind one candidate end, offered with its exact base score."""
    me = view.snap.me
    assert me is not None
    first = view.first
    wyt = view.weight(y, target)
    if x == -2:
        offer([me, y, target], float(first[y] * wyt))
        return
    last = [y, target] if x == -1 else [x, y, target]
    mid = y if x == -1 else x
    tail = wyt if x == -1 else view.weight(x, y) * wyt
    ids, w = view.row(mid, reached=True)
    scores = first[ids] * w * np.float32(tail)
    # strongest first, and none that cannot enter the k best: a member of the user's
    # circle has the circle's hundreds of members as neighbours the user reaches
    for i in np.argsort(-scores, kind="stable"):
        score = float(scores[i])
        if score <= floor():
            return
        offer([me, int(ids[i]), *last], score)


def _hop_strengths(view: View, nodes: list[int], *, refine: bool) -> list[float]:
    """Each hop's strength; ``refine`` adds the shared-contacts bonus (ratings win)."""
    snap = view.snap
    hops = []
    for a, b in pairwise(nodes):
        base = view.weight(a, b)
        if refine and not snap.is_rated(a, b):
            base = strength.noisy_or([base, strength.overlap_bonus(snap.shared_count(a, b))])
        hops.append(base)
    return hops
