"""Imported files: each import's row, what it listed, and what changed since the last
export of the same list.

Tables: ``imports``, ``import_entries`` (per import: key, name, company, role of every
contact listed) and ``import_changes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from metanet.store.connection import Connection


class ImportRows(Connection):
    """Row operations on imports and their entries."""

    def stored_import(self, sha256: str) -> tuple[int, str | None] | None:
        """(id, format) of the first stored import of a file with this hash, if any."""
        row = self._sql.execute(
            "select id, format from imports where sha256 = ? and outcome = 'stored' "
            "order by id limit 1",
            [sha256],
        ).fetchone()
        return (int(row[0]), row[1]) if row else None

    def add_import(self, fields: Mapping[str, Any]) -> int:
        with self.write():
            return self._sql.insert("imports", fields)

    def update_import(self, import_id: int, fields: Mapping[str, Any]) -> None:
        with self.write():
            self._sql.update("imports", import_id, fields)

    def add_import_entries(self, rows: Iterable[Mapping[str, Any]]) -> None:
        with self.write():
            self._sql.insert_many("import_entries", rows)

    def add_import_changes(self, rows: Iterable[Mapping[str, Any]]) -> None:
        with self.write():
            self._sql.insert_many("import_changes", rows)

    def source_imported_before(self, source: str, import_id: int) -> bool:
        """Whether an import before ``import_id`` listed this source."""
        return (
            self._sql.value(
                "select 1 from import_entries where source = ? and import_id < ? limit 1",
                [source, import_id],
            )
            is not None
        )

    def latest_entries(self, source: str, import_id: int) -> dict[str, dict[str, Any]]:
        """Per key, the entry of the latest import before ``import_id`` that listed it."""
        sql = """
            select e.* from import_entries e
              join (select key, max(import_id) as last from import_entries
                     where source = :s and import_id < :i group by key) latest
                on latest.key = e.key and latest.last = e.import_id
             where e.source = :s
        """
        return {row["key"]: row for row in self._sql.query(sql, {"s": source, "i": import_id})}

    def previous_list(self, source: str, import_id: int) -> list[dict[str, Any]]:
        """Every entry of the last import of ``source`` before ``import_id``."""
        last = self._sql.value(
            "select max(import_id) from import_entries where source = ? and import_id < ?",
            [source, import_id],
        )
        return self._sql.query(
            "select * from import_entries where source = ? and import_id = ?", [source, last]
        )

    def recent_imports(self, limit: int) -> list[dict[str, Any]]:
        return self._sql.query(
            "select id, filename, format, imported_at, outcome, error, accounts_seen, "
            "ties_seen from imports order by id desc limit ?",
            [limit],
        )

    def imports_log(self, limit: int) -> list[dict[str, Any]]:
        """The latest imports, newest first, with their contacts and counts of changes."""
        rows = self._sql.query(
            "select i.id, i.filename, i.format, i.imported_at, i.outcome, i.error, "
            "i.accounts_seen, i.ties_seen, (select count(*) from import_entries e "
            "where e.import_id = i.id) as contacts from imports i "
            "order by i.imported_at desc, i.id desc limit :limit",
            {"limit": limit},
        )
        for row in rows:
            row["changes"] = {
                change: count
                for change, count in self._sql.execute(
                    "select change, count(*) from import_changes where import_id = ? "
                    "group by change order by change",
                    [row["id"]],
                )
            }
        return rows
