"""Imports started from the summary page: one upload at a time, run off the event loop.

An export can hold tens of thousands of contacts; importing it on the event loop would
freeze every page. So the import runs in a worker thread, with a Store of its own on the
same database file (a Store's sqlite3 connection is not thread-safe, and SQLite's WAL lets
the pages keep reading meanwhile). The page polls :meth:`ImportJob.status` for a progress
line.

The upload is kept on this machine and inside the data folder: it is written to a private
temporary file beside the database (mode 0600) and deleted when the import ends, whatever
the outcome.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metanet.services.errors import error_row
from metanet.services.imports import import_file
from metanet.services.long_lived import FollowedStore

MAX_UPLOAD = 200 * 1024 * 1024  # the largest export seen in the wild is a few MB; 200 MB is ample
CHUNK = 1024 * 1024


class UploadTooLarge(Exception):
    """The upload exceeds :data:`MAX_UPLOAD`; nothing was kept."""


class ImportBusy(Exception):
    """An import is already running."""


@dataclass
class ImportJob:
    """What the page shows about the current (or last) upload; updated by the worker."""

    state: str = "idle"  # idle, running, done, failed
    filename: str = ""
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = None
    error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def status(self) -> dict[str, Any]:
        with self._lock:
            return {
                "state": self.state,
                "filename": self.filename,
                "done": self.done,
                "total": self.total,
                "result": self.result,
                "error": self.error,
            }

    def progress(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = done, total

    def _finish(self, result: dict[str, Any] | None, error: str | None) -> None:
        with self._lock:
            self.state = "failed" if error else "done"
            self.result, self.error = result, error


# One job per database: the summary page serves one database, tests run several apps.
_JOBS: dict[Path, ImportJob] = {}


def job_for(database: Path) -> ImportJob:
    return _JOBS.setdefault(Path(database), ImportJob())


class Upload:
    """A private temporary file in the data folder that holds the upload while it imports."""

    def __init__(self, folder: Path) -> None:
        fd, name = tempfile.mkstemp(prefix=".upload-", dir=folder)
        os.fchmod(fd, 0o600)
        self.path = Path(name)
        self._file = os.fdopen(fd, "wb")
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_UPLOAD:
            self.discard()
            raise UploadTooLarge(f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB")
        self._file.write(chunk)

    def close(self) -> None:
        self._file.close()

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


def _run(database: Path, upload: Upload, filename: str, job: ImportJob) -> None:
    """The worker: import with a Store of its own, then delete the upload. A wipe during
    the import (another process) sends it again to the new database: "done" never names
    an import that went to a removed file."""
    database_file = FollowedStore(database)
    try:
        result = database_file.run(
            lambda: import_file(
                database_file.current(), upload.path, filename=filename, progress=job.progress
            )
        )
        job._finish(result.as_dict(), None)
    except Exception as exc:  # reported on the page, not lost in a thread
        row = error_row(exc)
        if row is not None:
            job._finish(None, row.message(exc))
        else:
            job._finish(None, f"{filename}: the import failed ({type(exc).__name__})")
    finally:
        database_file.close()
        upload.discard()


def start(database: Path, upload: Upload, filename: str) -> asyncio.Future[None]:
    """Start importing ``upload`` in a worker thread; refuses while one is running."""
    job = job_for(database)
    with job._lock:
        if job.state == "running":
            upload.discard()
            raise ImportBusy("an import is already running")
        job.state, job.filename = "running", filename
        job.done = job.total = 0
        job.result = job.error = None
    loop = asyncio.get_running_loop()
    return loop.run_in_executor(None, _run, database, upload, filename, job)
