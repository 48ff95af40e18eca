"""The person 360°: facts per network with their conflicts, ties with evidence, merge history.

Accounts of one person disagree more often than not (a new employer on LinkedIn, the old
one still on XING). Nothing is hidden or averaged: each distinct value is listed with the
networks that show it and when it was last seen, and fields with more than one value are
flagged as conflicts, newest first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from metanet.identity.blocking import city_key, company_key
from metanet.identity.names import fold, parse_name
from metanet.reasons import decode
from metanet.store import Store

FACT_FIELDS = ("name", "headline", "company", "role", "location")


def facts(store: Store, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """For each field, its distinct values with networks and last seen, newest first."""
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for account in store.person_accounts(person_id):
        for field in FACT_FIELDS:
            value = account.get(field)
            if not value:
                continue
            entry = found[field].setdefault(
                _same_fact(field, str(value)),
                {"value": value, "networks": [], "last_seen": account["last_seen"]},
            )
            entry["networks"].append(account["network"])
            if account["last_seen"] > entry["last_seen"]:
                entry["value"], entry["last_seen"] = value, account["last_seen"]
    return {
        field: sorted(values.values(), key=lambda v: v["last_seen"], reverse=True)
        for field, values in found.items()
    }


def _same_fact(field: str, value: str) -> str:
    """Values that say the same ("Siemens AG" / "Siemens", "München" / "Munich") share a key."""
    if field == "company":
        return company_key(value) or fold(value)
    if field == "location":
        return city_key(value) or fold(value)
    if field == "name":
        name = parse_name(value)
        return name.display() if name else fold(value)
    return " ".join(fold(value).split())


def ties_with_evidence(store: Store, person_id: int) -> list[dict[str, Any]]:
    """Every network tie of the person, with how many captures/imports said so and when.

    The person's account ids come first, so each half of the query walks an index
    (ties by source, ties by destination) instead of every tie in the database.
    """
    accounts = [int(a["id"]) for a in store.person_accounts(person_id)]
    if not accounts:
        return []
    marks = ",".join("?" * len(accounts))
    rows = store.sql("identity").query(
        "select t.id, t.network, t.kind, t.first_seen, t.last_seen, o.person_id as other, "
        "count(e.id) as evidence, group_concat(distinct e.capture_id) as captures, "
        "group_concat(distinct e.import_id) as imports from ("
        f"select id, dst_account_id as other_account from ties where src_account_id in ({marks}) "
        f"union select id, src_account_id from ties where dst_account_id in ({marks})"
        ") mine join ties t on t.id = mine.id join accounts o on o.id = mine.other_account "
        "left join tie_evidence e on e.tie_id = t.id where o.person_id != ? "
        "group by t.id order by t.last_seen desc",
        [*accounts, *accounts, person_id],
    )
    ties = [dict(row) for row in rows]
    names = store.person_names(int(t["other"]) for t in ties)
    return [
        {
            "person_id": t["other"],
            "name": names.get(int(t["other"])),
            "network": t["network"],
            "kind": t["kind"],
            "first_seen": t["first_seen"],
            "last_seen": t["last_seen"],
            "evidence": t["evidence"],
            "captures": _ids(t["captures"]),
            "imports": _ids(t["imports"]),
        }
        for t in ties
    ]


def _ids(text: str | None) -> list[int]:
    return [int(x) for x in text.split(",")] if text else []


def merge_history(store: Store, person_id: int) -> list[dict[str, Any]]:
    """Every decision about this person's accounts, newest first, with undo state and
    ``reasons`` (codes, :mod:`metanet.reasons`)."""
    rows = store.sql("identity").query(
        "select d.id, d.decision, d.source, d.score, d.reason, d.created_at, d.undone_at, "
        "a.network as a_network, a.name as a_name, a.person_id as a_person, "
        "b.network as b_network, b.name as b_name, b.person_id as b_person "
        "from merge_decisions d join accounts a on a.id = d.a_account_id "
        "join accounts b on b.id = d.b_account_id "
        "where a.person_id = :p or b.person_id = :p order by d.id desc",
        {"p": person_id},
    )
    history = [dict(row) for row in rows]
    for row in history:
        row["reasons"] = decode(row.pop("reason"))
    return history


def conflicts(by_field: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The fields of :func:`facts` with more than one value, sorted."""
    return sorted(f for f, values in by_field.items() if len(values) > 1)


def person_360(store: Store, person_id: int) -> dict[str, Any]:
    """What ``metanet person`` adds to the summary: facts, conflicts, ties, merge history."""
    by_field = facts(store, person_id)
    return {
        "facts": by_field,
        "conflicts": conflicts(by_field),
        "ties": ties_with_evidence(store, person_id),
        "merge_history": merge_history(store, person_id),
    }
