"""The last step of a forget: the old copies of what was erased leave the database files.

A forget commits, then checkpoints the write-ahead log into the database file and empties
it (``PRAGMA wal_checkpoint(TRUNCATE)``): until then the WAL, and the database file's pages
not yet overwritten, still hold the erased rows. Another program holding a read open on
the database (a second ``metanet``, a backup, an SQLite browser) keeps those old versions
alive, so the checkpoint cannot finish while it reads.

The forget waits for it a while (:data:`WAIT_S`). If the reader is still there, the forget
says so plainly (``pending``), leaves a mark beside the database (``<database>.scrub``)
and starts ``python -m metanet.store.scrub DATABASE``, which tries again, more and more
rarely, until the checkpoint finishes, then removes the mark; any process that opens the
database with a mark there tries too, so the job is finished also after a restart.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from metanet import background

log = logging.getLogger(__name__)

#: how long a forget waits for other readers before it reports the scrub as pending
WAIT_S = 10.0
#: the background finisher's pauses between attempts grow to this, and it gives up (the
#: mark stays, for the next process that opens the database) after MAX_S
PAUSE_MAX_S = 60.0
MAX_S = 24 * 3600.0


def mark(database: Path) -> Path:
    """The file that says a scrub of ``database`` is pending (empty, mode 0600)."""
    return database.with_name(database.name + ".scrub")


def checkpoint(db: Any) -> bool:
    """Copy the WAL into the database file and empty it; False while a reader holds old
    versions (the busy handler waits up to the connection's busy timeout first)."""
    busy, log_frames, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return bool(busy == 0 and log_frames == 0)


def finish(db: Any, database: Path, *, wait_s: float) -> bool:
    """Checkpoint until it succeeds or ``wait_s`` passed; on success remove the mark."""
    deadline = time.monotonic() + wait_s
    while not checkpoint(db):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    mark(database).unlink(missing_ok=True)
    return True


def leave_pending(database: Path) -> None:
    """Mark the scrub pending and start the process that finishes it."""
    os.close(os.open(mark(database), os.O_WRONLY | os.O_CREAT, 0o600))
    background.start("metanet.store.scrub", database)


def main(argv: list[str]) -> int:
    """The background finisher: try again and again until the scrub is done."""
    background.log_to_file("scrub")
    database = Path(argv[0])
    started, pause = time.monotonic(), 0.5
    while mark(database).exists() and time.monotonic() - started < MAX_S:
        try:
            uri = database.resolve().as_uri() + "?mode=rw"  # a wiped database stays wiped
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=pause)) as db:
                if finish(db, database, wait_s=0):
                    log.info("erased data left the files of %s", database)
                    return 0
        except sqlite3.Error as exc:
            log.info("scrub of %s: %s", database, exc)
            if not database.exists():
                mark(database).unlink(missing_ok=True)
                return 0
        time.sleep(pause)
        pause = min(pause * 2, PAUSE_MAX_S)
    return 0 if not mark(database).exists() else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
