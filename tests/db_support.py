"""Reading a store's rows in a test.

The store keeps its connection private (``metanet.store``); a test that checks what was
written, row by row, reads it here, in the store's own connection and transaction; a
browser test reads the file a running host wrote with :func:`rows`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from metanet.store import Store


def raw(store: Store) -> Any:
    """The store's sqlite-utils database (``.execute``, ``.query``, ``.table(name)``)."""
    return store._db


def rows(database: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """``sql`` on the database file, read-only: what a running host or server wrote, read
    without opening (and migrating) a Store beside it."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return db.execute(sql, params).fetchall()
