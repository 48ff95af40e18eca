"""Planning merges on exact evidence, in bulk: a union-find that respects "not the same".

The merges are written by the one merge, :func:`.persons.merge_persons`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from metanet.identity.evidence import describe_key, shared_by_several
from metanet.identity.facts import chunks
from metanet.identity.persons import Merge, merge_persons
from metanet.identity.report import ResolveReport
from metanet.identity.scoring import AccountFacts
from metanet.reasons import encode
from metanet.store import Store

MAX_HOLDERS = 20  # accounts sharing one e-mail, phone or linked profile: beyond, it is shared


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
    """Write merges planned on exact evidence (``(other, root) → reason``) through the one
    merge (:func:`.persons.merge_persons`); returns where each merged-away person went."""
    done = merge_persons(store, [Merge(root, other, why) for (other, root), why in merges.items()])
    return {merged.other: merged.keep for merged in done}


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
        rows = list(store.sql("identity").execute(sql))
    else:
        rows = []
        for part in chunks(sorted(set(persons))):
            marks = ",".join("?" * len(part))
            rows += (
                store.sql("identity")
                .execute(
                    f"{sql} and (a.person_id in ({marks}) or b.person_id in ({marks}))", part + part
                )
                .fetchall()
            )
    return {(min(p, q), max(p, q)) for p, q in rows}
