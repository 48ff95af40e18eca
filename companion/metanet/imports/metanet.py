"""Metanet's own JSON export, read back (``metanet import export.json``): the open format is a
way out *and* back in.

Pure, like every importer: bytes in, checked records out (:class:`MetanetExport`); an
entry that breaks the format is an :class:`~metanet.imports.base.EntryError` naming it.
Storing it is ``services/readback.py``: the export holds the user's own decisions (which
accounts are one person, notes, offline relations, merge decisions, circles and their
members), so it is not a list of contacts as the other formats are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from metanet.imports.base import EntryError
from metanet.model import AccountRef

NAME = "metanet"
#: what an exported account holds (``store.people.EXPORT_FIELDS``)
ACCOUNT_TEXT = ("name", "headline", "company", "role", "location", "profile_url")
SEEN = ("first_seen", "last_seen")


@dataclass
class ExportedPerson:
    id: int
    name: str | None
    is_me: bool
    note: str | None
    accounts: list[dict[str, Any]] = field(default_factory=list)  # EXPORT_FIELDS each


@dataclass
class ExportedTie:
    network: str
    src: str
    dst: str
    kind: str
    directed: bool
    first_seen: str
    last_seen: str
    dst_network: str | None = None  # older exports: the tie's network


@dataclass
class ExportedRelation:
    a: int  # exported person ids
    b: int
    label: str
    strength: float | None
    note: str | None
    created_at: str | None


@dataclass
class ExportedDecision:
    a: AccountRef
    b: AccountRef
    fields: dict[str, Any]  # decision, source, score, reason, created_at, undone_at


@dataclass
class ExportedCircle:
    fields: dict[str, Any]  # store.circles.CIRCLE_FIELDS
    keys: list[str]
    members: list[dict[str, Any]]  # network, key and store.circles.MEMBER_FIELDS


@dataclass
class MetanetExport:
    version: str
    persons: list[ExportedPerson]
    ties: list[ExportedTie]
    relations: list[ExportedRelation]
    decisions: list[ExportedDecision]
    circles: list[ExportedCircle] = field(default_factory=list)


def detect(data: bytes) -> bool:
    """Whether ``data`` looks like Metanet's JSON export (its first keys)."""
    head = data[:400].lstrip()
    return head.startswith(b"{") and b'"metanet"' in head and b'"exported_at"' in head


def _text(value: object, where: str, name: str, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise EntryError(where, f"{name} must be text")
    return value


def _int(value: object, where: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise EntryError(where, f"{name} must be a whole number")
    return value


def _list(document: dict[str, Any], name: str) -> list[Any]:
    value = document.get(name, [])
    if not isinstance(value, list):
        raise EntryError(name, "must be a list")
    return value


def _account(row: object, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise EntryError(where, "an account must be an object")
    account = {
        "network": _text(row.get("network"), where, "network", required=True),
        "key": _text(row.get("key"), where, "key", required=True),
    }
    for name in ACCOUNT_TEXT:
        account[name] = _text(row.get(name), where, name)
    for name in SEEN:
        account[name] = _text(row.get(name), where, name, required=True)
    return account


def _person(row: object, where: str) -> ExportedPerson:
    if not isinstance(row, dict) or not isinstance(row.get("accounts", []), list):
        raise EntryError(where, "a person must be an object with a list of accounts")
    return ExportedPerson(
        _int(row.get("id"), where, "id"),
        _text(row.get("name"), where, "name"),
        bool(row.get("is_me")),
        _text(row.get("note"), where, "note"),
        [_account(a, f"{where}, account {i + 1}") for i, a in enumerate(row.get("accounts", []))],
    )


def _tie(row: object, where: str) -> ExportedTie:
    if not isinstance(row, dict):
        raise EntryError(where, "a tie must be an object")
    text = [
        _text(row.get(name), where, name, required=True) or ""
        for name in ("network", "src", "dst", "kind", *SEEN)
    ]
    network, src, dst, kind, first_seen, last_seen = text
    return ExportedTie(
        network, src, dst, kind, bool(row.get("directed")), first_seen, last_seen,
        _text(row.get("dst_network"), where, "dst_network"),
    )  # fmt: skip


def _relation(row: object, where: str) -> ExportedRelation:
    if not isinstance(row, dict):
        raise EntryError(where, "a relation must be an object")
    strength = row.get("strength")
    if strength is not None and (
        isinstance(strength, bool) or not isinstance(strength, int | float)
    ):
        raise EntryError(where, "strength must be a number")
    return ExportedRelation(
        _int(row.get("a_person_id"), where, "a_person_id"),
        _int(row.get("b_person_id"), where, "b_person_id"),
        _text(row.get("label"), where, "label", required=True) or "",
        None if strength is None else float(strength),
        _text(row.get("note"), where, "note"),
        _text(row.get("created_at"), where, "created_at"),
    )


def _ref(row: object, where: str, name: str) -> AccountRef:
    if not isinstance(row, dict):
        raise EntryError(where, f"{name} must name an account (network and key)")
    return AccountRef(
        _text(row.get("network"), where, "network", required=True) or "",
        _text(row.get("key"), where, "key", required=True) or "",
    )


def _decision(row: object, where: str) -> ExportedDecision:
    if not isinstance(row, dict):
        raise EntryError(where, "a decision must be an object")
    if row.get("decision") not in ("same", "different"):
        raise EntryError(where, "decision must be 'same' or 'different'")
    score = row.get("score")
    fields = {
        "decision": row["decision"],
        "source": _text(row.get("source"), where, "source", required=True),
        "score": float(score) if isinstance(score, int | float) else None,
        "reason": _text(row.get("reason"), where, "reason"),
        "created_at": _text(row.get("created_at"), where, "created_at", required=True),
        "undone_at": _text(row.get("undone_at"), where, "undone_at"),
    }
    return ExportedDecision(_ref(row.get("a"), where, "a"), _ref(row.get("b"), where, "b"), fields)


def _number(row: dict[str, Any], name: str, where: str) -> int | float | None:
    value = row.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise EntryError(where, f"{name} must be a number")
    return value


def _member(row: object, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise EntryError(where, "a member must be an object")
    return {
        "network": _text(row.get("network"), where, "network", required=True),
        "key": _text(row.get("key"), where, "key", required=True),
        "start_year": _number(row, "start_year", where),
        "end_year": _number(row, "end_year", where),
        "current": 1 if row.get("current") else 0,
        "source": _text(row.get("source"), where, "source", required=True),
        "title": _text(row.get("title"), where, "title"),
        "dismissed_at": _text(row.get("dismissed_at"), where, "dismissed_at"),
    }


def _circle(row: object, where: str) -> ExportedCircle:
    if not isinstance(row, dict) or not isinstance(row.get("members", []), list):
        raise EntryError(where, "a circle must be an object with a list of members")
    keys = row.get("keys", [])
    if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
        raise EntryError(where, "keys must be a list of text")
    fields: dict[str, Any] = {
        name: _text(row.get(name), where, name, required=True)
        for name in ("name", "kind", "origin", "created_at")
    }
    for name in ("place", "note", "updated_at", "dismissed_at"):
        fields[name] = _text(row.get(name), where, name)
    for name in ("start_year", "end_year", "rating"):
        fields[name] = _number(row, name, where)
    members = [_member(m, f"{where}, member {i + 1}") for i, m in enumerate(row.get("members", []))]
    return ExportedCircle(fields, list(keys), members)


def parse(data: bytes) -> MetanetExport:
    """The export's records, checked; :class:`EntryError` names the first bad entry."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EntryError("content", f"not valid JSON ({exc})") from None
    if not isinstance(document, dict) or "metanet" not in document:
        raise EntryError("content", "not an export of Metanet")
    return MetanetExport(
        str(document["metanet"]),
        [_person(r, f"person {i + 1}") for i, r in enumerate(_list(document, "persons"))],
        [_tie(r, f"tie {i + 1}") for i, r in enumerate(_list(document, "ties"))],
        [_relation(r, f"relation {i + 1}") for i, r in enumerate(_list(document, "relations"))],
        [_decision(r, f"decision {i + 1}") for i, r in enumerate(_list(document, "decisions"))],
        [_circle(r, f"circle {i + 1}") for i, r in enumerate(_list(document, "circles"))],
    )
