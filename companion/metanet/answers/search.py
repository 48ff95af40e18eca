"""Search: people within 1-3 hops whose accounts match words as people type them.

**Matching** is :mod:`metanet.words`: the typed text becomes two FTS5 expressions over the
accounts' word index (``account_words_fts``, kept current by
:mod:`metanet.answers.words_index`): *whole* hits match every word as the word itself
(case, accents, umlauts and scripts folded), another form of it (gender, inflection) or a
synonym of the role or city; *partial* hits need a compound part or a prefix for at least
one word ("Vertrieb" in "Vertriebsleiterin", "Geschäftsf…").

**Ranking** (the rule of :mod:`metanet.words.query`): every whole hit before every partial
hit; within each band the path decides: closer first, then the stronger best path (the
product of the tie strengths along it), then the lower id. How well each hit matched
(``quality``, ``why``) is shown with it but orders nothing inside a band: a "CEO" two hops
away is as much the Geschäftsführer asked for as a "Geschäftsführerin" two hops away,
and the stronger introduction is the one to ask for.

The snapshot says how far each match is from the user and who the best introducer among
the user's direct contacts is (the one with the strongest path); for the third degree, who
is in between.

Every match is read, every time, so the total is exact and no query pays for a cache
filled after a change: the matching account ids leave SQLite as one comma-separated text
(``group_concat``) that numpy parses. Reading 200,000 ids row by row costs ~0.25 µs
each in Python (50-100 ms for a word one person in eight shares); the text costs a
tenth of that. Only the hits shown are read in full, to say why each matched.

``among`` (person ids) limits a search to some people (a circle); the ranking and the
totals then count only them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from metanet.answers import SEARCH_HOPS
from metanet.answers.service import names
from metanet.answers.shapes import Beyond, Found, MatchReason, SearchAnswer
from metanet.answers.snapshot import Snapshot
from metanet.answers.words_index import current_roles, has_pending, index_pending
from metanet.answers.words_table import INDEXED_FACTS, WORDS_TABLE
from metanet.errors import InvalidInput
from metanet.store import Store
from metanet.words import (
    Band,
    Hit,
    NoSearchWords,
    SearchQuery,
    Synonyms,
    load_synonyms,
    parse_query,
    user_synonyms_path,
)
from metanet.words.query import QUALITY, Pattern

MAX_RESULTS = 50
DEFAULT_HOPS = SEARCH_HOPS
#: what each hit shows besides its name (the most recently seen account's, per field)
FACTS = ("headline", "company", "role", "location")
_NO_PERSONS = np.zeros(0, dtype=np.int64)
BEST_QUALITY = max(QUALITY.values())
#: from this many accounts on, a word's ids are read in two halves at once (:func:`_accounts`)
SPLIT_ABOVE = 200_000
#: the cores this process may run on: with one, the halves would be read one after the
#: other, slower than one read
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _db(store: Store) -> Any:
    return store.sql("answers")  # answers read and keep the search's word index themselves


class BadQuery(InvalidInput):
    """The search text has no words to look for."""


def synonyms_for(store: Store) -> Synonyms:
    """The shipped role synonyms and the user's own file, in the store's data folder."""
    return load_synonyms(user_synonyms_path(Path(store.path).parent))


def parse(store: Store, text: str) -> SearchQuery:
    """The query for ``text`` with the store's synonyms; :class:`BadQuery` without words."""
    try:
        return parse_query(text, synonyms_for(store))
    except NoSearchWords:
        raise BadQuery("search for at least one word, e.g. 'Geschäftsführer München'") from None


def _accounts(store: Store, snap: Snapshot, expression: str) -> np.ndarray:
    """Ids of the accounts matching an FTS5 expression, in id order.

    On a large network the two halves of the ids are read at once, the upper one on the
    store's second connection in a thread of its own (:meth:`Store.read_beside`): SQLite
    walks a list of 220,000 ids in 24 ms, its halves together in 16 on two cores. Not
    inside a transaction (the other connection would not see its rows), nor on a small
    network, where handing the half over costs more than reading it, nor on one core.
    """
    middle = len(snap.account_person) // 2
    if CORES > 1 and middle * 2 >= SPLIT_ABOVE:
        upper = store.read_beside("answers", lambda sql: _ids(sql, expression, middle, None))
        if upper is not None:
            return np.concatenate((_ids(_db(store), expression, None, middle), upper.result()))
    return _ids(_db(store), expression, None, None)


def _ids(sql: Any, expression: str, start: int | None, stop: int | None) -> np.ndarray:
    """Matching ids from ``start`` up to (not including) ``stop``, read as one text."""
    edges = ((">=", start), ("<", stop))
    bounds = "".join(f" and rowid {op} {int(at)}" for op, at in edges if at is not None)
    found = sql.execute(
        f"select group_concat(rowid) from {WORDS_TABLE} where {WORDS_TABLE} match ?{bounds}",
        [expression],
    ).fetchone()[0]
    if not found:
        return _NO_PERSONS
    # numpy's text parser: a tenth of str.split and an array of the pieces
    return np.fromstring(found, dtype=np.int64, sep=",")


def _persons(snap: Snapshot, accounts: np.ndarray) -> np.ndarray:
    """A mask over persons of those with one of the accounts; the snapshot maps accounts
    to persons (a join per match in SQLite costs three times as much)."""
    accounts = accounts[(accounts >= 0) & (accounts < len(snap.account_person))]
    persons = snap.account_person[accounts]
    hit = np.zeros(snap.size, dtype=bool)
    hit[persons[(persons >= 0) & (persons < snap.size)]] = True
    return hit


def index_now(store: Store) -> None:
    """Index accounts written outside a change (reparse, the demo's loader) before a search."""
    if has_pending(_db(store)):
        with store.write():
            index_pending(_db(store))


def is_word(store: Store, token: str) -> bool:
    """Whether a folded word is a word of some account (one look-up in the index)."""
    found = (
        _db(store)
        .execute(
            f"select 1 from {WORDS_TABLE} where {WORDS_TABLE} match ? limit 1",
            [Pattern("words", (token,)).fts()],  # in a name, company, city or title
        )
        .fetchone()
    )
    return found is not None


def matching(store: Store, snap: Snapshot, query: SearchQuery) -> tuple[np.ndarray, np.ndarray]:
    """(persons, band): every person with an account matching the query, sorted by id,
    each with its band (0 whole, 1 partial; a person is whole when any of their accounts
    is)."""
    whole = _persons(snap, _accounts(store, snap, query.fts(Band.WHOLE)))
    partial_fts = query.partial_fts()
    found = _NO_PERSONS if partial_fts is None else _accounts(store, snap, partial_fts)
    if not len(found):  # no partial hit (the usual case): no second pass over everyone
        persons = np.flatnonzero(whole)
        return persons, np.zeros(len(persons), np.int64)
    partial = _persons(snap, found) & ~whole
    persons = np.flatnonzero(whole | partial)
    return persons, partial[persons].astype(np.int64)


def third_degree(snap: Snapshot, persons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per person: the best path score through a second-degree neighbour and that
    neighbour (the lowest id of equals); (0, -1) when not within three hops."""
    owner, nbr, w, _ = snap.gather(persons)
    scores = snap.f2[nbr] * w * (snap.degree_of[nbr] == 2)
    best = np.zeros(len(persons), dtype=np.float32)
    np.maximum.at(best, owner, scores)
    hit = (scores > 0) & (scores >= best[owner])
    mid = np.full(len(persons), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(mid, owner[hit], nbr[hit].astype(np.int64))
    mid[best <= 0] = -1
    return best, mid


def _first(
    band: np.ndarray,
    degree: np.ndarray,
    score: np.ndarray,
    persons: np.ndarray,
    keep: np.ndarray,
    limit: int,
) -> np.ndarray:
    """Positions of the ``limit`` best of those kept: whole first, then closest, strongest,
    lowest id. The arrays are read whole (a common word keeps ~200,000 hits: four masked
    copies of them cost more than the ranking)."""
    # bands and degrees never overlap: the score lies in (0, 1]
    key = (band * 4 + degree) * 4.0 - score
    key[~keep] = np.inf
    head = np.flatnonzero(keep)
    if len(head) > limit:
        edge = np.partition(key, limit - 1)[limit - 1]
        head = np.flatnonzero(key <= edge)
    return head[np.lexsort((persons[head], -score[head], degree[head], band[head]))][:limit]


class Reached:
    """Matching persons with how far each is, the best path's strength and, for the third
    degree, the second-degree person in between (-1 otherwise)."""

    def __init__(
        self,
        snap: Snapshot,
        persons: np.ndarray,
        band: np.ndarray,
        hops: int,
        *,
        circles: bool = False,
    ) -> None:
        self.snap, self.persons, self.band = snap, persons, band
        self.degree, self.score, self.via = _near(snap, persons, circles=circles)
        self.through = np.full(len(persons), -1, dtype=np.int64)
        self.hops = 2
        if hops >= 3:
            self.third()

    def third(self) -> None:
        """Reach the third degree too (once)."""
        if self.hops >= 3:
            return
        far = np.flatnonzero(self.degree == 0)
        best, mid = third_degree(self.snap, self.persons[far])
        reached = far[mid >= 0]
        self.degree[reached], self.score[reached] = 3, best[mid >= 0]
        self.through[reached] = mid[mid >= 0]
        self.hops = 3

    def within(self, hops: int) -> np.ndarray:
        if hops >= 3:
            self.third()
        inside: np.ndarray = (self.degree >= 1) & (self.degree <= hops)
        return inside


def _near(snap: Snapshot, persons: np.ndarray, *, circles: bool) -> tuple[Any, Any, Any]:
    """(degree, score, introducer array) of ``persons`` by ties, or by ties and circles
    (a member of the user's own circle is one hop away, through the circle)."""
    layer = snap.circles
    if not circles or layer.e1 is None or layer.e2 is None or layer.evia is None:
        degree = snap.degree_of[persons].astype(np.int64)
        score = np.where(degree == 1, snap.f1[persons], snap.f2[persons])
        return degree, score.astype(np.float64), snap.via
    first, second = layer.e1[persons], layer.e2[persons]
    degree = np.where(first > 0, 1, np.where(second > 0, 2, 0)).astype(np.int64)
    degree[persons == snap.me] = 0
    return degree, np.where(degree == 1, first, second).astype(np.float64), layer.evia


def search(
    store: Store,
    snap: Snapshot,
    text: str,
    *,
    hops: int = DEFAULT_HOPS,
    limit: int = MAX_RESULTS,
    among: np.ndarray | None = None,
    circles: Sequence[int] = (),
) -> SearchAnswer:
    """Matches within ``hops`` (1-3) of the user, best first (see the module's rule).

    ``among``: only these persons (sorted ids), e.g. a circle's members. ``circles``
    (ids): only their members, near through ties and circles alike (a member of the
    user's own circle is one hop away, through the circle).
    """
    hops = max(1, min(3, hops))
    query = parse(store, text)
    if snap.me is None:
        return {"query": text, "hops": hops, "total": 0, "people": [], "reason": "no_me"}
    index_now(store)
    query = query.completing(lambda token: is_word(store, token)).using(current_roles(_db(store)))
    persons, band = matching(store, snap, query)
    if circles:
        members = snap.circles.members(circles)
        among = members if among is None else np.intersect1d(among, members)
    if among is not None:
        chosen = np.isin(persons, among)
        persons, band = persons[chosen], band[chosen]
    reach = Reached(snap, persons, band, hops, circles=bool(circles))
    keep = reach.within(hops)
    order = _first(band, reach.degree, reach.score, persons, keep, limit)
    answer: SearchAnswer = {
        "query": text,
        "hops": hops,
        "total": int(keep.sum()),
        "total_exact": True,
        "people": _found(store, snap, query, reach, order),
    }
    if answer["total"] == 0:
        answer["beyond"] = _beyond(reach, hops)
    if snap.stale:
        answer["stale"] = True
    return answer


def _beyond(reach: Reached, hops: int) -> Beyond:
    """How many match one hop further (``hops`` null: beyond three hops, or not connected)."""
    if hops < 3:
        return {"hops": hops + 1, "total": int(reach.within(hops + 1).sum())}
    return {"hops": None, "total": int((~reach.within(3)).sum())}


def _found(
    store: Store,
    snap: Snapshot,
    query: SearchQuery,
    reach: Reached,
    order: np.ndarray,
) -> list[Found]:
    """The hits shown: names, facts, introducer and why each matched."""
    introducers = {}
    for i in order:
        pid = int(reach.persons[i])
        if reach.degree[i] == 2:
            introducers[pid] = int(reach.via[pid])
        elif reach.degree[i] == 3:
            introducers[pid] = int(snap.via[int(reach.through[i])])
    ids = [int(reach.persons[i]) for i in order]
    middle = [int(t) for t in reach.through[order] if t >= 0]
    who = names(store, ids + list(introducers.values()) + middle)
    shown = _shown(store, query, ids)
    people: list[Found] = []
    for i in order:
        pid, via = int(reach.persons[i]), int(reach.through[i])
        intro = introducers.get(pid)
        if snap.stale and not all(p in who for p in (pid, intro, via) if p is not None and p >= 0):
            continue  # gone since the snapshot was made (merged away, forgotten)
        facts, hit = shown.get(pid, (dict.fromkeys(FACTS), None))
        people.append(
            {
                "person_id": pid,
                "name": who.get(pid),
                "degree": int(reach.degree[i]),
                "score": round(float(reach.score[i]), 4),
                "introducer": {"person_id": intro, "name": who.get(intro)} if intro else None,
                "through": {"person_id": via, "name": who.get(via)} if via >= 0 else None,
                **facts,  # type: ignore[typeddict-item]
                "match": "whole" if reach.band[i] == 0 else "partial",
                "quality": hit.quality if hit else None,
                "why": _why(hit),
            }
        )
    return people


def _why(hit: Hit | None) -> list[MatchReason]:
    if hit is None:
        return []
    return [
        {"query": r.query, "kind": str(r.kind), "matched": r.matched, "field": r.field,
         "term": r.term}
        for r in hit.reasons
    ]  # fmt: skip


def _shown(
    store: Store, query: SearchQuery, ids: list[int]
) -> dict[int, tuple[dict[str, Any], Hit | None]]:
    """Per person shown: the facts to show (the most recent account's, field by field)
    and how their best matching account matched (whole before partial, then quality).

    :meth:`SearchQuery.explain` agrees with the FTS5 expressions account by account
    (``tests/test_words_query.py``), so every account of the person is explained and the
    best kept: no list of the matching accounts is carried from the query.
    """
    out: dict[int, tuple[dict[str, Any], Hit | None]] = {}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    rows = _db(store).execute(
        f"select person_id, {', '.join(INDEXED_FACTS)} from accounts "
        f"where person_id in ({marks}) order by last_seen",
        ids,
    )
    for person_id, *values in rows:
        fields = dict(zip(INDEXED_FACTS, values, strict=True))
        facts, best = out.get(int(person_id), (dict.fromkeys(FACTS), None))
        facts.update({k: fields[k] for k in FACTS if fields[k]})
        if best is None or not _perfect(best):  # nothing beats a perfect hit: not read again
            hit = query.explain(fields)
            if hit is not None and (best is None or _better(hit, best)):
                best = hit
        out[int(person_id)] = (facts, best)
    return out


def _better(a: Hit, b: Hit) -> bool:
    return (a.band == Band.WHOLE, a.quality) > (b.band == Band.WHOLE, b.quality)


def _perfect(hit: Hit) -> bool:
    """Every word matched as itself: no other account of the person can match better."""
    return hit.band == Band.WHOLE and hit.quality >= BEST_QUALITY
