"""A compact in-memory graph of persons for the hot path.

Why not networkx: a ``Graph`` of 1.5 million people and 3 million ties takes ~17 s and
~1.3 GB to build. Here a tie is three array cells (neighbour id, base strength, network
bitmask); each person's row is a contiguous, sorted slice (``starts``/``lens``) of those
arrays, and the user's own neighbourhood (first and second degree, best introducer) is
kept beside them.

Rows can move: a row that changes is written again at the end of the arrays (the old
slice becomes garbage, dropped when the snapshot is next written to disk), so a refresh
costs what changed, never a copy of the graph. The arrays that come from a snapshot file
are memory-mapped and never written (:class:`Edges`). Node ids are person ids (they are
dense), so no translation table is needed.

Building (``answers/build.py``), catching up with the database (``answers/refresh.py``)
and the file (``answers/disk.py``) live beside this module; this one only holds and reads.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from metanet.answers.circle_graph import CircleLayer
from metanet.answers.source import Pairs, Watermark

#: versions are unique in the process: caches key on (snapshot, version), and a snapshot
#: that replaces another must never meet the old one's entries
_VERSIONS = itertools.count(1)
_EMPTY_IDS = np.zeros(0, dtype=np.int32)
#: neighbour ids, strengths and network masks of some cells
Cells = tuple[np.ndarray, np.ndarray, np.ndarray]
#: gathered rows: (owner position, neighbour, strength, mask)
Cells4 = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
_EMPTY_W = np.zeros(0, dtype=np.float32)
_EMPTY_M = np.zeros(0, dtype=np.uint16)
#: rows at least this long on average are gathered as slices (:meth:`Edges.spans`): the
#: user's contacts' lists (3,000 of ~1,800 cells) are a copy per row, where an offset per
#: cell cost three times as much (its building, and reading the arrays through it)
LONG_ROWS = 64


def count_common(a: np.ndarray, b: np.ndarray) -> int:
    """How many ids two sorted rows of unique ids share. A path's hop often pairs a hub's
    thousands with a few dozen: then the shorter row is looked up in the longer (30 in
    3,000: 6 µs, where ``np.intersect1d`` sorts both together in 15 µs); rows of similar
    length are merged by ``np.intersect1d``, faster there (24 µs vs 41 for 1,800 and 3,000)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return 0
    if 8 * len(small) > len(large):
        return len(np.intersect1d(small, large, assume_unique=True))
    at = large.searchsorted(small)
    inside = at < len(large)
    return int((large[at[inside]] == small[inside]).sum())


class Edges:
    """The neighbour, strength and mask cells of every row.

    Offsets below ``len(base)`` read the base arrays (a build's, or a file's, mapped
    read-only); higher ones read the tail, where rewritten rows are appended.
    """

    def __init__(self, ids: np.ndarray, w: np.ndarray, m: np.ndarray) -> None:
        self.base: tuple[np.ndarray, np.ndarray, np.ndarray] = (ids, w, m)
        self.cut = len(ids)
        self.tail: tuple[np.ndarray, np.ndarray, np.ndarray] = (_EMPTY_IDS, _EMPTY_W, _EMPTY_M)
        self.used = 0

    def __len__(self) -> int:
        return self.cut + self.used

    def span(self, start: int, length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ids, w, m = self.base
        if start >= self.cut:
            ids, w, m = self.tail
            start -= self.cut
        end = start + length
        return ids[start:end], w[start:end], m[start:end]

    def spans(
        self, starts: np.ndarray, lens: np.ndarray, *, tail: bool = False, strengths: bool = True
    ) -> Cells:
        """The cells of whole rows, row after row: each row is one slice of every array.
        Without ``strengths`` their array is left empty (a question that does not read
        them need not copy them)."""
        arrays, cut = (self.tail, self.cut) if tail else (self.base, 0)
        bounds = [
            (s - cut, s - cut + n) for s, n in zip(starts.tolist(), lens.tolist(), strict=True)
        ]

        def cells(a: np.ndarray) -> np.ndarray:
            return np.concatenate([a[b:e] for b, e in bounds])

        ids, w, m = arrays
        return cells(ids), cells(w) if strengths else _EMPTY_W, cells(m)

    def take(self, offsets: np.ndarray, *, tail: bool = False, strengths: bool = True) -> Cells:
        """The cells at ``offsets``, all in the base part or (``tail``) all in the tail."""
        ids, w, m = self.tail if tail else self.base
        at = offsets - self.cut if tail else offsets
        return ids[at], w[at] if strengths else _EMPTY_W, m[at]

    def append(self, ids: np.ndarray, w: np.ndarray, m: np.ndarray) -> int:
        """Append cells; returns the offset of the first."""
        need = self.used + len(ids)
        if need > len(self.tail[0]):
            room = max(need, 2 * len(self.tail[0]), 4096)
            grown: list[np.ndarray] = []
            for old, dtype in zip(self.tail, (np.int32, np.float32, np.uint16), strict=True):
                cells = np.zeros(room, dtype=dtype)
                cells[: self.used] = old[: self.used]
                grown.append(cells)
            self.tail = (grown[0], grown[1], grown[2])
        at = self.used
        self.tail[0][at:need] = ids
        self.tail[1][at:need] = w
        self.tail[2][at:need] = m
        self.used = need
        return self.cut + at

    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.base) + sum(a.nbytes for a in self.tail)


#: per-person arrays, each with the value that means "nobody" (used to pad them)
PERSON_ARRAYS: dict[str, tuple[type, int]] = {
    "starts": (np.int64, 0),
    "lens": (np.int32, 0),
    "f1": (np.float32, 0),
    "f2": (np.float32, 0),
    "via": (np.int32, -1),
    "degree_of": (np.int8, 0),
    "touched": (np.int64, 0),
}


@dataclass
class Counters:
    full: int = 0
    incremental: int = 0
    from_file: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"full": self.full, "incremental": self.incremental}


@dataclass
class Snapshot:
    """The person graph in arrays; see the module docstring.

    ``f1[x]`` is the strength of the user's tie to x, ``f2[y]`` the best two-hop strength
    to y and ``via[y]`` the direct contact it runs through; ``degree_of`` is 1, 2 or 0
    (further or unknown), -1 for the user. Arrays may be longer than ``size`` (room to
    grow); the cells past it hold "nobody".
    """

    size: int
    starts: np.ndarray
    lens: np.ndarray
    edges: Edges
    account_person: np.ndarray
    networks: list[str]
    ratings: dict[tuple[int, int], float]
    #: person pairs (lo, hi) named by made introductions, and how many (the tie's bonus)
    introduced: dict[tuple[int, int], int]
    #: the user's pairs with whom they interacted, and the tie's bonus (decayed)
    interacted: dict[tuple[int, int], float]
    watermark: Watermark
    cutoff: str
    f1: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    f2: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    via: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    degree_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    #: the version at which each person's row last changed (memo entries check it)
    touched: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: the graph changed in a way only a rebuild follows (a merge, a deletion): answers
    #: come from this snapshot, marked as such, until the rebuilt one replaces it
    stale: bool = False
    #: tie rows caught up since this snapshot was built or written to disk
    lag: int = 0
    #: cells of rows that were rewritten elsewhere
    garbage: int = 0
    version: int = field(default_factory=lambda: next(_VERSIONS))
    loaded_at: float = field(default_factory=time.time)
    load_seconds: float = 0.0
    origin: str = "built"  # or "file"
    counters: Counters = field(default_factory=Counters)
    memo: dict[tuple[str, int, int], Any] = field(default_factory=dict)
    #: every circle's members and every person's circles (``answers/circle_graph.py``)
    circles: CircleLayer = field(default_factory=CircleLayer.empty)
    _memo_at: dict[tuple[str, int, int], int] = field(default_factory=dict)
    #: while :meth:`sharing` is on: answers that several questions read (see there)
    _shared: dict[str, Any] | None = field(default=None, repr=False)

    # -- making one -------------------------------------------------------------------

    @classmethod
    def from_pairs(
        cls,
        pairs: Pairs,
        *,
        size: int,
        account_person: np.ndarray,
        networks: list[str],
        ratings: dict[tuple[int, int], float],
        introduced: dict[tuple[int, int], int],
        interacted: dict[tuple[int, int], float],
        watermark: Watermark,
        cutoff: str,
    ) -> Snapshot:
        """Rows from person pairs (each pair goes into both persons' rows, sorted)."""
        size = max(size, int(pairs.hi.max(initial=-1)) + 1)
        src = np.concatenate([pairs.lo, pairs.hi])
        dst = np.concatenate([pairs.hi, pairs.lo])
        order = np.argsort(src * np.int64(size) + dst, kind="stable")
        lens = np.bincount(src, minlength=size).astype(np.int32)
        starts = np.zeros(size, dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        edges = Edges(
            dst[order].astype(np.int32),
            np.concatenate([pairs.w, pairs.w])[order],
            np.concatenate([pairs.mask, pairs.mask])[order],
        )
        snap = cls(
            size=size,
            starts=starts,
            lens=lens,
            edges=edges,
            account_person=account_person,
            networks=networks,
            ratings=ratings,
            introduced=introduced,
            interacted=interacted,
            watermark=watermark,
            cutoff=cutoff,
        )
        snap.compute_ego()
        return snap

    # -- reading ----------------------------------------------------------------------

    @property
    def me(self) -> int | None:
        return self.watermark.me

    @property
    def refreshes(self) -> dict[str, int]:
        return self.counters.as_dict()

    def row(self, person: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A person's neighbours (sorted ids), base strengths and network masks."""
        if person >= self.size or person < 0:
            return _EMPTY_IDS, _EMPTY_W, _EMPTY_M
        return self.edges.span(int(self.starts[person]), int(self.lens[person]))

    def gather(self, persons: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The rows of many persons at once: (owner position, neighbour, strength, mask).

        Vectorised (no Python loop per person), because the hot questions read thousands
        of rows: the user's contacts' lists, a target's neighbours' lists.
        """
        rows, lens, ids, w, m = self.gather_rows(persons)
        return np.repeat(rows, lens), ids, w, m

    def gather_rows(
        self, persons: np.ndarray, *, strengths: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`gather` with the rows said once each: (position in ``persons`` and length
        of each row, in the order of the cells; neighbour, strength, mask). Without
        ``strengths`` the strength array is empty."""
        persons = np.asarray(persons, dtype=np.int64)
        pos = np.flatnonzero((persons >= 0) & (persons < self.size))
        starts = self.starts[persons[pos]]
        lens = self.lens[persons[pos]].astype(np.int64)
        late = starts >= self.edges.cut  # rows written again since the build: in the tail
        if not late.any():
            return (pos, lens, *self._cells(starts, lens, tail=False, strengths=strengths))
        groups = ((~late, False), (late, True))
        parts = [
            self._cells(starts[rows], lens[rows], tail=t, strengths=strengths) for rows, t in groups
        ]
        ids, w, m = (np.concatenate([p[i] for p in parts]) for i in range(3))
        order = np.concatenate([pos[rows] for rows, _ in groups])
        return order, np.concatenate([lens[rows] for rows, _ in groups]), ids, w, m

    @contextlib.contextmanager
    def sharing(self) -> Iterator[dict[str, Any]]:
        """Share what several questions read, for as long as the block runs: the dashboard
        asks reach, overlap, dormant ties and bridges after a change, and each read the
        user's contacts' lists (millions of cells, ~100 MB) on its own. Kept no longer:
        a long-lived process should not hold them between requests."""
        outer = self._shared is not None
        if not outer:
            self._shared = {}
        try:
            yield self._shared  # type: ignore[misc]
        finally:
            if not outer:
                self._shared = None

    def contacts_rows(self) -> tuple[np.ndarray, np.ndarray, Cells4]:
        """The user's contacts (ids as int64), their network masks, and their rows
        gathered (:meth:`gather`, the owner positions as int32, the strengths left empty:
        no question over the contacts' lists reads them); read once per :meth:`sharing`
        block. Do not write into the arrays: other questions read them too.

        Millions of cells: every byte per cell is megabytes a fresh process takes from the
        system a page fault at a time (~5-25 µs each on the benchmarks' VM). 10 bytes per
        cell instead of 18: a fresh process's first reach on the heavy network took ~1,240
        faults instead of 5,000-6,000 (bench/REPORT-answers.md)."""
        me = self.me
        assert me is not None
        if self._shared is not None and "contacts" in self._shared:
            found: tuple[np.ndarray, np.ndarray, Cells4] = self._shared["contacts"]
            return found
        d1, _, d1_mask = self.row(me)
        d1 = d1.astype(np.int64)
        rows, lens, ids, w, m = self.gather_rows(d1, strengths=False)
        cells = (np.repeat(rows.astype(np.int32), lens), ids, w, m)
        for array in (d1, *cells):
            array.setflags(write=False)
        if self._shared is not None:
            self._shared["contacts"] = (d1, d1_mask, cells)
        return d1, d1_mask, cells

    def _cells(
        self, starts: np.ndarray, lens: np.ndarray, *, tail: bool, strengths: bool = True
    ) -> Cells:
        if len(lens) and int(lens.sum()) >= LONG_ROWS * len(lens):
            return self.edges.spans(starts, lens, tail=tail, strengths=strengths)
        offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
        return self.edges.take(offsets, tail=tail, strengths=strengths)

    def row_lengths(self, persons: np.ndarray) -> np.ndarray:
        persons = np.asarray(persons, dtype=np.int64)
        inside = (persons >= 0) & (persons < self.size)
        lens = np.zeros(len(persons), dtype=np.int64)
        lens[inside] = self.lens[persons[inside]]
        return lens

    def degree(self, person: int) -> int:
        return len(self.row(person)[0])

    def entries(self) -> int:
        """Cells in live rows (twice the number of person pairs)."""
        return int(self.lens[: self.size].sum())

    def tie(self, a: int, b: int) -> tuple[float, int]:
        """Base strength and network mask of the tie a-b; (0, 0) when they are not tied."""
        ids, w, m = self.row(a)
        at = int(ids.searchsorted(b))  # the method: np.searchsorted's wrapper costs 2x
        if at < len(ids) and ids[at] == b:
            return float(w[at]), int(m[at])
        return 0.0, 0

    def is_rated(self, a: int, b: int) -> bool:
        return (min(a, b), max(a, b)) in self.ratings

    def shared_count(self, a: int, b: int) -> int:
        key = ("shared", min(a, b), max(a, b))
        found = self.recall(key)
        if found is None:
            found = count_common(self.row(a)[0], self.row(b)[0])
            self.remember(key, found)
        return int(found)

    def network_names(self, mask: int) -> list[str]:
        return [name for i, name in enumerate(self.networks) if mask & (1 << i)]

    def memory_bytes(self) -> int:
        """Bytes of the arrays (a memory-mapped file's count whether or not paged in)."""
        arrays = [getattr(self, name) for name in PERSON_ARRAYS] + [self.account_person]
        return self.edges.nbytes() + sum(int(a.nbytes) for a in arrays)

    # -- answers remembered until the rows they read change -----------------------------

    def remember(self, key: tuple[str, int, int], value: Any) -> None:
        """Keep an answer about one pair (``key`` = (kind, a, b)) or about the version."""
        if len(self.memo) > 50_000:
            self.memo.clear()  # crude, but the hot entries come back at once
            self._memo_at.clear()
        self.memo[key] = value
        self._memo_at[key] = self.version

    def recall(self, key: tuple[str, int, int]) -> Any:
        """A remembered answer about the pair (a, b), unless either row changed since."""
        found = self.memo.get(key)
        if found is None:
            return None
        since = self._memo_at.get(key, 0)
        _, a, b = key
        for person in (a, b):
            if 0 <= person < self.size and self.touched[person] > since:
                return None
        return found

    # -- changing rows (the refresh calls these) ----------------------------------------

    def reserve(self, persons: int, accounts: int) -> None:
        """Room for ``persons`` persons and ``accounts`` accounts (grows by a quarter)."""
        have = len(self.starts)
        if persons > have:
            room = max(persons, have + have // 4 + 1024)
            for name, (dtype, empty) in PERSON_ARRAYS.items():
                old = getattr(self, name)
                cells: np.ndarray = np.full(room, empty, dtype=dtype)
                cells[: len(old)] = old
                setattr(self, name, cells)
        self.size = max(self.size, persons)
        if accounts > len(self.account_person):
            room = max(accounts, len(self.account_person) * 5 // 4 + 1024)
            grown = np.full(room, -1, dtype=np.int32)
            grown[: len(self.account_person)] = self.account_person
            self.account_person = grown

    def apply_pairs(self, pairs: Pairs) -> np.ndarray:
        """Set these pairs' strength and mask (strength 0: no longer tied) in both rows.

        Every affected row is written again at the end of the arrays, merged with its
        old cells in one vectorised pass. Returns the affected persons.
        """
        src = np.concatenate([pairs.lo, pairs.hi])
        if not len(src):
            return np.zeros(0, dtype=np.int64)
        self.reserve(int(src.max()) + 1, len(self.account_person))
        dst = np.concatenate([pairs.hi, pairs.lo])
        w = np.concatenate([pairs.w, pairs.w]).astype(np.float32)
        m = np.concatenate([pairs.mask, pairs.mask]).astype(np.uint16)
        persons = np.unique(src)
        owner, old_ids, old_w, old_m = self.gather(persons)
        self.garbage += len(old_ids)
        s = np.concatenate([persons[owner], src])
        d = np.concatenate([old_ids.astype(np.int64), dst])
        cw = np.concatenate([old_w, w])
        cm = np.concatenate([old_m, m])
        newer = np.r_[np.zeros(len(owner), dtype=np.int8), np.ones(len(src), dtype=np.int8)]
        order = np.lexsort((newer, d, s))
        s, d, cw, cm = s[order], d[order], cw[order], cm[order]
        last = np.r_[(s[1:] != s[:-1]) | (d[1:] != d[:-1]), True]  # the newest cell wins
        keep = last & (cw > 0)
        s, d, cw, cm = s[keep], d[keep], cw[keep], cm[keep]
        at = self.edges.append(d.astype(np.int32), cw, cm)
        lens = np.bincount(np.searchsorted(persons, s), minlength=len(persons))
        starts = at + np.r_[0, np.cumsum(lens)[:-1]]
        self.starts[persons] = starts
        self.lens[persons] = lens
        return persons

    def bump(self) -> None:
        """A new version: answers cached by version are computed again."""
        self.version = next(_VERSIONS)

    def mark_changed(self, persons: np.ndarray) -> None:
        """A new version: the rows of ``persons`` changed (remembered answers about them
        are forgotten; answers keyed by version are too)."""
        self.bump()
        self.touched[persons] = self.version

    # -- the user's neighbourhood -----------------------------------------------------

    def compute_ego(self) -> None:
        """First/second degree of *me*: best path strength and best introducer per person.

        Of several introducers with the same best strength the highest id is kept, so the
        partial update (:meth:`update_ego`) picks the same one.
        """
        room = len(self.starts)
        self.f1 = np.zeros(room, dtype=np.float32)
        self.f2 = np.zeros(room, dtype=np.float32)
        self.via = np.full(room, -1, dtype=np.int32)
        self.degree_of = np.zeros(room, dtype=np.int8)
        if len(self.touched) != room:
            self.touched = np.zeros(room, dtype=np.int64)
        me = self.me
        if me is None or me >= self.size:
            return
        ids, w, _ = self.row(me)
        self.f1[ids] = w
        self.degree_of[ids] = 1
        if len(ids):
            owner, nbr, nw, _ = self.gather(ids)
            keep = nbr != me
            self._second(nbr[keep].astype(np.int64), ids[owner[keep]], w[owner[keep]] * nw[keep])
        self.degree_of[me] = -1

    def _second(self, y: np.ndarray, x: np.ndarray, score: np.ndarray) -> None:
        """Best two-hop strength per ``y`` over candidate introducers ``x``."""
        np.maximum.at(self.f2, y, score)
        best = score >= self.f2[y]
        np.maximum.at(self.via, y[best], x[best].astype(np.int32))
        second = y[self.degree_of[y] == 0]
        self.degree_of[second] = 2

    def update_ego(self, changed: np.ndarray) -> None:
        """Follow a change of the rows of ``changed`` in the user's neighbourhood.

        ``f2[y]`` depends on the pairs (x, y) with x a direct contact and on ``f1[x]``:
        so only the changed persons need recomputing, plus, when the user's own row
        changed, the neighbours of every contact whose tie to the user changed.
        """
        me = self.me
        if me is None or me >= self.size or not len(changed):
            return
        again = [np.asarray(changed, dtype=np.int64)]
        if np.any(changed == me):
            ids, w, _ = self.row(me)
            before = np.flatnonzero(self.degree_of == 1)
            both = np.union1d(before, ids)
            old = self.f1[both].copy()
            self.f1[before] = 0
            self.degree_of[before] = 0
            self.f1[ids] = w
            self.degree_of[ids] = 1
            moved = both[self.f1[both] != old]
            again.append(moved)
            _, nbr, _, _ = self.gather(moved)
            again.append(nbr.astype(np.int64))
        ys = np.unique(np.concatenate(again))
        ys = ys[ys != me]
        self.f2[ys] = 0
        self.via[ys] = -1
        self.degree_of[ys] = np.where(self.f1[ys] > 0, 1, 0)
        owner, x, w, _ = self.gather(ys)
        keep = (self.f1[x] > 0) & (x != me)
        self._second(ys[owner[keep]], x[keep], self.f1[x[keep]] * w[keep])
        self.degree_of[me] = -1
