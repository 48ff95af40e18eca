"""What the answers' snapshot reads from SQLite: ties, relations and ratings as person
pairs, each with one strength and a network bitmask; the whole graph, or a few pairs.

Both run the same vectorised code (:func:`combine`) over rows in the same order (ties by
id, then relations by id), so a pair read on its own gets the very float a full build
gives it: the incremental refresh is tested for equality with a rebuild, not closeness.
Network and kind names become small integers inside SQLite (``instr`` into a comma
list), so millions of rows reach numpy without a Python object per tie.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any

import numpy as np

from metanet.answers import strength
from metanet.graph import OFFLINE, counted_ties

#: networks fit a uint16 bitmask
MAX_NETWORKS = 16
#: bound parameters per statement, well below SQLite's limit
CHUNK = 400


@dataclass(frozen=True)
class Watermark:
    """Where the database stands, as far as the graph is concerned (m006, m007, m009, m013, m014).

    Appends move the largest ids; a deletion anywhere in the graph's tables moves
    ``deletions``; an in-place change of a column the graph is built from moves
    ``updates``; any change of a circle or its members moves ``circle_log``. Ratings (the
    user's handful of rows) are re-read whole when their fingerprint moves: count, largest
    id and sums over the rows (a replaced rating can reuse the largest id). So are made
    introductions (``introductions``: the count and largest id of their state changes,
    and the count of introductions), and interaction counts (``interactions``: count,
    largest id, and the sum of their persons, which an assignment or a merge moves).
    """

    database_id: str
    max_person: int
    max_tie: int
    max_relation: int
    max_account: int
    deletions: int
    updates: int
    me: int | None
    ratings: tuple[float, ...]
    introductions: tuple[int, ...]
    #: the last change of a circle or its members (``circle_log``, m014): circles follow
    #: by re-reading the circles logged since, never by a rebuild
    circle_log: int
    #: interaction counts (answers/interactions.py): count, largest id, sum of persons
    interactions: tuple[int, ...] = ()

    def structure(self) -> tuple[Any, ...]:
        """What must be equal for appends alone to explain the difference."""
        return (self.database_id, self.deletions, self.updates, self.me)

    def continues(self, old: Watermark) -> bool:
        """Whether this state is ``old`` plus appended rows (ratings aside)."""
        return self.structure() == old.structure() and (
            self.max_person >= old.max_person
            and self.max_tie >= old.max_tie
            and self.max_relation >= old.max_relation
            and self.max_account >= old.max_account
            and self.circle_log >= old.circle_log
        )


def read_watermark(db: Any) -> Watermark:
    """One query of index look-ups: cheap enough for every change of the database."""
    row = db.execute(
        "select (select coalesce(max(id), 0) from persons), (select coalesce(max(id), 0) "
        "from ties), (select coalesce(max(id), 0) from relations), (select coalesce(max(id), "
        "0) from accounts), e.deletions, e.updates, "
        "(select id from persons where is_me = 1 limit 1), e.database_id, "
        "(select count(*) from tie_ratings), (select coalesce(max(id), 0) from tie_ratings), "
        "(select total(strength * a_person_id) from tie_ratings), "
        "(select total(strength * b_person_id) from tie_ratings), "
        "(select count(*) from introduction_events), "
        "(select coalesce(max(id), 0) from introduction_events), "
        "(select count(*) from introductions), "
        "(select coalesce(max(id), 0) from circle_log), "
        "(select count(*) from interactions), (select coalesce(max(id), 0) from interactions), "
        "(select coalesce(sum(person_id), 0) from interactions) "
        "from graph_epoch e where e.id = 1"
    ).fetchone()
    return Watermark(
        database_id=str(row[7]),
        max_person=int(row[0]),
        max_tie=int(row[1]),
        max_relation=int(row[2]),
        max_account=int(row[3]),
        deletions=int(row[4]),
        updates=int(row[5]),
        me=None if row[6] is None else int(row[6]),
        ratings=tuple(float(v) for v in row[8:12]),
        introductions=tuple(int(v) for v in row[12:15]),
        circle_log=int(row[15]),
        interactions=tuple(int(v) for v in row[16:]),
    )


def tail_fingerprint(db: Any, mark: Watermark) -> str:
    """A hash of the newest rows a snapshot has read.

    A snapshot file is continued only if these rows still read the same: a database put
    back from a backup and written to again can reach the same largest ids with other rows.
    """
    rows = [
        db.execute("select created_at from persons where id = ?", [mark.max_person]).fetchall(),
        db.execute(
            "select src_account_id, dst_account_id, kind, directed from ties where id = ?",
            [mark.max_tie],
        ).fetchall(),
        db.execute(
            "select a_person_id, b_person_id, label from relations where id = ?",
            [mark.max_relation],
        ).fetchall(),
        db.execute("select network, key from accounts where id = ?", [mark.max_account]).fetchall(),
        db.execute("select circle_id from circle_log where id = ?", [mark.circle_log]).fetchall(),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@contextlib.contextmanager
def one_read(db: Any) -> Iterator[None]:
    """Read in one transaction: hosts write concurrently, and the watermark, the new rows
    and the rows they touch must all come from the same moment (WAL snapshot)."""
    if db.in_transaction:
        yield  # inside a write of our own: that transaction already is one moment
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.commit()


def recent_cutoff() -> str:
    """Ties seen after this moment count as recent (see ``strength.RECENT_DAYS``)."""
    return (datetime.now(UTC) - timedelta(days=strength.RECENT_DAYS)).isoformat()


def ints(cursor: Any, width: int) -> np.ndarray:
    """Rows of ``width`` integers from a cursor as one (n, width) array, without a list."""
    flat = np.fromiter(chain.from_iterable(cursor), dtype=np.int64)
    return flat.reshape(-1, width)


def network_bit(networks: list[str], name: str) -> int:
    """The bit of a network, registering it on first sight (the list only grows)."""
    if name not in networks:
        if len(networks) >= MAX_NETWORKS:
            raise ValueError(f"more than {MAX_NETWORKS} networks: widen the network mask")
        networks.append(name)
    return 1 << networks.index(name)


@dataclass
class Pairs:
    """Person pairs ``lo < hi``, sorted, with strength and network mask."""

    lo: np.ndarray
    hi: np.ndarray
    w: np.ndarray
    mask: np.ndarray

    @staticmethod
    def empty() -> Pairs:
        e = np.zeros(0, dtype=np.int64)
        return Pairs(e, e, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.uint16))


@dataclass
class Reader:
    """How rows are read and combined for one snapshot: its networks and recency cutoff."""

    networks: list[str]
    cutoff: str

    def tie_rows(self, db: Any, sql_tail: str, params: list[Any] | tuple[Any, ...] = ()) -> Any:
        """Ties as integer rows: src account, dst account, directed, network position in
        the comma list, kind position, recent, id. ``sql_tail`` follows ``from ties t``."""
        kinds = ",".join(sorted(strength.KIND_STRENGTH))
        sql = (
            "select t.src_account_id, t.dst_account_id, t.directed, "
            f"instr(',{','.join(self.networks)},', ','||t.network||','), "
            f"instr(',{kinds},', ','||t.kind||','), "
            f"coalesce(t.last_seen >= '{self.cutoff}', 0), t.id from ties t {sql_tail}"
        )
        return ints(db.execute(sql, params), 7)

    def _codes(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Network index and kind strength of each tie row."""
        nets = "," + ",".join(self.networks) + ","
        pos_to_net = np.full(len(nets) + 2, -1, dtype=np.int64)
        for i, name in enumerate(self.networks):
            pos_to_net[nets.index("," + name + ",") + 1] = i
        kinds = sorted(strength.KIND_STRENGTH)
        kind_list = "," + ",".join(kinds) + ","
        pos_to_kind = np.full(len(kind_list) + 2, strength.DEFAULT_KIND_STRENGTH)
        for kind in kinds:
            pos_to_kind[kind_list.index("," + kind + ",") + 1] = strength.kind_strength(kind)
        return pos_to_net[rows[:, 3]], pos_to_kind[rows[:, 4]]

    def combine(
        self,
        rows: np.ndarray,
        account_person: np.ndarray,
        relations: list[Relation],
        ratings: dict[tuple[int, int], float],
        introduced: dict[tuple[int, int], int],
        interacted: dict[tuple[int, int], float],
    ) -> Pairs:
        """Tie rows and relations → one strength per person pair (noisy-or); made
        introductions and the user's interaction add their bonus to ties that exist;
        ratings win.

        Which rows count is :func:`metanet.graph.counted_ties` (a follow only when it goes
        both ways on the same network, and then once), for a full build and a refresh alike.
        """
        known = len(account_person)
        rows = rows[(rows[:, 0] < known) & (rows[:, 1] < known)]  # accounts newer than our read
        a = account_person[rows[:, 0]].astype(np.int64)
        b = account_person[rows[:, 1]].astype(np.int64)
        net, w = self._codes(rows)
        directed, recent = rows[:, 2], rows[:, 5]
        keep = (a != b) & (a >= 0) & (b >= 0) & (net >= 0)
        a, b, net, w, recent, directed = (x[keep] for x in (a, b, net, w, recent, directed))
        counted = counted_ties(a, b, directed, net)  # the follow rule: graph.py, once
        a, b, net, w, recent = a[counted], b[counted], net[counted], w[counted], recent[counted]
        w = np.where(recent == 1, strength.noisy_or_arrays(w, strength.RECENT_BONUS), w)
        bits = np.left_shift(1, net)
        if relations:
            offline = network_bit(self.networks, OFFLINE)
            a = np.concatenate([a, np.array([r[0] for r in relations], dtype=np.int64)])
            b = np.concatenate([b, np.array([r[1] for r in relations], dtype=np.int64)])
            w = np.concatenate([w, [strength.label_strength(r[2], r[3]) for r in relations]])
            bits = np.concatenate([bits, np.full(len(relations), offline, dtype=np.int64)])
        if not len(a):
            return Pairs.empty()
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        span = np.int64(int(hi.max()) + 1)
        key = lo * span + hi
        order = np.argsort(key, kind="stable")
        key, w, bits = key[order], w[order], bits[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        # noisy-or per pair: 1 - Π(1 - s), summed as logarithms
        rest = np.add.reduceat(np.log1p(-np.minimum(w, 0.999999)), starts)
        pw = (1.0 - np.exp(rest)).astype(np.float32)
        pmask = np.bitwise_or.reduceat(bits, starts).astype(np.uint16)
        ukey = key[starts]
        plo, phi = ukey // span, ukey % span
        for (ia, ib), n in introduced.items():  # a made introduction: a reason more
            at = _pair_at(ukey, span, ia, ib)
            if at >= 0:
                pw[at] = strength.noisy_or([float(pw[at]), strength.introduction_bonus(n)])
        for (ia, ib), bonus in interacted.items():  # what the user and they did together
            at = _pair_at(ukey, span, ia, ib)
            if at >= 0:
                pw[at] = strength.noisy_or([float(pw[at]), bonus])
        for (ra, rb), rs in ratings.items():  # the user's word wins over every piece of evidence
            at = _pair_at(ukey, span, ra, rb)
            if at >= 0:
                pw[at] = rs
        return Pairs(plo, phi, pw, pmask)


def _pair_at(keys: np.ndarray, span: np.int64, a: int, b: int) -> int:
    """Where the pair (a, b) is among the sorted pair keys, or -1."""
    if b >= span:
        return -1
    at = int(np.searchsorted(keys, a * span + b))
    return at if at < len(keys) and keys[at] == a * span + b else -1


def register_networks(db: Any, networks: list[str], after_account: int = 0) -> None:
    """Learn the networks of accounts newer than ``after_account`` (the accounts' index
    answers this; a tie's network is its accounts' network). ``offline`` comes first."""
    network_bit(networks, OFFLINE)
    if after_account:  # the new rows by id: DISTINCT would walk the whole (network, key) index
        rows = db.execute("select network from accounts where id > ?", [after_account])
    else:  # all of them: that index answers without reading a row
        rows = db.execute("select distinct network from accounts")
    for name in sorted({str(row[0]) for row in rows}):
        network_bit(networks, name)


def read_accounts(db: Any, max_account: int, after: int = 0) -> np.ndarray:
    """(account id, person id) rows with ``after < id <= max_account``."""
    return ints(
        db.execute(
            "select id, person_id from accounts where id > ? and id <= ?", [after, max_account]
        ),
        2,
    )


def read_introduced(db: Any) -> dict[tuple[int, int], int]:
    """Person pairs and how many made introductions name both (answers/introductions.py)."""
    from metanet.answers.introductions import made_pairs

    return made_pairs(db)


def read_interacted(db: Any, me: int | None) -> dict[tuple[int, int], float]:
    """The user's pairs with the people they interacted with, and each tie's bonus
    (answers/interactions.py)."""
    from metanet.answers.interactions import pair_bonuses

    return pair_bonuses(db, me)


def read_ratings(db: Any) -> dict[tuple[int, int], float]:
    return {
        (min(int(a), int(b)), max(int(a), int(b))): float(s)
        for a, b, s in db.execute(
            "select a_person_id, b_person_id, strength from tie_ratings order by id"
        )
    }


Relation = tuple[int, int, str, float | None]


def read_relations(
    db: Any, sql_tail: str = "", params: list[Any] | tuple[Any, ...] = ()
) -> list[tuple[int, Relation]]:
    """(id, (a, b, label, strength)) rows; ``sql_tail`` follows ``from relations r``."""
    return [
        (int(rid), (int(a), int(b), str(label), s))
        for rid, a, b, label, s in db.execute(
            f"select r.id, r.a_person_id, r.b_person_id, r.label, r.strength from relations r "
            f"{sql_tail}",
            params,
        )
    ]


def pairs_among(
    db: Any,
    reader: Reader,
    account_person: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    ratings: dict[tuple[int, int], float],
    introduced: dict[tuple[int, int], int],
    interacted: dict[tuple[int, int], float],
) -> Pairs:
    """Every tie and relation of the given person pairs, combined as a full build would.

    Ties are looked up per pair of accounts (both directions) through the ties' unique
    index, so the cost follows the number of pairs, not the size of anyone's list.
    """
    persons = np.unique(np.concatenate([lo, hi])).tolist()
    accounts: dict[int, list[int]] = {}
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        for acc, person in db.execute(
            f"select id, person_id from accounts where person_id in ({','.join('?' * len(chunk))})",
            chunk,
        ):
            if acc < len(account_person):
                accounts.setdefault(int(person), []).append(int(acc))
    links = [
        (x, y)
        for p, q in zip(lo.tolist(), hi.tolist(), strict=True)
        for x in accounts.get(p, ())
        for y in accounts.get(q, ())
    ]
    links += [(y, x) for x, y in links]
    parts = [np.zeros((0, 7), dtype=np.int64)]
    for start in range(0, len(links), CHUNK // 2):
        chunk = links[start : start + CHUNK // 2]
        values = ",".join("(?,?)" for _ in chunk)
        parts.append(
            reader.tie_rows(
                db,
                f"join (select column1 as s, column2 as d from (values {values})) v "
                "on t.src_account_id = v.s and t.dst_account_id = v.d",
                [v for link in chunk for v in link],
            )
        )
    rows = np.concatenate(parts)
    rows = rows[np.argsort(rows[:, 6], kind="stable")]  # by id, as a full read has them
    relations: list[tuple[int, Relation]] = []
    pairs = list(zip(lo.tolist(), hi.tolist(), strict=True))
    for start in range(0, len(pairs), CHUNK // 2):
        chunk = pairs[start : start + CHUNK // 2]
        values = ",".join("(?,?)" for _ in chunk)
        relations += read_relations(
            db,
            f"join (select column1 as a, column2 as b from (values {values})) v "
            "on r.a_person_id = v.a and r.b_person_id = v.b",
            [v for pair in chunk for v in pair],
        )
    relations.sort()
    return reader.combine(
        rows, account_person, [r for _, r in relations], ratings, introduced, interacted
    )
