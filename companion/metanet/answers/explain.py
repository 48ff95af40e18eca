"""Why a tie is there and why it is strong: the reasons behind every hop of a path.

Reasons and ``via`` are codes and data (``{"network": "offline", "label": "neighbour"}``,
``{"network": "circle", "label": "Golfclub Starnberg"}`` for a hop through a circle); the
CLI and the summary page put them into words (``metanet.i18n.texts``).

Read from SQLite for the few ties an answer shows (a path has at most four), so the
snapshot can stay numbers only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from metanet.answers import shapes, strength
from metanet.answers.paths import Route
from metanet.answers.service import names
from metanet.answers.shapes import CIRCLE, PathsAnswer
from metanet.answers.snapshot import Snapshot
from metanet.store import Store


def _account_ids(store: Store, person: int) -> list[int]:
    return [
        int(r[0])
        for r in store.sql("answers").execute(
            "select id from accounts where person_id = ?", [person]
        )
    ]


def tie_evidence(store: Store, a: int, b: int) -> list[dict[str, Any]]:
    """The network ties between two persons' accounts, each with what recorded it."""
    mine, theirs = _account_ids(store, a), _account_ids(store, b)
    if not mine or not theirs:
        return []
    ma, mb = ",".join("?" * len(mine)), ",".join("?" * len(theirs))
    sql = (
        "select t.id, t.network, t.kind, t.directed, t.first_seen, t.last_seen, "
        "(select count(*) from tie_evidence e where e.tie_id = t.id), "
        "(select max(capture_id) from tie_evidence e where e.tie_id = t.id), "
        "(select max(import_id) from tie_evidence e where e.tie_id = t.id) from ties t "
        f"where (t.src_account_id in ({ma}) and t.dst_account_id in ({mb})) "
        f"or (t.src_account_id in ({mb}) and t.dst_account_id in ({ma})) order by t.network, t.id"
    )
    rows = store.sql("answers").execute(sql, [*mine, *theirs, *theirs, *mine]).fetchall()
    return [
        {
            "tie_id": r[0],
            "network": r[1],
            "kind": r[2],
            "directed": bool(r[3]),
            "first_seen": r[4],
            "last_seen": r[5],
            "evidence": r[6],
            "last_capture_id": r[7],
            "last_import_id": r[8],
        }
        for r in rows
    ]


def ties_around(store: Store, person: int, others: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The network ties between ``person`` and each of ``others`` with their evidence
    count and latest sighting, in one query (an ego graph's edges; :func:`tie_evidence`
    asks for one pair). It starts from the few others' accounts (``cross join`` keeps
    SQLite to that order), not from the ties of a hub, which may be thousands."""
    if not others:
        return {}
    marks = ",".join("?" * len(others))
    mine = "(select id from accounts where person_id = ?)"
    count = "(select count(*) from tie_evidence e where e.tie_id = t.id)"
    sql = (
        f"select o.person_id, t.network, t.kind, t.last_seen, {count} from accounts o "
        f"cross join ties t on t.dst_account_id = o.id and t.src_account_id in {mine} "
        f"where o.person_id in ({marks}) union all "
        f"select o.person_id, t.network, t.kind, t.last_seen, {count} from accounts o "
        f"cross join ties t on t.src_account_id = o.id and t.dst_account_id in {mine} "
        f"where o.person_id in ({marks}) order by 1, 2"
    )
    found: dict[int, list[dict[str, Any]]] = {}
    rows = store.sql("answers").execute(sql, [person, *others, person, *others])
    for other, network, kind, last_seen, evidence in rows:
        found.setdefault(int(other), []).append(
            {"network": network, "kind": kind, "last_seen": last_seen, "evidence": evidence}
        )
    return found


def explain_tie(store: Store, snap: Snapshot, a: int, b: int) -> dict[str, Any]:
    """Strength, reasons, networks, offline relations and evidence of the tie a-b.

    Remembered until the rows of a or b change (:meth:`Snapshot.recall`)."""
    key = ("explain", min(a, b), max(a, b))
    found = snap.recall(key)
    if found is None:
        found = _explain_tie(store, snap, a, b)
        snap.remember(key, found)
    return dict(found)


def _explain_tie(store: Store, snap: Snapshot, a: int, b: int) -> dict[str, Any]:
    lo, hi = min(a, b), max(a, b)
    ties = tie_evidence(store, a, b)
    _, mask = snap.tie(a, b)
    live = set(snap.network_names(mask))
    counted = [t for t in ties if t["network"] in live]  # one-way follows do not count
    relations = [
        {"label": r[0], "strength": r[1], "note": r[2]}
        for r in store.sql("answers").execute(
            "select label, strength, note from relations where a_person_id = ? and "
            "b_person_id = ? order by label",
            [lo, hi],
        )
    ]
    cutoff = (datetime.now(UTC) - timedelta(days=strength.RECENT_DAYS)).isoformat()
    shared = snap.shared_count(a, b)
    why = strength.explain(
        network_kinds=[(t["network"], t["kind"]) for t in counted],
        relations=[(r["label"], r["strength"]) for r in relations],
        recent=any((t["last_seen"] or "") >= cutoff for t in counted),
        shared=shared,
        rating=snap.ratings.get((lo, hi)),
        introduced=snap.introduced.get((lo, hi), 0),
        interaction=_interaction(store, snap, a, b),
    )
    via = [{"network": n} for n in sorted({t["network"] for t in counted})] + [
        {"network": "offline", "label": r["label"]} for r in relations
    ]
    circles = circles_between(store, snap, a, b)
    if circles:
        via += [{"network": CIRCLE, "label": c["name"]} for c in circles]
        why.reasons += [circle_reason(c) for c in circles]
        if not why.rated and circles[0]["strength"] > snap.tie(a, b)[0]:
            # the hop is as strong as its strongest reason (answers/circle_graph.py)
            parts = [circles[0]["strength"], strength.overlap_bonus(shared)]
            why.strength = strength.noisy_or(parts)
    return {
        "via": via, **why.as_dict(), "ties": counted, "relations": relations, "circles": circles,
    }  # fmt: skip


def circles_between(store: Store, snap: Snapshot, a: int, b: int) -> list[dict[str, Any]]:
    """The circles both are in that connect them, strongest first: each with its name,
    kind, members, strength and the years both were there."""
    found = []
    for shared in snap.circles.shared(a, b):
        row = store.circle(shared.circle)
        found.append(
            {
                "circle_id": shared.circle,
                "name": row["name"],
                "kind": row["kind"],
                "inferred": row["origin"] == "inferred",
                "members": snap.circles.size(shared.circle),
                "rating": row["rating"],
                "strength": round(shared.strength, 4),
                "years": shared.years if shared.years > 0 else None,
                "from": shared.first if shared.years > 0 else None,
                "to": shared.last if shared.years > 0 else None,
            }
        )
    return found


def circle_reason(circle: dict[str, Any]) -> dict[str, Any]:
    """The reason code a shared circle gives a hop (``metanet.i18n.texts`` says it)."""
    keys = ("circle_id", "name", "kind", "inferred", "members", "rating", "from", "to")
    return {"code": "circle", **{k: circle[k] for k in keys}}


def _interaction(
    store: Store, snap: Snapshot, a: int, b: int
) -> tuple[float, list[dict[str, Any]]] | None:
    """The bonus the snapshot gave the user's tie to the other one, and its reasons."""
    bonus = snap.interacted.get((min(a, b), max(a, b)))
    if not bonus or snap.me not in (a, b):
        return None
    from metanet.answers import interactions

    other = b if a == snap.me else a
    return bonus, interactions.reasons(interactions.summary(store, other))


def describe_route(store: Store, snap: Snapshot, route: Route) -> shapes.Route:
    """A route as answers show it: score, and per hop who, how (``via``) and why."""
    who = names(store, route.nodes)
    hops: list[dict[str, Any]] = [
        {"person_id": route.nodes[0], "name": who.get(route.nodes[0]), "via": []}
    ]
    for a, b in pairwise(route.nodes):
        hop = explain_tie(store, snap, a, b)
        hops.append({"person_id": b, "name": who.get(b), **hop})
    return {"score": round(route.score, 4), "length": len(route.nodes) - 1, "hops": hops}


def paths_answer(
    store: Store, snap: Snapshot, target: int, *, k: int = 3, max_hops: int = 4
) -> PathsAnswer:
    """The ``paths`` answer: the k best routes, or why there are none (``reason``: no_me,
    is_me, unreachable within ``max_hops``)."""
    from metanet.answers.paths import best_routes

    found = best_routes(snap, target, k=k, max_hops=max_hops)
    chosen = found.routes
    if snap.stale:  # nobody who is gone since the snapshot was made (merged, forgotten)
        alive = names(store, sorted({n for r in chosen for n in r.nodes}))
        chosen = [r for r in chosen if all(n in alive for n in r.nodes)]
    routes = [describe_route(store, snap, r) for r in chosen]
    answer: PathsAnswer = {
        "target": target,
        "paths": routes,
        "max_hops": max_hops,
        "bounded": found.bounded,
        "reason": None,
    }
    if snap.stale:
        answer["stale"] = True
    if snap.me is None:
        answer["reason"] = "no_me"
    elif target == snap.me:
        answer["reason"] = "is_me"
    elif not routes:
        answer["reason"] = "unreachable"
    return answer
