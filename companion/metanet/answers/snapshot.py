"""A compact in-memory graph of persons for the hot path, kept in step with SQLite.

Why not networkx: a ``Graph`` of 1.5 million people and 3 million ties takes ~17 s and
~1.3 GB to build. Here a tie is three array cells (CSR: neighbour id, base strength,
network bitmask), built with vectorised numpy from two flat SQL scans, and the user's own
neighbourhood (first and second degree, best introducer) is precomputed once per change.

Node ids are person ids (they are dense), so no translation table is needed. Changes by
any process are noticed through ``PRAGMA data_version``; appended ties, relations and
ratings (what a capture or an import writes) refresh only the rows of the persons they
touch, kept in an overlay; anything else (a merge, a split, a forget) rebuilds.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any

import numpy as np

from metanet.answers import strength
from metanet.graph import OFFLINE, counted_ties

#: rebuild from scratch once the overlay holds this many rows: it is slower to read
OVERLAY_LIMIT = 20_000


@dataclass(frozen=True)
class Watermark:
    """What the snapshot has read; an append-only change moves only the maxima.

    ``deletions`` counts rows ever deleted from the graph's tables (triggers of migration
    m006): any deletion means a full reload. Counting rows instead took 190 ms per refresh
    on a 3.4 M-tie database; the maxima and this counter are index look-ups.
    """

    max_person: int
    max_tie: int
    max_relation: int
    max_rating: int
    max_account: int
    deletions: int
    me: int | None


def _watermark(db: Any) -> Watermark:
    def top(table: str) -> int:
        return int(db.execute(f"select coalesce(max(id), 0) from {table}").fetchone()[0])

    me = db.execute("select id from persons where is_me = 1 limit 1").fetchone()
    deleted = db.execute("select deletions from graph_epoch where id = 1").fetchone()
    return Watermark(
        top("persons"),
        top("ties"),
        top("relations"),
        top("tie_ratings"),
        top("accounts"),
        int(deleted[0]) if deleted else 0,
        int(me[0]) if me else None,
    )


def _ints(cursor: Any, width: int) -> np.ndarray:
    """Rows of ``width`` integers from a cursor as one (n, width) array, without a list."""
    flat = np.fromiter(chain.from_iterable(cursor), dtype=np.int64)
    return flat.reshape(-1, width)


class Pairs:
    """Ties grouped per unordered person pair: ``lo < hi``, base strength, network mask."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray, w: np.ndarray, mask: np.ndarray) -> None:
        self.lo, self.hi, self.w, self.mask = lo, hi, w, mask


class Snapshot:
    """The person graph in arrays; see the module docstring."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.loaded_at = 0.0
        self.load_seconds = 0.0
        self.version = 0  # bumps on every change seen: caches key on it
        self._data_version: tuple[int, int] | None = None
        self.refreshes = {"full": 0, "incremental": 0}
        self.networks: list[str] = []
        self.overlay: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        #: answers about single ties (shared counts, explanations) until the next change:
        #: the user's own first hops recur in almost every path
        self.memo: dict[tuple[str, int, int], Any] = {}
        self.load()

    # -- building ---------------------------------------------------------------------

    def _network_bit(self, name: str) -> int:
        if name not in self.networks:
            if len(self.networks) >= 15:
                raise ValueError("more than 15 networks: widen the network mask")
            self.networks.append(name)
        return 1 << self.networks.index(name)

    def _pairs(
        self, where_ties: str = "", where_rel: str = "", args: tuple[Any, ...] = ()
    ) -> Pairs:
        """Read ties, relations and ratings (optionally only some persons') into pairs.

        Ties are read without joining accounts (a join per tie triples the cost); the
        account → person map in memory turns them into person pairs.
        """
        db = self.db
        if not where_ties:  # a full load; an incremental one learnt new networks already
            # every tie's network is its accounts' network; the accounts index answers this
            for (name,) in db.execute("select distinct network from accounts").fetchall():
                self._network_bit(name)
        self._network_bit(OFFLINE)
        kinds = sorted(strength.KIND_STRENGTH)
        nets = "," + ",".join(self.networks) + ","
        kind_list = "," + ",".join(kinds) + ","
        cutoff = (datetime.now(UTC) - timedelta(days=strength.RECENT_DAYS)).isoformat()
        # instr() turns the network and kind names into small integers inside SQLite, so
        # the rows arrive as plain integers and go into numpy without Python objects.
        sql = (
            "select t.src_account_id, t.dst_account_id, t.directed, "
            "instr(:nets, ','||t.network||','), instr(:kinds, ','||t.kind||','), "
            f"coalesce(t.last_seen >= :cutoff, 0) from ties t {where_ties}"
        )
        params = {"nets": nets, "kinds": kind_list, "cutoff": cutoff}
        params.update({f"p{i}": v for i, v in enumerate(args)})
        rows = _ints(db.execute(sql, params), 6)
        known = len(self.account_person)
        rows = rows[(rows[:, 0] < known) & (rows[:, 1] < known)]  # accounts newer than our read
        a = self.account_person[rows[:, 0]].astype(np.int64)
        b = self.account_person[rows[:, 1]].astype(np.int64)
        directed, netpos, kindpos, recent = (rows[:, i] for i in range(2, 6))
        del rows
        keep = (a != b) & counted_ties(a, b, directed, netpos)  # the follow rule, once
        a, b, netpos, kindpos, recent = a[keep], b[keep], netpos[keep], kindpos[keep], recent[keep]
        # positions in the comma lists → indices → strength and bit
        pos_to_net = np.zeros(len(nets) + 1, dtype=np.int64)
        for i, name in enumerate(self.networks):
            pos_to_net[nets.index("," + name + ",") + 1] = 1 << i
        pos_to_kind = np.full(len(kind_list) + 1, strength.DEFAULT_KIND_STRENGTH)
        for kind in kinds:
            pos_to_kind[kind_list.index("," + kind + ",") + 1] = strength.kind_strength(kind)
        w = pos_to_kind[kindpos]
        w = np.where(recent == 1, strength.noisy_or_arrays(w, strength.RECENT_BONUS), w)
        bits = pos_to_net[netpos]
        rel = db.execute(
            f"select a_person_id, b_person_id, label, strength from relations {where_rel}",
            {f"p{i}": v for i, v in enumerate(args)},
        ).fetchall()
        if rel:
            offline = self._network_bit(OFFLINE)
            a = np.concatenate([a, np.array([r[0] for r in rel], dtype=np.int64)])
            b = np.concatenate([b, np.array([r[1] for r in rel], dtype=np.int64)])
            w = np.concatenate([w, [strength.label_strength(r[2], r[3]) for r in rel]])
            bits = np.concatenate([bits, np.full(len(rel), offline, dtype=np.int64)])
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        span = np.int64(int(hi.max(initial=0)) + 1)
        key = lo * span + hi
        order = np.argsort(key, kind="stable")
        key, w, bits = key[order], w[order], bits[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], int)
        # noisy-or per pair: 1 - Π(1 - s), summed as logarithms
        rest = np.add.reduceat(np.log1p(-np.minimum(w, 0.999999)), starts) if len(key) else w
        pw = (1.0 - np.exp(rest)).astype(np.float32)
        pmask = np.bitwise_or.reduceat(bits, starts) if len(key) else bits
        ukey = key[starts]
        plo, phi = ukey // span, ukey % span
        ratings = db.execute(
            f"select a_person_id, b_person_id, strength from tie_ratings {where_rel}",
            {f"p{i}": v for i, v in enumerate(args)},
        ).fetchall()
        for ra, rb, rs in ratings:  # the user's word wins over every piece of evidence
            k = min(ra, rb) * span + max(ra, rb)
            at = int(np.searchsorted(ukey, k))
            if at < len(ukey) and ukey[at] == k:
                pw[at] = rs
        return Pairs(plo, phi, pw, pmask.astype(np.uint16))

    def load(self) -> None:
        """Build everything from the database (the cold start, and after merges)."""
        with self._one_read():
            self._load()

    def _load(self) -> None:
        started = time.perf_counter()
        self.watermark = _watermark(self.db)
        accounts = _ints(self.db.execute("select id, person_id from accounts"), 2)
        self.account_person = np.full(self.watermark.max_account + 1, -1, dtype=np.int32)
        self.account_person[accounts[:, 0]] = accounts[:, 1]
        del accounts
        pairs = self._pairs()
        size = max(self.watermark.max_person, int(pairs.hi.max(initial=0))) + 1
        src = np.concatenate([pairs.lo, pairs.hi])
        dst = np.concatenate([pairs.hi, pairs.lo])
        order = np.lexsort((dst, src))
        self.indices = dst[order].astype(np.int32)
        self.weights = np.concatenate([pairs.w, pairs.w])[order]
        self.masks = np.concatenate([pairs.mask, pairs.mask])[order]
        self.indptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=size), out=self.indptr[1:])
        self.size = size
        self.overlay = {}
        self._data_version = self._current_data_version()
        self._load_ratings()
        self.version += 1
        self.memo = {}
        self.refreshes["full"] += 1
        self._ego()
        self.loaded_at = time.time()
        self.load_seconds = time.perf_counter() - started

    def _load_ratings(self) -> None:
        self.ratings: dict[tuple[int, int], float] = {
            (int(a), int(b)): float(s)
            for a, b, s in self.db.execute(
                "select a_person_id, b_person_id, strength from tie_ratings"
            )
        }

    def is_rated(self, a: int, b: int) -> bool:
        return (min(a, b), max(a, b)) in self.ratings

    def _current_data_version(self) -> tuple[int, int]:
        """Changes when anyone wrote: other connections move ``data_version``, our own
        connection (the host's captures) moves ``total_changes``."""
        other = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        return other, int(self.db.total_changes)

    # -- reading ----------------------------------------------------------------------

    def row(self, person: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A person's neighbours (sorted ids), base strengths and network masks."""
        found = self.overlay.get(person)
        if found is not None:
            return found
        if person >= self.size or person < 0:
            empty = np.zeros(0, dtype=np.int32)
            return empty, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.uint16)
        lo, hi = self.indptr[person], self.indptr[person + 1]
        return self.indices[lo:hi], self.weights[lo:hi], self.masks[lo:hi]

    def gather(self, persons: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The rows of many persons at once: (owner position, neighbour, strength, mask).

        Vectorised over the CSR arrays (no Python loop per person), because the hot
        questions read thousands of rows: the user's contacts' lists, a target's
        neighbours' lists.
        """
        persons = np.asarray(persons, dtype=np.int64)
        pos = np.arange(len(persons))
        side = np.zeros(len(persons), dtype=bool)
        if self.overlay:
            side = np.isin(persons, np.fromiter(self.overlay, dtype=np.int64))
        base = pos[~side & (persons >= 0) & (persons < self.size)]
        starts = self.indptr[persons[base]]
        lens = self.indptr[persons[base] + 1] - starts
        total = int(lens.sum())
        offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
        parts = [
            (
                np.repeat(base, lens),
                self.indices[offsets],
                self.weights[offsets],
                self.masks[offsets],
            )
        ]
        for i in pos[side]:
            ids, w, m = self.overlay[int(persons[i])]
            parts.append((np.full(len(ids), i), ids, w, m))
        return (
            np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
            np.concatenate([p[3] for p in parts]),
        )

    def row_lengths(self, persons: np.ndarray) -> np.ndarray:
        persons = np.asarray(persons, dtype=np.int64)
        lens: np.ndarray = self.indptr[persons + 1] - self.indptr[persons]
        if not self.overlay:
            return lens
        for i, person in enumerate(persons.tolist()):
            if person in self.overlay:
                lens[i] = len(self.overlay[person][0])
        return lens

    def degree(self, person: int) -> int:
        return len(self.row(person)[0])

    def tie(self, a: int, b: int) -> tuple[float, int]:
        """Base strength and network mask of the tie a-b; (0, 0) when they are not tied."""
        ids, w, m = self.row(a)
        at = int(np.searchsorted(ids, b))
        if at < len(ids) and ids[at] == b:
            return float(w[at]), int(m[at])
        return 0.0, 0

    def shared_count(self, a: int, b: int) -> int:
        key = ("shared", min(a, b), max(a, b))
        found = self.memo.get(key)
        if found is None:
            found = len(np.intersect1d(self.row(a)[0], self.row(b)[0], assume_unique=True))
            self.remember(key, found)
        return int(found)

    def remember(self, key: tuple[str, int, int], value: Any) -> None:
        if len(self.memo) > 50_000:
            self.memo.clear()  # crude, but the hot entries come back at once
        self.memo[key] = value

    def network_names(self, mask: int) -> list[str]:
        return [name for i, name in enumerate(self.networks) if mask & (1 << i)]

    # -- the user's neighbourhood -----------------------------------------------------

    def _ego(self) -> None:
        """First/second degree of *me*: best path strength and best introducer per person."""
        size = self.size
        self.me = self.watermark.me
        self.f1 = np.zeros(size, dtype=np.float32)
        self.f2 = np.zeros(size, dtype=np.float32)
        self.via = np.full(size, -1, dtype=np.int32)
        self.degree_of = np.zeros(size, dtype=np.int8)  # 0 unknown/beyond, 1, 2; me = -1
        if self.me is None or self.me >= size:
            return
        ids, w, _ = self.row(self.me)
        self.f1[ids] = w
        self.degree_of[ids] = 1
        if len(ids):
            owner, nbr, nw, _ = self.gather(ids)
            via = ids[owner]
            score = w[owner] * nw
            keep = nbr != self.me
            nbr, via, score = nbr[keep], via[keep], score[keep]
            np.maximum.at(self.f2, nbr, score)
            best = score >= self.f2[nbr]
            self.via[nbr[best]] = via[best]
            second = nbr[self.degree_of[nbr] == 0]
            self.degree_of[second] = 2
        self.degree_of[self.me] = -1

    # -- keeping up -------------------------------------------------------------------

    def refresh(self) -> str:
        """Catch up with the database: 'none', 'incremental' or 'full'."""
        with self._one_read():
            return self._refresh()

    @contextlib.contextmanager
    def _one_read(self) -> Iterator[None]:
        """Read in one transaction: hosts write concurrently, and the counts, the new rows
        and the rows they touch must all come from the same moment (WAL snapshot)."""
        if self.db.in_transaction:
            yield  # inside a write of our own: that transaction already is one moment
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.commit()

    def _refresh(self) -> str:
        current = self._current_data_version()
        if current == self._data_version:
            return "none"
        self._data_version = current
        mark = _watermark(self.db)
        old = self.watermark
        appended = (
            mark.me == old.me and mark.deletions == old.deletions and not self._accounts_moved(old)
        )
        if mark == old:
            return "none"
        if not appended or len(self.overlay) > OVERLAY_LIMIT:
            self._load()
            return "full"
        self._apply_appends(old, mark)
        return "incremental"

    def _accounts_moved(self, old: Watermark) -> bool:
        """Whether an account we had read now belongs to a new person (a split)."""
        row = self.db.execute(
            "select 1 from accounts where person_id > ? and id <= ? limit 1",
            [old.max_person, old.max_account],
        ).fetchone()
        return row is not None

    def _apply_appends(self, old: Watermark, mark: Watermark) -> None:
        touched: set[int] = set()
        touched.update(
            v
            for row in self.db.execute(
                "select sa.person_id, sb.person_id from ties t "
                "join accounts sa on sa.id = t.src_account_id "
                "join accounts sb on sb.id = t.dst_account_id where t.id > ?",
                [old.max_tie],
            )
            for v in row
        )
        touched.update(
            v
            for row in self.db.execute(
                "select a_person_id, b_person_id from relations where id > ?", [old.max_relation]
            )
            for v in row
        )
        if mark.max_rating != old.max_rating:
            touched.update(
                v
                for row in self.db.execute(
                    "select a_person_id, b_person_id from tie_ratings where id > ?",
                    [old.max_rating],
                )
                for v in row
            )
        self.watermark = mark
        self._load_ratings()
        for (name,) in self.db.execute(
            "select distinct network from ties where id > ?", [old.max_tie]
        ).fetchall():
            self._network_bit(name)
        if mark.max_person + 1 > self.size:
            self._grow(mark.max_person + 1)
        fresh = _ints(
            self.db.execute("select id, person_id from accounts where id > ?", [old.max_account]), 2
        )
        grown = np.full(mark.max_account + 1, -1, dtype=np.int32)
        grown[: len(self.account_person)] = self.account_person
        grown[fresh[:, 0]] = fresh[:, 1]
        self.account_person = grown
        self._reload_rows(sorted(touched))
        self.version += 1
        self.memo = {}
        self.refreshes["incremental"] += 1
        self._ego()

    def _grow(self, size: int) -> None:
        pad = np.full(size - self.size, self.indptr[-1], dtype=np.int64)
        self.indptr = np.concatenate([self.indptr, pad])
        self.size = size

    def _reload_rows(self, persons: list[int]) -> None:
        """Re-read the whole row of each person from SQLite into the overlay."""
        for chunk_start in range(0, len(persons), 500):
            chunk = persons[chunk_start : chunk_start + 500]
            names = ",".join(f":p{i}" for i in range(len(chunk)))
            accounts = f"(select id from accounts where person_id in ({names}))"
            # two indexed look-ups, not an OR (which SQLite answers by scanning every tie)
            pairs = self._pairs(
                f"where t.id in (select id from ties where src_account_id in {accounts} "
                f"union select id from ties where dst_account_id in {accounts})",
                f"where a_person_id in ({names}) or b_person_id in ({names})",
                tuple(chunk),
            )
            src = np.concatenate([pairs.lo, pairs.hi])
            dst = np.concatenate([pairs.hi, pairs.lo])
            w = np.concatenate([pairs.w, pairs.w])
            m = np.concatenate([pairs.mask, pairs.mask])
            order = np.lexsort((dst, src))
            src, dst, w, m = src[order], dst[order], w[order], m[order]
            for person in chunk:
                lo, hi = np.searchsorted(src, person), np.searchsorted(src, person, "right")
                self.overlay[person] = (dst[lo:hi].astype(np.int32), w[lo:hi], m[lo:hi])

    def memory_bytes(self) -> int:
        arrays = (self.indptr, self.indices, self.weights, self.masks, self.f1, self.f2, self.via)
        return sum(a.nbytes for a in arrays) + sum(
            sum(x.nbytes for x in row) for row in self.overlay.values()
        )
