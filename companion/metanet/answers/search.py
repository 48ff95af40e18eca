"""Search: people within 1-3 hops who match words (company, role, city, free text).

SQLite's FTS5 index over accounts finds the matches; the snapshot says how far each is
from the user and who the best introducer among the user's direct contacts is (the one
with the strongest two-hop path). Closer first, then stronger introduction.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from metanet.answers.service import names
from metanet.answers.shapes import SearchAnswer
from metanet.answers.snapshot import Snapshot, _ints
from metanet.errors import InvalidInput
from metanet.store import Store

MAX_RESULTS = 50
#: above this many matching accounts, look among the closest people first
FULL_FETCH_LIMIT = 20_000
#: second-degree people in that closest set, strongest introduction first
NEAR_PERSONS = 50_000
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


def matching_persons(store: Store, snap: Snapshot, text: str, *, near: bool = False) -> np.ndarray:
    """Persons with an account matching the words. Only account ids come out of SQLite
    (a join per match costs three times as much); the snapshot maps them to persons.

    ``near`` keeps only accounts of the people closest to the user (see
    :func:`_near_table`); the filter runs inside SQLite (``+rowid`` makes it a filter on
    the full-text scan, not one full-text look-up per account).
    """
    sql = "select rowid from accounts_fts where accounts_fts match ?"
    if near:
        sql += " and +rowid in (select account_id from temp.answers_near)"
    accounts = _ints(_db(store).execute(sql, [fts_query(text)]), 1)[:, 0]
    accounts = accounts[accounts < len(snap.account_person)]
    persons = snap.account_person[accounts]
    return np.unique(persons[persons >= 0])


def _third_degree(snap: Snapshot, person: int) -> tuple[float, int]:
    """Best path score to a third-degree person and the second-degree person it runs
    through; (0, -1) when the person is not within three hops."""
    ids, w, _ = snap.row(person)
    if not len(ids):
        return 0.0, -1
    scores = snap.f2[ids] * w * (snap.degree_of[ids] == 2)
    best = int(np.argmax(scores))
    return float(scores[best]), (int(ids[best]) if scores[best] > 0 else -1)


def search(
    store: Store, snap: Snapshot, text: str, *, hops: int = 2, limit: int = MAX_RESULTS
) -> SearchAnswer:
    """Matches within ``hops`` (1-3) of the user, closest and best introduced first."""
    hops = max(1, min(3, hops))
    if snap.me is None:
        return {"query": text, "hops": hops, "total": 0, "people": [], "reason": "no_me"}
    matched_accounts = int(
        _db(store)
        .execute("select count(*) from accounts_fts where accounts_fts match ?", [fts_query(text)])
        .fetchone()[0]
    )
    exact = True
    persons = np.zeros(0, dtype=np.int64)
    if matched_accounts > FULL_FETCH_LIMIT and _near_table(store, snap):
        # A common word: reading every match costs ~0.25 us each in Python. The closest
        # people come first in the answer, so look among them; if they hold enough
        # matches, nobody further away could rank higher.
        persons = matching_persons(store, snap, text, near=True)
        close = snap.degree_of[persons[persons < snap.size]]
        exact = False
        if int(((close >= 1) & (close <= hops)).sum()) < limit:
            persons, exact = np.zeros(0, dtype=np.int64), True
    if exact:
        persons = matching_persons(store, snap, text)
    persons = persons[persons < snap.size]
    degree = snap.degree_of[persons].astype(np.int64)
    score = np.where(degree == 1, snap.f1[persons], snap.f2[persons])
    through = np.full(len(persons), -1, dtype=np.int64)
    if hops >= 3:
        for i in np.flatnonzero(degree == 0):
            best, mid = _third_degree(snap, int(persons[i]))
            if mid >= 0:
                degree[i], score[i], through[i] = 3, best, mid
    keep = (degree >= 1) & (degree <= hops)
    persons, degree, score, through = persons[keep], degree[keep], score[keep], through[keep]
    order = np.lexsort((persons, -score, degree))[:limit]
    ids = [int(persons[i]) for i in order]
    introducers = {}
    for i in order:
        pid = int(persons[i])
        if degree[i] == 2:
            introducers[pid] = int(snap.via[pid])
        elif degree[i] == 3:
            introducers[pid] = int(snap.via[int(through[i])])
    who = names(
        store, ids + list(introducers.values()) + [int(t) for t in through[order] if t >= 0]
    )
    facts = _facts(store, ids)
    people: list[Any] = []  # of shapes.Found
    for i in order:
        pid = int(persons[i])
        intro = introducers.get(pid)
        mid = int(through[i])
        people.append(
            {
                "person_id": pid,
                "name": who.get(pid),
                "degree": int(degree[i]),
                "score": round(float(score[i]), 4),
                "introducer": {"person_id": intro, "name": who.get(intro)} if intro else None,
                "through": {"person_id": mid, "name": who.get(mid)} if mid >= 0 else None,
                **facts.get(pid, {}),
            }
        )
    return {
        "query": text,
        "hops": hops,
        "total": len(persons) if exact else matched_accounts,
        "total_exact": exact,
        "people": people,
    }


def _near_table(store: Store, snap: Snapshot) -> bool:
    """Fill ``temp.answers_near`` with the accounts of the user's direct contacts and of
    the strongest second-degree people, once per change of the graph.

    Only outside a transaction: the temporary table's writes are committed here, and that
    must never commit someone else's half-done write. False means "not available now".
    """
    key = ("near", snap.version, 0)
    if key in snap.memo:
        return True
    conn = _db(store)
    if conn.in_transaction:
        return False
    second = np.flatnonzero(snap.degree_of == 2)
    if len(second) > NEAR_PERSONS:
        second = second[np.argpartition(-snap.f2[second], NEAR_PERSONS - 1)[:NEAR_PERSONS]]
    chosen = np.zeros(snap.size, dtype=bool)
    chosen[np.flatnonzero(snap.degree_of == 1)] = True
    chosen[second] = True
    owners = snap.account_person
    accounts = np.flatnonzero((owners >= 0) & chosen[np.clip(owners, 0, None)])
    conn.execute("create temp table if not exists answers_near (account_id integer primary key)")
    conn.execute("delete from temp.answers_near")
    conn.executemany("insert into temp.answers_near values (?)", ((int(a),) for a in accounts))
    conn.commit()
    snap.remember(key, True)
    return True


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
