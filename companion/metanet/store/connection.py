"""The store's connection: opening the file, transactions, and who else may run SQL on it.

Every write goes through :meth:`Connection.write`, a ``BEGIN IMMEDIATE`` transaction: a
capture or an import is stored whole or not at all, and concurrent writers (several host
processes, ``metanet serve``) queue on SQLite's lock instead of failing half-way.

The connection is private to the store. Two packages own tables of their own and run
their own statements on it, through :meth:`Connection.sql` (see :data:`TABLE_OWNERS`);
everyone else calls the store's methods. ``tests/test_sql_owners.py`` keeps it so.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlite_utils

from metanet import migrations, paths
from metanet.store import scrub
from metanet.store.errors import DatabaseUnreadable, StoreBusy
from metanet.store.sql import Sql

if TYPE_CHECKING:
    from filelock import FileLock

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 6
OPEN_LOCK_TIMEOUT_S = 30
MIGRATE_LOCK_TIMEOUT_S = 600  # a large database's migration takes a while
T = TypeVar("T")

#: The packages that own tables, and those tables. An owner writes its own tables and may
#: read the store's (accounts, persons, ties, relations …) for bulk questions; it writes
#: the store's tables only through :class:`~metanet.store.Store` methods, except identity,
#: whose merges and splits move accounts and relations between persons.
TABLE_OWNERS: dict[str, tuple[str, ...]] = {
    "identity": (
        "merge_decisions",
        "merge_undo",
        "identity_suggestions",
        "identity_keys",
        "identity_pending",
    ),
    "answers": (
        "search_requests",
        "request_matches",
        "tie_ratings",
        "account_words_fts",
        "account_words_pending",
        "meetings",
        "partners",
        "introductions",
        "introduction_events",
        "interactions",
        "interaction_seen",
    ),
}


def now() -> str:
    """The current time as stored everywhere: ISO 8601 in UTC, seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def retry(action: Callable[[], T]) -> T:
    """Run ``action``, waiting a little and trying again while another writer holds the lock."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                if _is_busy(exc):
                    raise StoreBusy("the database is busy; nothing was written") from exc
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # the loop returns or raises


FileIdentity = tuple[int, int]


def file_identity(path: Path) -> FileIdentity | None:
    """Which file ``path`` names now (device, inode), or None when there is none.

    A process that keeps the database open keeps its inode allocated, so a new file at
    the same path (after a wipe, or a database moved into place) never has the same one.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def open_lock(database: Path) -> FileLock:
    """Held while a database's files are opened or removed (``wipe``): no process opens
    half of a database that is being removed (a new file with the old write-ahead log's
    index). Opening holds it for a few milliseconds; migrations run after it.

    (filelock is imported here: a process that never opens the store does not pay for it.)
    """
    from filelock import FileLock

    path = database.with_name(database.name + ".open-lock")
    return FileLock(str(path), timeout=OPEN_LOCK_TIMEOUT_S, mode=0o600)


def migrate_lock(database: Path) -> FileLock:
    """Held while a process migrates the database (:meth:`Connection._migrate`)."""
    from filelock import FileLock

    path = database.with_name(database.name + ".migrate-lock")
    return FileLock(str(path), timeout=MIGRATE_LOCK_TIMEOUT_S, mode=0o600)


class _Beside:
    """A second connection to the file, for reading only, opened and used in a worker
    thread of its own (SQLite lets the calling thread run meanwhile)."""

    def __init__(self, path: Path, busy_timeout_ms: int) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="metanet-read")
        self._path, self._busy_timeout_ms = path, busy_timeout_ms
        self._conn: sqlite3.Connection | None = None

    def submit(self, work: Callable[[Sql], T]) -> Future[T]:
        return self._pool.submit(self._run, work)

    def _run(self, work: Callable[[Sql], T]) -> T:
        if self._conn is None:
            # read-only, so it never creates a file where a wipe has just removed one
            uri = f"{self._path.resolve().as_uri()}?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True)
            self._conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
        return work(Sql(self._conn))

    def close(self) -> None:
        self._pool.submit(self._close)
        self._pool.shutdown(wait=True)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Connection:
    """The SQLite file behind the store. Open one per process; not shared across threads."""

    _beside: _Beside | None = None

    def __init__(self, path: Path | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path or paths.database()
        try:
            self._open(busy_timeout_ms)
        except sqlite3.DatabaseError as exc:  # not a database, damaged, cannot be opened
            raise DatabaseUnreadable(
                f"the database {self.path} cannot be read ({exc}); `metanet wipe` starts afresh"
            ) from exc

    def _open(self, busy_timeout_ms: int) -> None:
        with open_lock(self.path):
            if not self.path.exists():
                # Create the file ourselves so it is never readable by others, even briefly.
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
            # No sqlite-utils plugins (Metanet uses none): looking for them scans every
            # installed distribution's entry points, ~90 ms of a host's first answer.
            self._db = sqlite_utils.Database(self.path, execute_plugins=False)
            self._sql = Sql(self._db.conn)
            self._sql.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            self._busy_timeout_ms = busy_timeout_ms
            self._sql.execute("PRAGMA foreign_keys = ON")
            # Deleted content is overwritten, so "forget" and "wipe" leave nothing in free pages.
            self._sql.execute("PRAGMA secure_delete = ON")
            if self._db.journal_mode != "wal":  # reading it opens the file and its log
                retry(self._db.enable_wal)
            self._identity = file_identity(self.path)
        self._migrate()
        os.chmod(self.path, 0o600)
        if scrub.mark(self.path).exists():
            self._finish_scrub(busy_timeout_ms)

    def _migrate(self) -> None:
        """Bring the schema up to date, one process at a time: processes opening a new
        database together (the browser starts a host per port) would otherwise each see
        a migration pending and the second fail on the first one's column (3 of 40
        opens by 4 processes at once failed so, as "cannot be read")."""
        if not migrations.MIGRATIONS.pending(self._db):
            return
        with migrate_lock(self.path):
            retry(lambda: migrations.apply(self._db))  # applies only what is still pending

    def _finish_scrub(self, busy_timeout_ms: int) -> None:
        """A forget's scrub is pending (another program was reading): try it now, without
        waiting for that reader (:mod:`metanet.store.scrub`)."""
        self._sql.execute("PRAGMA busy_timeout = 0")
        try:
            scrub.finish(self._sql, self.path, wait_s=0)
        finally:
            self._sql.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")

    def replaced(self) -> bool:
        """Whether the database file was removed (``metanet wipe``) or another file was put
        in its place since we opened it: then this connection reads and writes a file
        nobody will see again, and a long-lived process opens the new one
        (:class:`metanet.services.long_lived.FollowedStore`)."""
        return file_identity(self.path) != self._identity

    def close(self) -> None:
        if self._beside is not None:
            self._beside.close()
            self._beside = None
        self._db.close()

    def read_beside(self, owner: str, work: Callable[[Sql], T]) -> Future[T] | None:
        """Run ``work`` on a second connection to the file, read-only, in a thread of its
        own, while this connection goes on (a search reads the two halves of a long list
        of ids at once). None inside a transaction: the other connection would not see
        what this one has written and not yet committed. ``owner`` as for :meth:`sql`."""
        self.sql(owner)  # the same grant
        if self._db.conn.in_transaction:
            return None
        if self._beside is None:
            self._beside = _Beside(self.path, self._busy_timeout_ms)
        return self._beside.submit(work)

    def sql(self, owner: str) -> Sql:
        """The statements handle for a package that owns tables (:data:`TABLE_OWNERS`).

        Statements run inside the store's transactions: wrap writes in :meth:`write`.
        """
        if owner not in TABLE_OWNERS:
            raise ValueError(f"{owner!r} owns no tables; use the store's methods")
        return self._sql

    @contextlib.contextmanager
    def write(self, *, savepoint: bool = True) -> Iterator[None]:
        """One write transaction. Nested calls join the outer one (savepoints).

        ``savepoint=False``: a nested call joins the outer transaction without one; for
        row operations that raise only before they write (one account, one tie: a capture
        or an import calls them thousands of times, and a failure later on rolls the
        whole change back anyway)."""
        conn = self._db.conn
        if conn.in_transaction and not savepoint:
            yield
            return
        if conn.in_transaction:
            # A savepoint of one fixed name: SQLite rolls back to and releases the most
            # recent one of a name, so nesting works; sqlite-utils' atomic() draws a random
            # name per call, a cost paid ~2,000 times in a 500-card capture.
            conn.execute("SAVEPOINT metanet_write")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # an error may have ended the whole transaction
                    conn.execute("ROLLBACK TO SAVEPOINT metanet_write")
                    conn.execute("RELEASE SAVEPOINT metanet_write")
                raise
            conn.execute("RELEASE SAVEPOINT metanet_write")
            return
        retry(lambda: self._db.execute("BEGIN IMMEDIATE"))
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        try:
            retry(self._db.commit)
        except BaseException:
            self._db.rollback()
            raise

    @contextlib.contextmanager
    def journals_in_memory(self) -> Iterator[None]:
        """The transactions begun inside keep their statement journals in memory
        (``PRAGMA temp_store = MEMORY`` while they begin; the default again after).

        A change writes its rows one statement per row inside one transaction, and each
        such statement with triggers or constraints journals the pages it touches, so
        that it alone can be undone: past 64 KiB SQLite spills that journal into a file
        in the temporary folder (a 500-card capture: ~9,000 writes, ~18 MB of page
        copies, each a system call). Kept in memory it is the same journal, undone the
        same way; what is committed goes through the WAL as before. Not for VACUUM or
        an index built on millions of rows: those would hold their temporary copy in
        memory too, so the setting is scoped to the transaction of a change."""
        if self._db.conn.in_transaction:  # set only where a transaction begins
            yield
            return
        self._sql.execute("PRAGMA temp_store = MEMORY")
        try:
            yield
        finally:
            if not self._db.conn.in_transaction:
                self._sql.execute("PRAGMA temp_store = DEFAULT")

    def data_version(self) -> int:
        """Changes whenever another connection commits (PRAGMA data_version)."""
        return int(self._sql.value("PRAGMA data_version"))

    def table_names(self) -> list[str]:
        names: list[str] = self._db.table_names()
        return names
