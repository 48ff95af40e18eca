"""Forget a person, or wipe everything: gone from every table, the search index, stored raw
pages and the WAL, and not brought back by a later capture, reparse or import.

Rows are found through the schema's foreign keys, so a table added later is covered as long
as it declares them; the few personal columns kept without a foreign key (they must survive
merges) are listed in :data:`UNLINKED_PERSON_COLUMNS` and :data:`KEYED_TABLES`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from metanet import paths
from metanet.model import AccountRef
from metanet.store import Store, now

# Columns naming a person without a foreign key (see the migrations for why).
UNLINKED_PERSON_COLUMNS = {
    "tie_ratings": ("a_person_id", "b_person_id"),
    "request_matches": ("person_id", "introducer_id"),
}
# Tables naming an account by (network, key) rather than by id (import history).
KEYED_TABLES = ("import_entries", "import_changes")
REMOVED_NOTE = "raw page removed: it named a person you asked to forget"


@dataclass
class ForgetReport:
    person_id: int
    name: str | None
    accounts: int
    rows_deleted: int
    raw_pages_removed: int


def _in(ids: Iterable[int]) -> tuple[str, list[int]]:
    values = sorted(set(ids))
    return ",".join("?" * len(values)), values


def _referrers(db: Any, parent: str) -> list[tuple[str, str]]:
    """(table, column) pairs whose foreign key points at ``parent``."""
    found = []
    for table in db.table_names():
        for fk in db.execute(f"pragma foreign_key_list([{table}])").fetchall():
            if fk[2] == parent:
                found.append((table, fk[3]))
    return found


def _delete(db: Any, table: str, rowids: list[int]) -> int:
    """Delete rows and, first, every row that refers to them (recursively)."""
    if not rowids:
        return 0
    deleted = 0
    marks, values = _in(rowids)
    for child, column in _referrers(db, table):
        if child == table:
            continue
        child_ids = [
            r[0]
            for r in db.execute(
                f"select rowid from [{child}] where [{column}] in ({marks})", values
            )
        ]
        deleted += _delete(db, child, child_ids)
    deleted += int(db.execute(f"delete from [{table}] where rowid in ({marks})", values).rowcount)
    return deleted


def _pages_naming(store: Store, needles: list[str]) -> list[int]:
    """Captures whose raw page mentions any of ``needles`` (keys, profile URLs, names)."""
    hits = []
    words = [n.lower() for n in needles if n and len(n) >= 3]
    for capture_id, blob in store.db.execute("select id, html_z from captures"):
        text = zlib.decompress(blob).decode("utf-8", "surrogatepass").lower() if blob else ""
        if any(word in text for word in words):
            hits.append(int(capture_id))
    return hits


def forget_person(store: Store, person_id: int) -> ForgetReport:
    """Remove a person and everything that names them, in one transaction."""
    db = store.db
    person = store.person(person_id)
    accounts = store.person_accounts(person_id)
    refs = [AccountRef(a["network"], a["key"]) for a in accounts if not a["key"].startswith("~")]
    needles = [person["name"] or ""] + [
        value for a in accounts for value in (a["key"], a["profile_url"], a["name"]) if value
    ]
    with store.write():
        deleted = 0
        for table, columns in UNLINKED_PERSON_COLUMNS.items():
            if table in db.table_names():
                for column in columns:
                    deleted += db.execute(
                        f"delete from [{table}] where [{column}] = ?", [person_id]
                    ).rowcount
        for table in KEYED_TABLES:
            if table in db.table_names():
                for ref in refs:
                    deleted += db.execute(
                        f"delete from [{table}] where network = ? and key = ?",
                        [ref.network, ref.key],
                    ).rowcount
        deleted += _delete(db, "accounts", [int(a["id"]) for a in accounts])
        deleted += _delete(db, "persons", [person_id])
        pages = _pages_naming(store, needles)
        for capture_id in pages:
            db.table("captures").update(
                capture_id, {"html_z": zlib.compress(b""), "error": REMOVED_NOTE}
            )
        for ref in refs:
            db.table("forgotten").insert(
                {"network": ref.network, "key_hash": store.forget_hash(ref), "forgotten_at": now()},
                replace=True,
            )
    compact(store)
    drop_snapshot_file(store)
    return ForgetReport(person_id, person["name"], len(accounts), deleted, len(pages))


@dataclass
class NetworkReport:
    network: str
    accounts: int
    persons: int
    captures: int
    rows_deleted: int


def forget_network(store: Store, network: str) -> NetworkReport:
    """Remove everything from one network: its accounts with their ties, evidence and
    decisions, its import history, the captures of that site, and the persons that are
    left without any account (the user stays, with their offline relations).

    Unlike :func:`forget_person` this does not block the network's accounts from coming
    back: it clears what was gathered, and capturing again is the user's choice.
    """
    db = store.db
    account_ids = [
        int(r[0]) for r in db.execute("select id from accounts where network = ?", [network])
    ]
    marks, values = _in(account_ids)
    persons = (
        [
            int(r[0])
            for r in db.execute(
                f"select distinct person_id from accounts where id in ({marks})", values
            )
        ]
        if account_ids
        else []
    )
    with store.write():
        deleted = 0
        for table in KEYED_TABLES:
            if table in db.table_names():
                deleted += db.execute(
                    f"delete from [{table}] where network = ?", [network]
                ).rowcount
        captures = [
            int(r[0]) for r in db.execute("select id from captures where site = ?", [network])
        ]
        deleted += _delete(db, "accounts", account_ids)
        deleted += _delete(db, "captures", captures)
        orphans = []
        if persons:
            marks, values = _in(persons)
            orphans = [
                int(r[0])
                for r in db.execute(
                    f"select id from persons where id in ({marks}) and is_me = 0 and not exists "
                    "(select 1 from accounts where accounts.person_id = persons.id)",
                    values,
                )
            ]
        for table, columns in UNLINKED_PERSON_COLUMNS.items():
            if table in db.table_names() and orphans:
                marks, values = _in(orphans)
                for column in columns:
                    deleted += db.execute(
                        f"delete from [{table}] where [{column}] in ({marks})", values
                    ).rowcount
        deleted += _delete(db, "persons", orphans)
    compact(store)
    drop_snapshot_file(store)
    return NetworkReport(network, len(account_ids), len(orphans), len(captures), deleted)


def unforget(store: Store, ref: AccountRef) -> bool:
    """Allow an account again (the user adds the person back). True if it was forgotten."""
    with store.write():
        return bool(
            store.db.execute(
                "delete from forgotten where network = ? and key_hash = ?",
                [ref.network, store.forget_hash(ref)],
            ).rowcount
        )


def compact(store: Store) -> None:
    """Push deletions out of the search index and the WAL into overwritten free pages."""
    db = store.db
    for table in db.table_names():
        if (
            table.endswith("_fts")
            and db.execute(
                "select 1 from sqlite_master where name = ? and sql like '%fts5%'", [table]
            ).fetchone()
        ):
            db.execute(f"insert into [{table}]([{table}]) values ('rebuild')")
    db.conn.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def drop_snapshot_file(store: Store) -> None:
    """The answers' graph file next to the database still holds what was just deleted:
    it goes (under its lock, so a rebuild already under way cannot write it back)."""
    from metanet.answers import disk

    disk.remove(store.path)


def wipe() -> list[str]:
    """Delete the database (with its WAL and the answers' graph file), the secret fallback
    file and the logs."""
    from metanet.answers import disk

    home = paths.home()
    removed = disk.remove(paths.database())
    for path in [
        paths.database(),
        home / "metanet.db-wal",
        home / "metanet.db-shm",
        paths.secret_fallback_file(),
        paths.server_file(),
        *sorted((home / "logs").glob("*")),
    ]:
        if path.exists():
            path.unlink()
            removed.append(str(path))
    return removed
