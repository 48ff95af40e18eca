"""Statements on the store's one connection: what the store's modules use, and what the
packages that own tables (identity, answers) are handed by :meth:`Store.sql`.

Plain ``sqlite3`` calls, not sqlite-utils' table API: sqlite-utils' ``insert()`` and
``update()`` inspect the table on every call (about 150 µs each, measured: half of a
capture's store time), and a capture of a 500-card list writes ~2,500 rows. Schema and
migrations stay with sqlite-utils (:mod:`metanet.migrations`).

Every statement runs inside the caller's transaction (:meth:`Store.write`); nothing here
commits, except :meth:`Sql.commit` for a reader that opened its own read transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Params = Sequence[Any] | Mapping[str, Any]


class Sql:
    """One connection's statements, with rows as dicts where a caller wants names."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self._conn.executemany(sql, rows)

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Every row as a dict of column name → value."""
        cursor = self._conn.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor]

    def one(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        """The first row as a dict, or None."""
        cursor = self._conn.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        row = self._conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def insert(
        self, table: str, row: Mapping[str, Any], *, ignore: bool = False, replace: bool = False
    ) -> int:
        """Insert one row; its rowid (0 when ``ignore`` skipped it)."""
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" * len(row))
        verb = "insert or ignore" if ignore else "insert or replace" if replace else "insert"
        cursor = self._conn.execute(
            f"{verb} into [{table}] ({columns}) values ({marks})", list(row.values())
        )
        return int(cursor.lastrowid or 0)

    def insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert rows that share their columns (the first row's); how many were written."""
        written = 0
        batch: list[Mapping[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 1000:
                written += self._insert_batch(table, batch)
                batch = []
        return written + self._insert_batch(table, batch)

    def _insert_batch(self, table: str, rows: list[Mapping[str, Any]]) -> int:
        if not rows:
            return 0
        names = list(rows[0])
        columns = ", ".join(f"[{c}]" for c in names)
        marks = ", ".join("?" * len(names))
        self._conn.executemany(
            f"insert into [{table}] ({columns}) values ({marks})",
            [[row[c] for c in names] for row in rows],
        )
        return len(rows)

    def update(self, table: str, row_id: int, fields: Mapping[str, Any]) -> None:
        """Set ``fields`` of the row with ``id = row_id`` (nothing when ``fields`` is empty)."""
        if fields:
            assignments = ", ".join(f"[{c}] = ?" for c in fields)
            self._conn.execute(
                f"update [{table}] set {assignments} where id = ?", [*fields.values(), row_id]
            )

    def get(self, table: str, row_id: int) -> dict[str, Any] | None:
        """The row with ``id = row_id``, or None."""
        return self.one(f"select * from [{table}] where id = ?", [row_id])

    def count(self, table: str) -> int:
        return int(self.value(f"select count(*) from [{table}]"))

    # -- for readers that hold their own read transaction (the answers' snapshot) -------

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    @property
    def total_changes(self) -> int:
        return self._conn.total_changes

    def commit(self) -> None:
        self._conn.commit()
