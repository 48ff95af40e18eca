"""A database copied while others write to it, looked at, and put in place of another.

* :func:`copy_online` — SQLite's online backup API (``sqlite3.Connection.backup``): one
  consistent snapshot, taken in one step while the host and the summary server go on
  writing (WAL: readers and the writer do not wait for each other), never a file copy,
  which could catch the database file and its write-ahead log at different moments;
* :func:`facts` — what a copy holds: its schema (the migrations applied), its random id,
  its counts and SQLite's own integrity check;
* :func:`replace` — a restore's last step: the running database is copied aside (with
  writers held off, so nothing acknowledged is missing from the copy), then the restored
  file takes its place under the lock every opening takes, like ``metanet wipe``; a
  process that has the old file open notices and opens the new one
  (:meth:`~metanet.store.connection.Connection.replaced`).

Plain ``sqlite3`` connections on the files themselves: a :class:`~metanet.store.Store`
would migrate the copy, or take the opening lock that :func:`replace` holds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from metanet import paths
from metanet.store import forget_key
from metanet.store.connection import BUSY_TIMEOUT_MS, open_lock
from metanet.store.erase import database_files

#: what a backup's manifest counts (tables missing from an older schema count 0)
COUNTED = (
    "persons", "accounts", "ties", "relations", "captures", "imports", "merge_decisions",
    "search_requests", "forgotten",
)  # fmt: skip
MIGRATIONS_TABLE = "_sqlite_migrations"


@dataclass(frozen=True)
class DatabaseFacts:
    migrations: list[str]  # the schema: the migrations applied, in order
    database_id: str | None  # graph_epoch's random id (m007), None before it
    counts: dict[str, int]
    notes: int  # persons with a note
    integrity: str  # "ok", or SQLite's first complaint


@contextlib.contextmanager
def _connect(path: Path, *, write: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain connection to an existing file (``mode=rw``: never creates one)."""
    conn = sqlite3.connect(
        f"file:{path}?mode=rw", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        if not write:
            conn.execute("PRAGMA query_only = ON")
        yield conn
    finally:
        conn.close()


def _new_private_file(path: Path) -> None:
    """An empty file of mode 0600: a copy of everyone the user knows is never readable
    by others, not even while it is written."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, paths.PRIVATE_FILE))


def copy_online(database: Path, target: Path) -> None:
    """Copy ``database`` into the new file ``target`` with SQLite's online backup API:
    one snapshot, in one step, while other processes keep writing. The copy is a single
    file (rollback journal), so it travels without a write-ahead log."""
    _new_private_file(target)
    with _connect(database) as source, _connect(target, write=True) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")


def facts(path: Path) -> DatabaseFacts:
    """What the database file ``path`` holds (read only; nothing is migrated)."""
    with _connect(path) as conn:
        tables = {row[0] for row in conn.execute("select name from sqlite_master")}
        migrations = []
        if MIGRATIONS_TABLE in tables:
            migrations = [
                str(row[0])
                for row in conn.execute(
                    f"select name from {MIGRATIONS_TABLE} where migration_set = 'metanet' "
                    "order by rowid"
                )
            ]
        database_id = None
        if "graph_epoch" in tables:
            row = conn.execute("select database_id from graph_epoch where id = 1").fetchone()
            database_id = None if row is None or row[0] is None else str(row[0])
        counts = {
            name: int(conn.execute(f"select count(*) from [{name}]").fetchone()[0])
            if name in tables
            else 0
            for name in COUNTED
        }
        notes = 0
        if "persons" in tables:
            notes = int(
                conn.execute(
                    "select count(*) from persons where coalesce(note, '') != ''"
                ).fetchone()[0]
            )
        integrity = str(conn.execute("PRAGMA integrity_check(1)").fetchone()[0])
    return DatabaseFacts(migrations, database_id, counts, notes, integrity)


def is_empty(database: Path) -> bool:
    """Whether ``database`` is missing or holds nobody and no page: a restore may replace
    it without asking."""
    if not database.exists() or database.stat().st_size == 0:
        return True
    try:
        with _connect(database) as conn:
            tables = {row[0] for row in conn.execute("select name from sqlite_master")}
            return not any(
                conn.execute(f"select 1 from [{name}] limit 1").fetchone()
                for name in ("persons", "captures", "imports")
                if name in tables
            )
    except sqlite3.DatabaseError:  # a damaged database: replaced only with --yes
        return False


def replace(database: Path, restored: Path, key: bytes | None, aside: Path | None) -> None:
    """Put ``restored`` (a database file in the same folder) in place of ``database``,
    with ``key`` as its forgotten list's key file (its bytes as the backup kept them).

    With ``aside``, the current database is first copied there (online, with its key
    file), while writers are held off: a capture the host acknowledges during the
    restore is either in that copy or runs again on the new file (the host notices the
    replaced file, :class:`metanet.services.long_lived.FollowedStore`), never lost.
    Under :func:`~metanet.store.connection.open_lock`, like a wipe: nobody opens the
    restored file with the old file's write-ahead log.
    """
    with open_lock(database), contextlib.ExitStack() as stack:
        if database.exists() and aside is not None:
            _keep_aside(stack, database, aside)
            old_key = forget_key.key_path(database)
            if old_key.exists():
                shutil.copy2(old_key, forget_key.key_path(aside))
        for path in database_files(database)[1:]:  # the log, its index, marks, the key
            path.unlink(missing_ok=True)
        os.replace(restored, database)
        if key is not None:
            _write_private(forget_key.key_path(database), key)


def _keep_aside(stack: contextlib.ExitStack, database: Path, aside: Path) -> None:
    """Copy the database to ``aside`` with writers held off until ``stack`` closes; a
    damaged database (the reason for many a restore) is copied as its files are."""
    try:
        holder = stack.enter_context(_connect(database, write=True))
        holder.execute("BEGIN IMMEDIATE")  # writers wait (their busy timeout)
        stack.callback(holder.execute, "ROLLBACK")
        copy_online(database, aside)
    except sqlite3.DatabaseError:
        aside.unlink(missing_ok=True)
        for end in ("", "-wal"):
            source = database.with_name(database.name + end)
            if source.exists():
                shutil.copy2(source, aside.with_name(aside.name + end))


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    _new_private_file(tmp)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def migrate(path: Path) -> None:
    """Bring a restored copy up to this Metanet's schema before it takes the database's
    place (a backup from an older version)."""
    import sqlite_utils

    from metanet import migrations

    db = sqlite_utils.Database(path)
    try:
        migrations.apply(db)
    finally:
        db.close()


def known_migrations() -> list[str]:
    """The schema this Metanet writes: its migrations' names, in order."""
    from metanet import migrations

    return [m.name for m in migrations.MIGRATIONS._migrations]
