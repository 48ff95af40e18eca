"""Forget a person, remove a network, or wipe everything: gone from every table, the search
index, stored raw pages and the WAL, and not brought back by a later capture, reparse or
import.

Rows are found through the schema's foreign keys, so a table added later is covered as long
as it declares them; the few personal columns kept without a foreign key (they must survive
merges) are listed in :data:`UNLINKED_PERSON_COLUMNS` and :data:`KEYED_TABLES`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from metanet import paths
from metanet.model import AccountRef
from metanet.store.connection import now
from metanet.store.people import PeopleRows, forget_hash

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


@dataclass
class NetworkReport:
    network: str
    accounts: int
    persons: int
    captures: int
    rows_deleted: int


def _in(ids: Iterable[int]) -> tuple[str, list[int]]:
    values = sorted(set(ids))
    return ",".join("?" * len(values)), values


class EraseRows(PeopleRows):
    """Deleting for good, at the user's request."""

    def _referrers(self, parent: str) -> list[tuple[str, str]]:
        """(table, column) pairs whose foreign key points at ``parent``."""
        found = []
        for table in self.table_names():
            for fk in self._sql.execute(f"pragma foreign_key_list([{table}])").fetchall():
                if fk[2] == parent:
                    found.append((table, fk[3]))
        return found

    def _delete(self, table: str, rowids: list[int]) -> int:
        """Delete rows and, first, every row that refers to them (recursively)."""
        if not rowids:
            return 0
        deleted = 0
        marks, values = _in(rowids)
        for child, column in self._referrers(table):
            if child == table:
                continue
            child_ids = [
                r[0]
                for r in self._sql.execute(
                    f"select rowid from [{child}] where [{column}] in ({marks})", values
                )
            ]
            deleted += self._delete(child, child_ids)
        cursor = self._sql.execute(f"delete from [{table}] where rowid in ({marks})", values)
        return deleted + int(cursor.rowcount)

    def _pages_naming(self, needles: list[str]) -> list[int]:
        """Captures whose raw page mentions any of ``needles`` (keys, profile URLs, names)."""
        hits = []
        words = [n.lower() for n in needles if n and len(n) >= 3]
        for capture_id, blob in self._sql.execute("select id, html_z from captures"):
            text = zlib.decompress(blob).decode("utf-8", "surrogatepass").lower() if blob else ""
            if any(word in text for word in words):
                hits.append(int(capture_id))
        return hits

    def _delete_where(self, table: str, column: str, values: list[int]) -> int:
        if table not in self.table_names() or not values:
            return 0
        marks, values = _in(values)
        cursor = self._sql.execute(f"delete from [{table}] where [{column}] in ({marks})", values)
        return int(cursor.rowcount)

    def forget_person(self, person_id: int) -> ForgetReport:
        """Remove a person and everything that names them, in one transaction."""
        person = self.person(person_id)
        accounts = self.person_accounts(person_id)
        refs = [
            AccountRef(a["network"], key)
            for a in accounts
            for key in (a["key"], *self.account_aliases(int(a["id"])))
            if not key.startswith("~")
        ]
        needles = [person["name"] or ""] + [
            value for a in accounts for value in (a["key"], a["profile_url"], a["name"]) if value
        ]
        with self.write():
            deleted = 0
            for table, columns in UNLINKED_PERSON_COLUMNS.items():
                for column in columns:
                    deleted += self._delete_where(table, column, [person_id])
            for table in KEYED_TABLES:
                if table in self.table_names():
                    for ref in refs:
                        deleted += self._sql.execute(
                            f"delete from [{table}] where network = ? and key = ?",
                            [ref.network, ref.key],
                        ).rowcount
            deleted += self._delete("accounts", [int(a["id"]) for a in accounts])
            deleted += self._delete("persons", [person_id])
            said = (person["name"], *(a["name"] for a in accounts))
            names = sorted({name.lower() for name in said if name})
            if names:  # a page that named them without a link (shared connections)
                marks = ",".join("?" * len(names))
                deleted += self._sql.execute(
                    f"delete from shared_mentions where lower(name) in ({marks})", names
                ).rowcount
            pages = self._pages_naming(needles)
            for capture_id in pages:
                self._sql.update(
                    "captures", capture_id, {"html_z": zlib.compress(b""), "error": REMOVED_NOTE}
                )
            for ref in refs:
                self._sql.insert(
                    "forgotten",
                    {"network": ref.network, "key_hash": forget_hash(ref), "forgotten_at": now()},
                    replace=True,
                )
        self.compact()
        return ForgetReport(person_id, person["name"], len(accounts), deleted, len(pages))

    def forget_network(self, network: str) -> NetworkReport:
        """Remove everything from one network: its accounts with their ties, evidence and
        decisions, its import history, the captures of that site, and the persons that are
        left without any account (the user stays, with their offline relations).

        Unlike :meth:`forget_person` this does not block the network's accounts from coming
        back: it clears what was gathered, and capturing again is the user's choice.
        """
        account_ids = [
            int(r[0])
            for r in self._sql.execute("select id from accounts where network = ?", [network])
        ]
        marks, values = _in(account_ids)
        persons = [
            int(r[0])
            for r in self._sql.execute(
                f"select distinct person_id from accounts where id in ({marks})", values
            )
        ]
        with self.write():
            deleted = 0
            for table in KEYED_TABLES:
                if table in self.table_names():
                    deleted += self._sql.execute(
                        f"delete from [{table}] where network = ?", [network]
                    ).rowcount
            captures = [
                int(r[0])
                for r in self._sql.execute("select id from captures where site = ?", [network])
            ]
            deleted += self._delete("accounts", account_ids)
            deleted += self._delete("captures", captures)
            orphans: list[int] = []
            if persons:
                marks, values = _in(persons)
                orphans = [
                    int(r[0])
                    for r in self._sql.execute(
                        f"select id from persons where id in ({marks}) and is_me = 0 and not "
                        "exists (select 1 from accounts where accounts.person_id = persons.id)",
                        values,
                    )
                ]
            for table, columns in UNLINKED_PERSON_COLUMNS.items():
                for column in columns:
                    deleted += self._delete_where(table, column, orphans)
            deleted += self._delete("persons", orphans)
        self.compact()
        return NetworkReport(network, len(account_ids), len(orphans), len(captures), deleted)

    def unforget(self, ref: AccountRef) -> bool:
        """Allow an account again (the user adds the person back). True if it was forgotten."""
        with self.write():
            cursor = self._sql.execute(
                "delete from forgotten where network = ? and key_hash = ?",
                [ref.network, forget_hash(ref)],
            )
            return bool(cursor.rowcount)

    def compact(self) -> None:
        """Push deletions out of the search index and the WAL into overwritten free pages."""
        for table in self.table_names():
            if (
                table.endswith("_fts")
                and self._sql.value(
                    "select 1 from sqlite_master where name = ? and sql like '%fts5%'", [table]
                )
                is not None
            ):
                self._sql.execute(f"insert into [{table}]([{table}]) values ('rebuild')")
        self._sql.commit()
        self._sql.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._sql.execute("VACUUM")
        self._sql.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def wipe_files() -> list[str]:
    """Delete the database (with its WAL), the secret fallback file and the logs."""
    home = paths.home()
    removed = []
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
