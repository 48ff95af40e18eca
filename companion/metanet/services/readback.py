"""Metanet's own JSON export read back (``metanet import export.json``): people, accounts,
ties, offline relations, notes, merge decisions and circles, idempotently.

One change, one import row (the same file again is "already imported"; a later export of
the same data adds only what is new). Identity resolution does not run over it: which
accounts are one person is the export's, decided by the user. Where the export joins
accounts that this database keeps apart, the persons are merged (a decision by the user,
as the export records it); a ``different`` decision is recorded, so resolution keeps the
two apart here too.
"""

from __future__ import annotations

from metanet.identity import decisions
from metanet.identity.persons import USER
from metanet.imports import metanet as exported
from metanet.imports.base import EntryError, ImportFileError
from metanet.imports.pipeline import ImportResult
from metanet.model import AccountRef
from metanet.services.changes import change
from metanet.store import Store, now


def read_back(store: Store, data: bytes, filename: str, sha256: str) -> ImportResult:
    """Store the export in ``data``; :class:`ImportFileError` if it is not one."""
    try:
        document = exported.parse(data)
    except EntryError as exc:
        raise ImportFileError(filename, exc.message, exc.where) from None
    with change(store):
        import_id = store.add_import(
            {
                "filename": filename,
                "format": exported.NAME,
                "sha256": sha256,
                "imported_at": now(),
                "outcome": "stored",
                "source": exported.NAME,
                "size": len(data),
            }
        )
        result = ImportResult(import_id, filename, sha256, False, format=exported.NAME)
        result.suggested = True  # nothing to suggest: the export's persons are decided
        persons = _persons(store, document, result)
        result.ties = _ties(store, document, import_id)
        for relation in document.relations:
            a, b = persons.get(relation.a), persons.get(relation.b)
            if a is not None and b is not None and a != b:
                store.relate(a, b, relation.label, strength=relation.strength,
                             note=relation.note, created_at=relation.created_at)  # fmt: skip
        for decision in document.decisions:
            a_row, b_row = store.account(decision.a), store.account(decision.b)
            if a_row is not None and b_row is not None:
                decisions.read_back(store, int(a_row["id"]), int(b_row["id"]), decision.fields)
        for circle in document.circles:  # after the persons: members name their accounts
            store.read_back_circle(circle.fields, circle.keys, circle.members)
        store.update_import(import_id, {"accounts_seen": result.accounts, "ties_seen": result.ties})
    return result


def _persons(
    store: Store, document: exported.MetanetExport, result: ImportResult
) -> dict[int, int]:
    """Every exported person found or added: exported id → stored id."""
    empty = store.counts()["persons"] == 0
    ids: dict[int, int] = {}
    for person in document.persons:
        person_id, others = store.read_back_person(
            person.name, person.is_me, person.note, person.accounts, exported.ACCOUNT_TEXT,
            person.id if empty else None,
        )  # fmt: skip
        result.entries += 1
        if person_id is None:
            result.forgotten += 1
            continue
        for other in others:
            decisions.merge(store, person_id, other, source=USER, reasons=[], score=None)
        ids[person.id] = person_id
        result.accounts += len(person.accounts)
    return ids


def _ties(store: Store, document: exported.MetanetExport, import_id: int) -> int:
    count = 0
    for tie in document.ties:
        src = store.account(AccountRef(tie.network, tie.src))
        dst = store.account(AccountRef(tie.dst_network or tie.network, tie.dst))
        if src is None or dst is None or src["id"] == dst["id"]:
            continue  # a forgotten account
        store.add_tie(
            int(src["id"]), int(dst["id"]), network=tie.network, kind=tie.kind,
            directed=tie.directed, seen_at=tie.last_seen, since=tie.first_seen,
            import_id=import_id,
        )  # fmt: skip
        count += 1
    return count
