"""``python -m metanet.answers.rebuild DATABASE``: make the snapshot file current, then exit.

Long-lived processes (the native host, the summary server) start this when the graph
changed in a way only a rebuild follows (a merge, a deletion), or when their snapshot has
caught up with many rows since the file was written. The rebuild's CPU and memory stay
out of the process that answers (no contention for its interpreter lock, no 700 MB peak
in it), and the file it writes serves every other process too.
"""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from metanet import background
from metanet.answers import disk
from metanet.answers.build import build
from metanet.answers.refresh import catch_up

log = logging.getLogger(__name__)


def refresh_file(db: Any, database: Path) -> str:
    """What it took: ``current``, ``written``, or ``changed`` (the database changed
    structurally while we read it: the caller tries again)."""
    snap, status = disk.open_file(db, database)
    if status == "current":
        return "current"
    if snap is None or status != "behind" or catch_up(db, snap) == "structural":
        snap = build(db)
    return "written" if disk.save(db, database, snap) else "changed"


def start(database: Path) -> subprocess.Popen[bytes]:
    """Run a rebuild in a process of its own; nothing of it reaches our stdin or stdout
    (the host's stdout carries protocol frames)."""
    return background.start("metanet.answers.rebuild", database)


def main(argv: list[str]) -> int:
    background.log_to_file("rebuild")
    database = Path(argv[0])
    try:  # a database wiped since the rebuild was asked for is not created again
        db = disk.connect(database, timeout=30)
    except sqlite3.Error as exc:
        log.info("no snapshot file for %s: %s", database, exc)
        return 1
    try:
        with disk.build_lock(database):  # another process's rebuild: wait, then reuse it
            for _ in range(3):
                outcome = refresh_file(db, database)
                log.info("snapshot file for %s: %s", database, outcome)
                if outcome != "changed":
                    return 0
    except Exception:
        log.exception("rebuilding the snapshot of %s failed", database)
        return 1
    finally:
        db.close()
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
