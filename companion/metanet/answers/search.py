"""Search: people within 1-3 hops who match words (company, role, city, free text).

SQLite's FTS5 index over accounts finds the matches; the snapshot says how far each is
from the user and who the best introducer among the user's direct contacts is (the one
with the strongest two-hop path). Closer first, then stronger introduction.

Every match is read, every time, so the total is exact and no query pays for a cache
filled after a change: the matching account ids leave SQLite as one comma-separated text
(``group_concat``) that numpy parses. Reading 200,000 ids row by row costs ~0.25 µs
each in Python (50-100 ms for a word one person in eight shares); the text costs a
tenth of that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from metanet.answers.service import names
from metanet.answers.shapes import SearchAnswer
from metanet.answers.snapshot import Snapshot
from metanet.errors import InvalidInput
from metanet.store import Store

MAX_RESULTS = 50
FACTS = ("headline", "company", "role", "location")


def _db(store: Store) -> Any:
    return store.sql("answers")  # answers read the accounts' full-text index themselves


class BadQuery(InvalidInput):
    """The search text has no words to look for."""


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word must match, each quoted so that FTS5
    syntax in the text (AND, quotes, colons) is searched for, not executed."""
    words = [w for w in re.split(r"[\s,;]+", text) if w.strip("\"'*()")]
    if not words:
        raise BadQuery("search for at least one word, e.g. 'Geschäftsführer München'")
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def matching_persons(store: Store, snap: Snapshot, text: str) -> np.ndarray:
    """Persons (sorted) with an account matching the words; the snapshot maps accounts
    to persons (a join per match in SQLite costs three times as much)."""
    found = (
        _db(store)
        .execute(
            "select group_concat(rowid) from accounts_fts where accounts_fts match ?",
            [fts_query(text)],
        )
        .fetchone()[0]
    )
    if not found:
        return np.zeros(0, dtype=np.int64)
    accounts = np.fromstring(found, dtype=np.int64, sep=",")
    accounts = accounts[(accounts >= 0) & (accounts < len(snap.account_person))]
    persons = snap.account_person[accounts]
    hit = np.zeros(snap.size, dtype=bool)
    hit[persons[(persons >= 0) & (persons < snap.size)]] = True
    return np.flatnonzero(hit)


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


def _first(degree: np.ndarray, score: np.ndarray, persons: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the ``limit`` best: closest first, then strongest, then lowest id."""
    if len(persons) > limit:
        key = degree * 4.0 - score  # degrees never overlap: the score lies in (0, 1]
        edge = np.partition(key, limit - 1)[limit - 1]
        head = np.flatnonzero(key <= edge)
    else:
        head = np.arange(len(persons))
    return head[np.lexsort((persons[head], -score[head], degree[head]))][:limit]


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
    hops: int = 2,
    limit: int = MAX_RESULTS,
    circles: Sequence[int] = (),
) -> SearchAnswer:
    """Matches within ``hops`` (1-3) of the user, closest and best introduced first;
    with ``circles``, only their members, near through ties and circles alike."""
    hops = max(1, min(3, hops))
    if snap.me is None:
        return {"query": text, "hops": hops, "total": 0, "people": [], "reason": "no_me"}
    persons = matching_persons(store, snap, text)
    if circles:
        persons = np.intersect1d(persons, snap.circles.members(circles))
    degree, score, via = _near(snap, persons, circles=bool(circles))
    through = np.full(len(persons), -1, dtype=np.int64)
    if hops >= 3:
        far = np.flatnonzero(degree == 0)
        best, mid = third_degree(snap, persons[far])
        reached = far[mid >= 0]
        degree[reached], score[reached], through[reached] = 3, best[mid >= 0], mid[mid >= 0]
    keep = (degree >= 1) & (degree <= hops)
    persons, degree, score, through = persons[keep], degree[keep], score[keep], through[keep]
    order = _first(degree, score, persons, limit)
    introducers = {}
    for i in order:
        pid = int(persons[i])
        if degree[i] == 2:
            introducers[pid] = int(via[pid])
        elif degree[i] == 3:
            introducers[pid] = int(snap.via[int(through[i])])
    ids = [int(persons[i]) for i in order]
    who = names(
        store, ids + list(introducers.values()) + [int(t) for t in through[order] if t >= 0]
    )
    facts = _facts(store, ids)
    people: list[Any] = []  # of shapes.Found
    for i in order:
        pid, via = int(persons[i]), int(through[i])
        intro = introducers.get(pid)
        if snap.stale and not all(p in who for p in (pid, intro, via) if p is not None and p >= 0):
            continue  # gone since the snapshot was made (merged away, forgotten)
        people.append(
            {
                "person_id": pid,
                "name": who.get(pid),
                "degree": int(degree[i]),
                "score": round(float(score[i]), 4),
                "introducer": {"person_id": intro, "name": who.get(intro)} if intro else None,
                "through": {"person_id": via, "name": who.get(via)} if via >= 0 else None,
                **facts.get(pid, {}),
            }
        )
    answer: SearchAnswer = {
        "query": text,
        "hops": hops,
        "total": len(persons),
        "total_exact": True,
        "people": people,
    }
    if snap.stale:
        answer["stale"] = True
    return answer


def _facts(store: Store, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Headline, company, role and location per person: the most recent account's."""
    out: dict[int, dict[str, Any]] = {}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    rows = _db(store).execute(
        f"select person_id, {', '.join(FACTS)} from accounts where person_id in ({marks}) "
        "order by last_seen",
        ids,
    )
    for row in rows:
        current = out.setdefault(int(row[0]), dict.fromkeys(FACTS))
        for name, value in zip(FACTS, row[1:], strict=True):
            if value:
                current[name] = value
    return out
