"""Planning merges on exact evidence, in bulk: a union-find that respects "not the same".

The merges are written by the one merge, :func:`.persons.merge_persons`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from metanet.identity.evidence import DIFFERENT, SUGGEST, Holder, describe_key, fit
from metanet.identity.facts import chunks
from metanet.identity.persons import Merge, merge_persons
from metanet.identity.report import ResolveReport
from metanet.identity.scoring import AccountFacts, Scored
from metanet.identity.suggestions import Candidate, save_suggestions
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


def apply_merges(store: Store, plan: Plan) -> dict[int, int]:
    """Write the merges planned on exact evidence through the one merge
    (:func:`.persons.merge_persons`); returns where each merged-away person went."""
    merges = plan.merges.items()
    done = merge_persons(store, [Merge(root, other, why) for (other, root), why in merges])
    moved_to = {merged.other: merged.keep for merged in done}
    for candidate in plan.suggestions:  # their persons as they are now
        for facts in (candidate.a, candidate.b):
            facts.person_id = moved_to.get(facts.person_id, facts.person_id)
    return moved_to


def save_evidence(store: Store, plan: Plan) -> int:
    """Save the pairs exact evidence suggests (after :func:`apply_merges`, and after the
    suggestions by name: for a pair both found, the evidence is the reason kept)."""
    return save_suggestions(store, (c for c in plan.suggestions if c.a.person_id != c.b.person_id))


EVIDENCE_SCORE = 0.9  # a suggestion on exact evidence ranks above every guess by name


@dataclass
class Plan:
    """What exact evidence says: persons to merge (``(other, kept root) → the evidence``)
    and pairs to suggest, each with the evidence and how the names differ."""

    merges: dict[tuple[int, int], str] = field(default_factory=dict)
    suggestions: list[Candidate] = field(default_factory=list)


def plan_merges(
    edges: Iterable[tuple[AccountFacts, AccountFacts, str]],
    rejected: set[tuple[int, int]],
    report: ResolveReport,
) -> Plan:
    """Which persons to merge and which pairs to suggest, from accounts sharing a key.

    Each pair of a key's holders is judged on its own (:func:`.evidence.fit`): pairs that
    fit are merged, pairs whose names differ are suggested with the evidence as the reason,
    and clearly different people (a family's address or landline) get nothing from it
    (counted in ``report.conflicts``, as a key too many accounts hold). Judging pairs, not
    the whole set of holders, makes the outcome the same whatever order the accounts came
    in: a holder imported later cannot change what two earlier ones were. A union across a
    "not the same" decision is refused."""
    by_key: dict[str, dict[int, AccountFacts]] = defaultdict(dict)
    for facts, other, key in edges:
        by_key[key][facts.id] = facts
        by_key[key][other.id] = other
    persons = Persons(rejected)
    plan = Plan()
    reasons: dict[tuple[int, int], str] = {}
    for key, holders in sorted(by_key.items()):
        if len(holders) > MAX_HOLDERS:
            report.conflicts += 1
            continue
        ordered = sorted(holders.values(), key=lambda f: f.id)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                verdict, why = fit(key, Holder(a.name, a.raw_name), Holder(b.name, b.raw_name))
                if verdict == DIFFERENT:  # a family's address: no evidence between them
                    report.conflicts += 1
                elif verdict == SUGGEST:
                    plan.suggestions.append(
                        Candidate(a, b, Scored(EVIDENCE_SCORE, [describe_key(key), *why]))
                    )
                elif persons.union(p := persons.find(a.person_id), q := persons.find(b.person_id)):
                    reasons[(max(p, q), min(p, q))] = encode([describe_key(key)])
                    report.merged_pairs.append((a.id, b.id))
    plan.merges = {(other, persons.find(keep)): why for (other, keep), why in reasons.items()}
    return plan


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
