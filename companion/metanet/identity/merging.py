"""Merging persons on exact evidence, in bulk: a union-find that respects "not the same",
and one batch of statements that writes what :func:`decisions.merge` writes one by one
(the decision, the undo data, accounts and relations moved, the other person removed).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from metanet.identity.evidence import describe_key, shared_by_several
from metanet.identity.facts import chunks
from metanet.identity.report import ResolveReport
from metanet.identity.scoring import AccountFacts
from metanet.reasons import encode
from metanet.store import Store, now

MAX_HOLDERS = 20  # accounts sharing one e-mail, phone or linked profile: beyond, it is shared
EXACT_EVIDENCE = encode([{"code": "exact_evidence"}])


class Persons:
    """Union-find over person ids that refuses unions across a "different" decision."""

    def __init__(self, rejected: Iterable[tuple[int, int]]) -> None:
        self.parent: dict[int, int] = {}
        self.rejects: dict[int, set[int]] = defaultdict(set)
        for p, q in rejected:
            self.rejects[p].add(q)
            self.rejects[q].add(p)
        # per root: the persons in its component that have rejections
        self.with_rejects: dict[int, set[int]] = {p: {p} for p in self.rejects}

    def find(self, p: int) -> int:
        root = p
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while p != root:
            self.parent[p], p = root, self.parent.get(p, p)
        return root

    def union(self, p: int, q: int) -> bool:
        rp, rq = self.find(p), self.find(q)
        if rp == rq:
            return False
        mine, theirs = self.with_rejects.get(rp, set()), self.with_rejects.get(rq, set())
        for person in mine:
            if any(self.find(other) == rq for other in self.rejects[person]):
                return False
        keep, other = min(rp, rq), max(rp, rq)
        self.parent[other] = keep
        if mine or theirs:
            self.with_rejects[keep] = mine | theirs
            self.with_rejects.pop(other, None)
        return True


def apply_merges(store: Store, merges: dict[tuple[int, int], str]) -> dict[int, int]:
    """Write merges (``(other, root) → reason``) as :func:`decisions.merge` would, in a few
    bulk statements; returns where each merged-away person went.

    Only the persons involved are read, so this serves one capture as well as a million
    accounts. *me* is always the person kept.
    """
    if not merges:
        return {}
    me = store.me()
    me_id = int(me["id"]) if me else None
    groups: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for (other, root), why in merges.items():
        groups[root].append((other, why))
    involved = sorted({p for pair in merges for p in pair})
    by_person: dict[int, list[int]] = defaultdict(list)
    people: dict[int, Any] = {}
    relations: dict[int, list[int]] = defaultdict(list)
    for part in chunks(involved):
        marks = ",".join("?" * len(part))
        for account_id, person_id in store.db.execute(
            f"select id, person_id from accounts where person_id in ({marks})", part
        ):
            by_person[person_id].append(account_id)
        for row in store.db.execute(
            f"select id, name, note, is_me from persons where id in ({marks})", part
        ):
            people[row[0]] = row
        for rid, a, b in store.db.execute(
            "select id, a_person_id, b_person_id from relations "
            f"where a_person_id in ({marks}) or b_person_id in ({marks})",
            part + part,
        ):
            relations[a].append(rid)
            relations[b].append(rid)
    next_id = int(
        store.db.execute("select coalesce(max(id), 0) from merge_decisions").fetchone()[0]
    )
    stamp = now()
    moves, decisions, undo = [], [], []
    for root, others in groups.items():
        members = [root] + [o for o, _ in others]
        keep = me_id if me_id in members else root
        why_of = dict(others)
        for other in members:
            if other == keep:
                continue
            reason = why_of.get(other) or why_of.get(keep, EXACT_EVIDENCE)
            next_id += 1
            moves.append((keep, other))
            decisions.append(
                (
                    next_id,
                    min(by_person[keep]),
                    min(by_person[other]),
                    "same",
                    "auto",
                    1.0,
                    reason,
                    stamp,
                )
            )
            person = people[other]
            undo.append(
                (
                    next_id,
                    person[1],
                    person[2],
                    person[3],
                    json.dumps(sorted(by_person[other])),
                    json.dumps(relations[other]),
                )
            )
    conn = store.db.conn
    conn.executemany("update accounts set person_id = ? where person_id = ?", moves)
    for column in ("a_person_id", "b_person_id"):
        conn.executemany(f"update or ignore relations set {column} = ? where {column} = ?", moves)
    conn.executemany("delete from relations where a_person_id = ?2 or b_person_id = ?2", moves)
    conn.execute("delete from relations where a_person_id = b_person_id")
    conn.executemany(
        "insert into merge_decisions (id, a_account_id, b_account_id, decision, source, score, "
        "reason, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        decisions,
    )
    conn.executemany(
        "insert into merge_undo (decision_id, person_name, person_note, is_me, account_ids, "
        "relation_ids) values (?, ?, ?, ?, ?, ?)",
        undo,
    )
    conn.executemany("delete from persons where id = ?", [(other,) for _, other in moves])
    keeps = sorted({keep for keep, _ in moves})
    conn.executemany(
        "update persons set updated_at = ?2, name = coalesce((select name from accounts "
        "where person_id = ?1 and name is not null order by last_seen desc limit 1), name) "
        "where id = ?1",
        [(keep, stamp) for keep in keeps],
    )
    # Suggestions inside one person are settled. ``+status`` keeps SQLite off the status
    # index, which would scan every open suggestion, and on the account indexes.
    conn.executemany(
        "update identity_suggestions set status = 'merged', updated_at = ?2 where +status = 'open' "
        "and a_account_id in (select id from accounts where person_id = ?1) "
        "and b_account_id in (select id from accounts where person_id = ?1)",
        [(keep, stamp) for keep in keeps],
    )
    return {other: keep for keep, other in moves}


def plan_merges(
    edges: Iterable[tuple[AccountFacts, AccountFacts, str]],
    rejected: set[tuple[int, int]],
    report: ResolveReport,
) -> dict[tuple[int, int], str]:
    """Which persons to merge, from account pairs that share an exact key.

    Returns ``(other person, kept root) → the evidence in words``. A key whose holders are
    clearly different people (:func:`shared_by_several`), or that too many accounts hold,
    proves nothing and is held back (counted in ``report.conflicts``); a union across a
    "not the same" decision is refused.
    """
    by_key: dict[str, dict[int, AccountFacts]] = defaultdict(dict)
    for facts, other, key in edges:
        by_key[key][facts.id] = facts
        by_key[key][other.id] = other
    persons = Persons(rejected)
    reasons: dict[tuple[int, int], str] = {}
    for key, holders in sorted(by_key.items()):
        if len(holders) > MAX_HOLDERS or shared_by_several(key, [h.name for h in holders.values()]):
            report.conflicts += 1
            continue
        first, *rest = holders.values()
        for other in rest:
            p, q = persons.find(first.person_id), persons.find(other.person_id)
            if persons.union(p, q):
                reasons[(max(p, q), min(p, q))] = encode([describe_key(key)])
                report.merged_pairs.append((first.id, other.id))
    return {(other, persons.find(keep)): why for (other, keep), why in reasons.items()}


def rejections(store: Store, persons: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """Person pairs the user called different (all, or those touching ``persons``)."""
    sql = (
        "select a.person_id, b.person_id from merge_decisions d "
        "join accounts a on a.id = d.a_account_id join accounts b on b.id = d.b_account_id "
        "where d.decision = 'different' and d.undone_at is null"
    )
    if persons is None:
        rows = list(store.db.execute(sql))
    else:
        rows = []
        for part in chunks(sorted(set(persons))):
            marks = ",".join("?" * len(part))
            rows += store.db.execute(
                f"{sql} and (a.person_id in ({marks}) or b.person_id in ({marks}))", part + part
            ).fetchall()
    return {(min(p, q), max(p, q)) for p, q in rows}
