"""``python -m metanet.services.auto_backup DATABASE``: the daily automatic backup.

The host and the summary server start it when they start (:func:`start_if_due`), in a
process of its own, so a backup's copying and compressing never slows an answer. It
takes a backup only when one is due (``services/backup.py``), one at a time (a lock
beside the database), and logs what it did to the companion's log.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from metanet import background

log = logging.getLogger("metanet.auto_backup")
#: a long-lived process starts the check at most this often (the mark's age)
CHECK_EVERY_S = 3600.0


def mark(database: Path) -> Path:
    """Touched by every check: long-lived processes that start often do not start a
    process each time."""
    return database.with_name(database.name + ".backup-checked")


def start_if_due(database: Path) -> None:
    """Start the check in a process of its own, unless one ran within the hour."""
    if not database.exists():
        return
    try:
        if time.time() - mark(database).stat().st_mtime < CHECK_EVERY_S:
            return
    except FileNotFoundError:
        pass
    background.start("metanet.services.auto_backup", database)


def run(database: Path) -> None:
    from filelock import FileLock, Timeout

    from metanet.errors import MetanetError
    from metanet.services import backup
    from metanet.store import Store

    one_at_a_time = FileLock(str(database) + ".backup-lock", timeout=0, mode=0o600)
    try:
        with one_at_a_time, Store(database) as store:
            mark(database).touch(mode=0o600)
            if not backup.due(store):
                return
            taken = backup.automatic_backup(store)
            log.info("automatic backup %s (%s bytes); rotated away %s",
                     taken["file"], taken["size"], taken["removed"])  # fmt: skip
    except Timeout:
        log.info("another automatic backup is running")
    except (MetanetError, OSError) as exc:
        log.warning("automatic backup failed: %s", exc)


if __name__ == "__main__":
    background.log_to_file("auto-backup")
    run(Path(sys.argv[1]))
