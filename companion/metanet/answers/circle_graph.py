"""Circles in the answers' graph: one membership edge per member, never a clique.

A circle of 500 would be 124,750 person pairs; here it is 500 cells each way: every
circle's row lists its members (person, from-year, to-year) and every person's row their
circles, both sorted, rewritten at the end of their cells when they change (as the
snapshot's rows are). Two members are weakly connected, with a strength from the circle's
size, the years they share and the user's rating of the circle
(:func:`metanet.answers.strength.circle_pairs`), computed when a question reaches them.

Paths may pass through a circle: :class:`View` is the person graph as the paths see it,
ties and co-memberships together, a hop as strong as its strongest reason (the tie, or
the best circle both are in; the user's rating of the tie wins). For that the user's
neighbourhood is kept once more with circles counted (``e1``/``e2``/``evia`` beside the
snapshot's ``f1``/``f2``/``via``); while no circle connects anyone they are the
snapshot's own arrays and nothing is computed twice.

The circles' part follows the database through ``circle_log`` (migration m014): the
refresh re-reads only the circles logged since (:func:`catch_up`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from metanet.answers import strength
from metanet.answers.source import CHUNK, ints

if TYPE_CHECKING:
    from metanet.answers.shapes import CircleReach
    from metanet.answers.snapshot import Snapshot
    from metanet.answers.source import Watermark

_EMPTY_I = np.zeros(0, dtype=np.int64)
#: two people each in at most this many circles: their shared circles in plain Python
FEW_CIRCLES = 32


def _offsets(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The cell offsets of many rows, in row order (no Python loop)."""
    lens = lens.astype(np.int64)
    return np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))


@dataclass
class Rows:
    """Sorted rows of (id, from-year, to-year) cells; a changed row moves to the end."""

    starts: np.ndarray  # int64 per row
    lens: np.ndarray  # int32 per row
    ids: np.ndarray  # int32 cells
    lo: np.ndarray  # int16 cells
    hi: np.ndarray  # int16 cells
    used: int = 0
    garbage: int = 0

    @classmethod
    def empty(cls, rows: int = 0) -> Rows:
        return cls.from_cells(_EMPTY_I, _EMPTY_I, _EMPTY_I, _EMPTY_I, rows)

    @classmethod
    def from_cells(
        cls, owner: np.ndarray, ids: np.ndarray, lo: np.ndarray, hi: np.ndarray, rows: int
    ) -> Rows:
        rows = max(rows, int(owner.max(initial=-1)) + 1)
        order = np.lexsort((ids, owner))
        lens = np.bincount(owner, minlength=rows).astype(np.int32)
        starts = np.zeros(rows, dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        return cls(
            starts,
            lens,
            ids[order].astype(np.int32),
            lo[order].astype(np.int16),
            hi[order].astype(np.int16),
            used=len(ids),
        )

    def __len__(self) -> int:
        return len(self.starts)

    def reserve(self, rows: int) -> None:
        if rows > len(self.starts):
            room = max(rows, len(self.starts) * 5 // 4 + 1024)
            for name, dtype in (("starts", np.int64), ("lens", np.int32)):
                grown = np.zeros(room, dtype=dtype)
                old = getattr(self, name)
                grown[: len(old)] = old
                setattr(self, name, grown)

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not 0 <= i < len(self.starts):
            return self.ids[:0], self.lo[:0], self.hi[:0]
        start, end = int(self.starts[i]), int(self.starts[i]) + int(self.lens[i])
        return self.ids[start:end], self.lo[start:end], self.hi[start:end]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(position in ``rows``, id, from, to) of every cell of many rows."""
        rows = np.asarray(rows, dtype=np.int64)
        pos = np.flatnonzero((rows >= 0) & (rows < len(self.starts)))
        lens = self.lens[rows[pos]]
        at = _offsets(self.starts[rows[pos]], lens)
        return np.repeat(pos, lens), self.ids[at], self.lo[at], self.hi[at]

    def lengths(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        inside = (rows >= 0) & (rows < len(self.starts))
        found = np.zeros(len(rows), dtype=np.int64)
        found[inside] = self.lens[rows[inside]]
        return found

    def replace(
        self, rows: np.ndarray, owner: np.ndarray, ids: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> None:
        """Give ``rows`` (sorted, unique) these cells (``owner``: each cell's row); the old
        cells stay behind as garbage until :meth:`compact`."""
        if not len(rows):
            return
        self.reserve(int(rows.max()) + 1)
        self.garbage += int(self.lens[rows].sum())
        order = np.lexsort((ids, owner))
        need = self.used + len(ids)
        if need > len(self.ids):
            room = max(need, 2 * len(self.ids), 4096)
            for name in ("ids", "lo", "hi"):
                old = getattr(self, name)
                grown = np.zeros(room, dtype=old.dtype)
                grown[: self.used] = old[: self.used]
                setattr(self, name, grown)
        self.ids[self.used : need] = ids[order]
        self.lo[self.used : need] = lo[order]
        self.hi[self.used : need] = hi[order]
        counts = np.bincount(np.searchsorted(rows, owner), minlength=len(rows))
        self.starts[rows] = self.used + np.r_[0, np.cumsum(counts)[:-1]]
        self.lens[rows] = counts
        self.used = need

    def compact(self, rows: int | None = None) -> Rows:
        """The same rows (the first ``rows`` of them) in one sorted run, without the
        garbage of rewritten rows."""
        n = len(self.starts) if rows is None else rows
        self.reserve(n)
        _, ids, lo, hi = self.gather(np.arange(n))
        lens = self.lens[:n].copy()
        starts = np.zeros(n, dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        return Rows(starts, lens, ids.copy(), lo.copy(), hi.copy(), used=len(ids))


@dataclass(frozen=True)
class Shared:
    """A circle two people are both in: how strongly it connects them, and the years
    they were both there (``years`` -1 and ``first``/``last`` 0 when not known)."""

    circle: int
    strength: float
    years: int
    first: int
    last: int


@dataclass
class CircleLayer:
    """Every circle's members and every person's circles, each circle's strength, and the
    user's neighbourhood with circles counted (``e1``/``e2``/``evia``; None while no
    circle connects anyone)."""

    by_circle: Rows
    by_person: Rows
    base: np.ndarray  # float32 per circle: 0 connects nobody (dismissed, one member)
    inferred: np.ndarray  # bool per circle
    rated: np.ndarray  # bool per circle
    rating: np.ndarray  # float32 per circle (nan: not rated)
    year: int = field(default_factory=lambda: datetime.now(UTC).year)
    c1: np.ndarray | None = None
    e1: np.ndarray | None = None
    e2: np.ndarray | None = None
    evia: np.ndarray | None = None

    @classmethod
    def empty(cls) -> CircleLayer:
        none = np.zeros(0, dtype=np.float32)
        return cls(Rows.empty(), Rows.empty(), none, none.astype(bool), none.astype(bool), none)

    @property
    def connects(self) -> bool:
        """Whether any circle connects two people."""
        return bool(len(self.base)) and bool((self.base > 0).any())

    def members(self, circles: Sequence[int]) -> np.ndarray:
        """Everyone in any of ``circles`` (persons, sorted, once each)."""
        _, ids, _, _ = self.by_circle.gather(np.asarray(circles, dtype=np.int64))
        return np.unique(ids.astype(np.int64))

    def size(self, circle: int) -> int:
        return int(self.by_circle.lens[circle]) if 0 <= circle < len(self.by_circle) else 0

    def links(
        self, persons: np.ndarray, near: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every co-member of ``persons``: (position in ``persons``, co-member, strength);
        a pair in several circles appears once per circle. With ``near`` (a score per
        person), only co-members whose score is above 0: the strengths, the costly part,
        are computed for them alone (the paths and the user's neighbourhood want the
        co-members the user reaches, a few of a circle's hundreds)."""
        persons = np.asarray(persons, dtype=np.int64)
        pos, circle, lo, hi = self.by_person.gather(persons)
        live = self.base[circle] > 0
        pos, circle, lo, hi = pos[live], circle[live], lo[live], hi[live]
        at, other, olo, ohi = self.by_circle.gather(circle)
        if near is not None:
            wanted = near[other] > 0
            at, other, olo, ohi = at[wanted], other[wanted], olo[wanted], ohi[wanted]
        pos, circle = pos[at], circle[at].astype(np.int64)
        w, *_ = strength.circle_pairs(
            self.base[circle], self.inferred[circle], (lo[at], hi[at]), (olo, ohi),
            self.year, self.rated[circle],
        )  # fmt: skip
        keep = (other != persons[pos]) & (w > 0)
        return pos[keep], other[keep].astype(np.int64), w[keep]

    def shared(self, a: int, b: int) -> list[Shared]:
        """The circles both are in that connect them, strongest first."""
        if not self._in_any(a) or not self._in_any(b):
            return []  # most people are in no circle: no numpy work for them
        ca, la, ha = self.by_person.row(a)
        cb, lb, hb = self.by_person.row(b)
        if len(ca) <= FEW_CIRCLES and len(cb) <= FEW_CIRCLES:
            return self._shared_few((ca, la, ha), (cb, lb, hb))
        common, ia, ib = np.intersect1d(ca, cb, assume_unique=True, return_indices=True)
        if not len(common):
            return []
        circle = common.astype(np.int64)
        w, years, first, last = strength.circle_pairs(
            self.base[circle], self.inferred[circle], (la[ia], ha[ia]), (lb[ib], hb[ib]),
            self.year, self.rated[circle],
        )  # fmt: skip
        found = [
            Shared(c, s, y, f, t)
            for c, s, y, f, t in zip(
                circle.tolist(), w.tolist(), years.tolist(), first.tolist(), last.tolist(),
                strict=True,
            )
            if s > 0
        ]  # fmt: skip
        return sorted(found, key=lambda f: (-f.strength, f.circle))

    def _shared_few(self, a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> list[Shared]:
        """:meth:`shared` of two people in a few circles each, in plain Python (a path's
        hop: numpy's cost per call would be most of the question's time)."""
        years = dict(zip(a[0].tolist(), zip(a[1].tolist(), a[2].tolist(), strict=True),
                         strict=True))  # fmt: skip
        found = []
        for circle, lo, hi in zip(b[0].tolist(), b[1].tolist(), b[2].tolist(), strict=True):
            mine = years.get(circle)
            if mine is None:
                continue
            w, shared, first, last = strength.circle_pair(
                float(self.base[circle]), bool(self.inferred[circle]), mine, (lo, hi),
                self.year, bool(self.rated[circle]),
            )  # fmt: skip
            if w > 0:
                found.append(Shared(circle, w, shared, first, last))
        return sorted(found, key=lambda f: (-f.strength, f.circle))

    def _in_any(self, person: int) -> bool:
        rows = self.by_person
        return 0 <= person < len(rows) and bool(rows.lens[person])

    def best(self, a: int, b: int) -> float:
        found = self.shared(a, b)
        return found[0].strength if found else 0.0


# -- reading from SQLite ----------------------------------------------------------------

_MEMBERS = (
    "select m.circle_id, m.account_id, coalesce(m.start_year, c.start_year, 0), "
    f"case when m.current = 1 then {strength.CURRENT_YEAR} "
    "else coalesce(m.end_year, c.end_year, 0) end "
    "from circle_members m join circles c on c.id = m.circle_id "
    "where m.dismissed_at is null and c.dismissed_at is null"
)


def _circle_rows(db: Any, circles: list[int] | None) -> tuple[np.ndarray, list[Any]]:
    """Membership rows (circle, account, from, to) and (id, rating, inferred) of circles:
    all of them, or those named."""
    if circles is None:
        members = ints(db.execute(_MEMBERS), 4)
        attrs = db.execute(
            "select id, rating, origin = 'inferred' from circles where dismissed_at is null"
        ).fetchall()
        return members, attrs
    parts, attrs = [np.zeros((0, 4), dtype=np.int64)], []
    for start in range(0, len(circles), CHUNK):
        chunk = circles[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        parts.append(ints(db.execute(f"{_MEMBERS} and m.circle_id in ({marks})", chunk), 4))
        attrs += db.execute(
            "select id, rating, origin = 'inferred' from circles where dismissed_at is null "
            f"and id in ({marks})",
            chunk,
        ).fetchall()
    return np.concatenate(parts), attrs


def _by_person(
    rows: np.ndarray, account_person: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(circle, person, from, to), one per circle and person: a person in a circle through
    several accounts has the years of all of them."""
    known = rows[:, 1] < len(account_person)
    rows = rows[known]
    person = account_person[rows[:, 1]].astype(np.int64)
    rows, person = rows[person >= 0], person[person >= 0]
    if not len(rows):
        return _EMPTY_I, _EMPTY_I, _EMPTY_I, _EMPTY_I
    circle = rows[:, 0]
    lo = np.where(rows[:, 2] > 0, rows[:, 2], np.iinfo(np.int64).max)
    key = circle * np.int64(int(person.max()) + 1) + person
    order = np.argsort(key, kind="stable")
    key, circle, person, lo = key[order], circle[order], person[order], lo[order]
    hi = rows[order, 3]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    lo = np.minimum.reduceat(lo, first)
    lo = np.where(lo == np.iinfo(np.int64).max, 0, lo)
    return circle[first], person[first], lo, np.maximum.reduceat(hi, first)


def _attributes(layer: CircleLayer, attrs: list[Any], rows: int) -> None:
    """Each named circle's rating and whether it is inferred; its base strength."""
    _reserve(layer, rows)
    for circle, rating, inferred in attrs:
        layer.rating[circle] = np.nan if rating is None else rating
        layer.rated[circle] = rating is not None
        layer.inferred[circle] = bool(inferred)


def _bases(layer: CircleLayer, circles: np.ndarray, live: set[int]) -> None:
    """The base strength of ``circles`` from their size, rating and origin (0 for a
    circle that is gone or dismissed)."""
    circles = np.asarray(circles, dtype=np.int64)
    alive = np.isin(circles, np.fromiter(live, dtype=np.int64, count=len(live)))
    layer.base[circles] = np.where(
        alive,
        strength.circle_bases(
            layer.by_circle.lengths(circles),
            layer.rating[circles],
            layer.rated[circles],
            layer.inferred[circles],
        ),
        0.0,
    )


def _reserve(layer: CircleLayer, rows: int) -> None:
    if rows > len(layer.base):
        room = max(rows, len(layer.base) * 5 // 4 + 256)
        for name, dtype, empty in (
            ("base", np.float32, 0.0),
            ("inferred", bool, False),
            ("rated", bool, False),
            ("rating", np.float32, np.nan),
        ):
            grown = np.full(room, empty, dtype=dtype)
            old = getattr(layer, name)
            grown[: len(old)] = old
            setattr(layer, name, grown)
    layer.by_circle.reserve(rows)


def read_layer(db: Any, account_person: np.ndarray, persons: int) -> CircleLayer:
    """Every circle from SQLite (a full build)."""
    rows, attrs = _circle_rows(db, None)
    top = int(db.execute("select coalesce(max(id), 0) from circles").fetchone()[0]) + 1
    circle, person, lo, hi = _by_person(rows, account_person)
    layer = CircleLayer(
        Rows.from_cells(circle, person, lo, hi, top),
        Rows.from_cells(person, circle, lo, hi, persons),
        np.zeros(top, dtype=np.float32),
        np.zeros(top, dtype=bool),
        np.zeros(top, dtype=bool),
        np.full(top, np.nan, dtype=np.float32),
    )
    _attributes(layer, attrs, top)
    _bases(layer, np.arange(top), {int(a[0]) for a in attrs})
    return layer


def catch_up(db: Any, snap: Snapshot, old: Watermark, mark: Watermark) -> np.ndarray:
    """Re-read the circles logged since ``old``: their rows and their members' rows.
    Returns the persons whose circles changed (members before and after)."""
    layer = snap.circles
    if mark.circle_log <= old.circle_log:
        return _EMPTY_I
    logged = sorted(
        {
            int(r[0])
            for r in db.execute(
                "select circle_id from circle_log where id > ? and id <= ?",
                [old.circle_log, mark.circle_log],
            )
        }
    )
    rows, attrs = _circle_rows(db, logged)
    circle, person, lo, hi = _by_person(rows, snap.account_person)
    wanted = np.array(logged, dtype=np.int64)
    _attributes(layer, attrs, int(wanted.max()) + 1)
    _, before, _, _ = layer.by_circle.gather(wanted)
    layer.by_circle.replace(wanted, circle, person, lo, hi)
    _bases(layer, wanted, {int(a[0]) for a in attrs})
    touched = np.union1d(before.astype(np.int64), person)
    _person_rows(layer, touched, wanted)
    return touched


def _person_rows(layer: CircleLayer, persons: np.ndarray, circles: np.ndarray) -> None:
    """Rewrite the circle lists of ``persons`` after the rows of ``circles`` changed."""
    if not len(persons):
        return
    layer.by_person.reserve(int(persons.max()) + 1)
    pos, circle, lo, hi = layer.by_person.gather(persons)
    keep = ~np.isin(circle, circles)
    owners = [persons[pos[keep]]]
    cells = [(circle[keep].astype(np.int64), lo[keep], hi[keep])]
    at, member, mlo, mhi = layer.by_circle.gather(circles)
    mine = np.isin(member, persons)
    owners.append(member[mine].astype(np.int64))
    cells.append((circles[at[mine]], mlo[mine], mhi[mine]))
    layer.by_person.replace(
        persons,
        np.concatenate(owners),
        np.concatenate([c[0] for c in cells]),
        np.concatenate([c[1] for c in cells]),
        np.concatenate([c[2] for c in cells]),
    )


# -- the user's neighbourhood with circles counted ------------------------------------


def _first(snap: Snapshot) -> None:
    """``c1``: the best circle strength from the user to everyone; ``e1``: with ties."""
    layer = snap.circles
    room = len(snap.f1)
    layer.c1 = np.zeros(room, dtype=np.float32)
    me = snap.me
    if me is not None and me < snap.size:
        _, other, w = layer.links(np.array([me]))
        np.maximum.at(layer.c1, other, w)
        rated = [b if a == me else a for a, b in snap.ratings if me in (a, b)]
        layer.c1[[p for p in rated if p < room]] = 0.0  # the user's rating of a tie wins
    layer.e1 = np.maximum(snap.f1, layer.c1)


def _second(snap: Snapshot, ys: np.ndarray | None) -> None:
    """``e2``/``evia`` of ``ys`` (everyone: None) from their ties and co-memberships."""
    layer = snap.circles
    assert layer.e1 is not None and layer.e2 is not None and layer.evia is not None
    me = snap.me
    if ys is None:
        layer.e2[:] = 0
        layer.evia[:] = -1
        xs = np.flatnonzero(layer.e1 > 0)
        xs = xs[xs != me]
        owner, y, w, _ = snap.gather(xs)
        x = xs[owner]
        circles, wanted = np.flatnonzero(layer.base > 0), None
    else:
        ys = ys[ys != me]
        layer.e2[ys] = 0
        layer.evia[ys] = -1
        owner, x, w, _ = snap.gather(ys)
        y = ys[owner]
        _, circles, _, _ = layer.by_person.gather(ys)
        circles = np.unique(circles.astype(np.int64))
        circles = circles[layer.base[circles] > 0]
        wanted = np.zeros(len(layer.e1), dtype=bool)
        wanted[ys] = True
    x, y = x.astype(np.int64), y.astype(np.int64)
    keep = (layer.e1[x] > 0) & (x != me) & (y != me)
    cy, cx, cscore = _through_circles(layer, me, circles, wanted)
    y = np.concatenate([y[keep], cy])
    x = np.concatenate([x[keep], cx])
    score = np.concatenate([layer.e1[x[: int(keep.sum())]] * w[keep], cscore])
    np.maximum.at(layer.e2, y, score)
    best = score >= layer.e2[y]
    np.maximum.at(layer.evia, y[best], x[best].astype(np.int32))


def _through_circles(
    layer: CircleLayer, me: int | None, circles: np.ndarray, wanted: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The two-hop candidates through ``circles``: (y, introducer x, score ``e1[x]`` × the
    pair's strength) for members y (those ``wanted``; None: all).

    Never a pair per two members: a pair where either member's years are not known has
    the circle's one strength (:func:`strength.circle_pair` of no years), so there the
    best introducer is the member the user reaches best (the highest id of equals, as the
    neighbourhood picks it; the next when that is y itself), found per circle in one
    pass over its members. Only members both with years are compared pair by pair (an
    inferred circle's). So a 500-member circle costs 500 cells, not 250,000 pairs, when
    the user joins it or a member changes. All circles at once, no loop over them.
    """
    assert layer.e1 is not None
    pos, ids, lo, hi = layer.by_circle.gather(circles)
    members = ids.astype(np.int64)
    reach = layer.e1[members]
    intro = (reach > 0) & (members != me)
    target = members != me if wanted is None else wanted[members] & (members != me)
    dated = strength.year_span(lo, hi, layer.year)[0] > 0
    n = len(circles)
    none = np.zeros(n, dtype=np.int64)
    plain = strength.circle_pairs(
        layer.base[circles], layer.inferred[circles], (none, none), (none, none),
        layer.year, layer.rated[circles],
    )[0]  # fmt: skip
    has_plain = plain[pos] > 0
    scores = reach * plain[pos]
    found = [
        _best_in_circles(pos, members, scores, intro & has_plain, target & ~dated, n),
        _best_in_circles(pos, members, scores, intro & has_plain & ~dated, target & dated, n),
        _dated_pairs(layer, circles, pos, members, (lo, hi), intro & dated, target & dated),
    ]
    return (
        np.concatenate([f[0] for f in found]),
        np.concatenate([f[1] for f in found]),
        np.concatenate([f[2] for f in found]).astype(np.float32),
    )


def _group_max(pos: np.ndarray, values: np.ndarray, n: int, empty: Any) -> np.ndarray:
    out = np.full(n, empty, dtype=values.dtype)
    np.maximum.at(out, pos, values)
    return out


def _best_in_circles(
    pos: np.ndarray,
    members: np.ndarray,
    scores: np.ndarray,
    intro: np.ndarray,
    target: np.ndarray,
    n: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per ``target`` cell: the best score of an ``intro`` cell of its circle other than
    itself, and the highest member id of those with it: (y, x, score)."""
    low = np.float32(-np.inf)
    top = _group_max(pos[intro], scores[intro], n, low)
    tied = intro & (scores == top[pos])
    top_id = _group_max(pos[tied], members[tied], n, -1)
    also = tied & (members != top_id[pos])
    next_id = _group_max(pos[also], members[also], n, -1)  # another of the best
    lower = intro & (scores < top[pos])
    second = _group_max(pos[lower], scores[lower], n, low)
    level = lower & (scores == second[pos])
    second_id = _group_max(pos[level], members[level], n, -1)
    g, y = pos[target], members[target]
    x, score = top_id[g], top[g]
    alone = y == x  # y is its circle's best introducer itself: the next one
    other = next_id[g] >= 0
    x = np.where(alone, np.where(other, next_id[g], second_id[g]), x)
    score = np.where(alone & ~other, second[g], score)
    ok = x >= 0
    return y[ok], x[ok], score[ok]


def _dated_pairs(
    layer: CircleLayer,
    circles: np.ndarray,
    pos: np.ndarray,
    members: np.ndarray,
    years: tuple[np.ndarray, np.ndarray],
    intro: np.ndarray,
    target: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of members who both said their years, pair by pair: (y, x, score)."""
    xc, yc = np.flatnonzero(intro), np.flatnonzero(target)
    per = np.bincount(pos[xc], minlength=len(circles))
    starts = np.zeros(len(circles), dtype=np.int64)
    np.cumsum(per[:-1], out=starts[1:])
    reps = per[pos[yc]]
    yi = np.repeat(yc, reps)
    xi = xc[_offsets(starts[pos[yc]], reps)]
    pair = xi != yi
    xi, yi = xi[pair], yi[pair]
    c = circles[pos[xi]]
    lo, hi = years
    w, *_ = strength.circle_pairs(
        layer.base[c], layer.inferred[c], (lo[xi], hi[xi]), (lo[yi], hi[yi]), layer.year,
        layer.rated[c],
    )  # fmt: skip
    good = w > 0
    assert layer.e1 is not None
    return members[yi[good]], members[xi[good]], layer.e1[members[xi[good]]] * w[good]


def _neighbours(snap: Snapshot, persons: np.ndarray) -> np.ndarray:
    """Everyone a tie or a circle joins with ``persons`` (each circle's members read once)."""
    _, nbr, _, _ = snap.gather(persons)
    layer = snap.circles
    _, circles, _, _ = layer.by_person.gather(persons)
    circles = np.unique(circles.astype(np.int64))
    circles = circles[layer.base[circles] > 0]
    _, members, _, _ = layer.by_circle.gather(circles)
    return np.concatenate([nbr.astype(np.int64), members.astype(np.int64)])


def compute(snap: Snapshot) -> None:
    """The user's neighbourhood with circles counted, from scratch (None: no circle
    connects anyone, the snapshot's own arrays serve)."""
    layer = snap.circles
    if not layer.connects:
        layer.c1 = layer.e1 = layer.e2 = layer.evia = None
        return
    _first(snap)
    layer.e2 = np.zeros(len(snap.f1), dtype=np.float32)
    layer.evia = np.full(len(snap.f1), -1, dtype=np.int32)
    _second(snap, None)


def update(snap: Snapshot, changed: np.ndarray) -> None:
    """Follow a change of the ties or circles of ``changed`` (see ``Snapshot.update_ego``)."""
    layer = snap.circles
    if layer.e1 is None or not layer.connects:
        compute(snap)  # the first circle that connects anyone, or the last one gone
        return
    _grow(snap)
    me = snap.me
    if me is None or not len(changed):
        return
    again = [np.asarray(changed, dtype=np.int64)]
    before = layer.e1.copy()
    _first(snap)
    moved = np.flatnonzero(layer.e1 != before)
    if len(moved):
        again.append(moved)
        again.append(_neighbours(snap, moved))
    _second(snap, np.unique(np.concatenate(again)))


def _grow(snap: Snapshot) -> None:
    """Room for persons the snapshot grew by (they are in no neighbourhood yet)."""
    layer = snap.circles
    room = len(snap.f1)
    for name, empty in (("c1", 0), ("e1", 0), ("e2", 0), ("evia", -1)):
        old = getattr(layer, name)
        if old is not None and len(old) < room:
            grown = np.full(room, empty, dtype=old.dtype)
            grown[: len(old)] = old
            setattr(layer, name, grown)


# -- reach ----------------------------------------------------------------------------


def reach(snap: Snapshot) -> list[CircleReach]:
    """The circles the user is in, next to the networks: per circle its members, how many
    it connects the user with (``degree1``; an inferred circle only those of the same
    years), how many of those the user has no tie with (``degree1_new``), and the people
    one tie beyond them that the user reaches no other way within one hop (``degree2``)."""
    me, layer = snap.me, snap.circles
    if me is None or not layer.connects:
        return []
    mine, lo, hi = layer.by_person.row(me)
    found: list[CircleReach] = []
    for circle, my_lo, my_hi in zip(mine.tolist(), lo, hi, strict=True):
        if layer.base[circle] <= 0:
            continue
        members, mlo, mhi = layer.by_circle.row(circle)
        n = np.full(len(members), circle, dtype=np.int64)
        w, *_ = strength.circle_pairs(
            layer.base[n], layer.inferred[n], (np.full(len(n), my_lo), np.full(len(n), my_hi)),
            (mlo, mhi), layer.year, layer.rated[n],
        )  # fmt: skip
        linked = members[(w > 0) & (members != me)].astype(np.int64)
        if not len(linked):
            continue  # it connects the user with nobody (an inferred circle, other years)
        _, beyond, _, _ = snap.gather(linked)
        known = np.zeros(snap.size, dtype=bool)
        known[beyond] = True
        known[linked] = False
        known[snap.f1[: snap.size] > 0] = False
        known[me] = False
        found.append(
            {
                "circle_id": int(circle),
                "members": len(members),
                "degree1": len(linked),
                "degree1_new": int((snap.f1[linked] == 0).sum()),
                "degree2": int(known.sum()),
            }
        )
    return found


# -- the graph as the paths see it ------------------------------------------------------


class View:
    """Ties and co-memberships as one graph: a hop's strength is the tie's or the best
    circle's, whichever is stronger (the user's rating of the tie wins)."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self._shared: dict[tuple[int, int], list[Shared]] = {}  # one question's pairs
        self._weights: dict[tuple[int, int], float] = {}  # one question's hops
        self._sets: dict[int, frozenset[int]] = {}  # one question's people's circles
        layer = snap.circles
        self.layer = layer if layer is not None and layer.e1 is not None else None
        if self.layer is not None:
            assert self.layer.e1 is not None and self.layer.e2 is not None
            self.first, self.second = self.layer.e1, self.layer.e2
        else:
            self.first, self.second = snap.f1, snap.f2

    def row(self, person: int, *, reached: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Neighbours (sorted, once each) and the strength of the hop to each; with
        ``reached``, only those the user reaches in one hop (``first`` above 0)."""
        ids, w, _ = self.snap.row(person)
        if reached:
            inside = self.first[ids] > 0
            ids, w = ids[inside], w[inside]
        if self.layer is None:
            return ids, w
        _, other, cw = self.layer.links(np.array([person]), self.first if reached else None)
        if not len(other):
            return ids, w
        rated = self._rated_with(person)
        if len(rated):
            keep = ~np.isin(other, rated)
            other, cw = other[keep], cw[keep]
        all_ids = np.concatenate([ids.astype(np.int64), other])
        all_w = np.concatenate([w, cw])
        order = np.lexsort((-all_w, all_ids))
        all_ids, all_w = all_ids[order], all_w[order]
        first = np.r_[True, all_ids[1:] != all_ids[:-1]]
        return all_ids[first], all_w[first]

    def _rated_with(self, person: int) -> np.ndarray:
        """Whom the user rated the tie with ``person`` (a rating wins over circles)."""
        found = [b if a == person else a for a, b in self.snap.ratings if person in (a, b)]
        return np.array(found, dtype=np.int64)

    def _shared_of(self, a: int, b: int) -> list[Shared]:
        """``layer.shared``, remembered for the question this view answers (a path's hop
        is looked at when it is offered, checked for a circle twice and scored)."""
        assert self.layer is not None
        key = (a, b) if a < b else (b, a)
        found = self._shared.get(key)
        if found is None:
            common = self.circles(a) & self.circles(b)
            found = self._shared[key] = self.layer.shared(*key) if common else []
        return found

    def circles(self, person: int) -> frozenset[int]:
        """The circles ``person`` is in (as a set: most hops ask whether two or three
        people share one, and most share none)."""
        found = self._sets.get(person)
        if found is None:
            assert self.layer is not None
            ids, _, _ = self.layer.by_person.row(person)
            found = self._sets[person] = frozenset(ids.tolist())
        return found

    def circle_of(self, a: int, b: int) -> int | None:
        """The circle the hop a-b runs through (its strongest reason), or None."""
        if self.layer is None or self.snap.is_rated(a, b):
            return None
        found = self._shared_of(a, b)
        if not found or found[0].strength <= self.snap.tie(a, b)[0]:
            return None
        return found[0].circle

    def weight(self, a: int, b: int) -> float:
        """The strength of the hop a-b: the tie's, or the best circle's if stronger.

        Remembered for the question this view answers: a path's hops are weighed when it
        is expanded and twice more when it is a finalist, and the finalists share hops."""
        key = (a, b) if a < b else (b, a)
        found = self._weights.get(key)
        if found is None:
            found = self._weights[key] = self._weight(a, b)
        return found

    def _weight(self, a: int, b: int) -> float:
        tie, _ = self.snap.tie(a, b)
        if self.layer is None or self.snap.is_rated(a, b):
            return tie
        found = self._shared_of(a, b)
        return max(tie, found[0].strength) if found else tie
