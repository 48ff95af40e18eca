"""One snapshot per open store, kept current before every answer.

Where a process's snapshot comes from, cheapest first: a warm-up thread's (the host
loads it right after its first ``ping``), the snapshot file next to the database
(``answers/disk.py``; caught up if rows were appended since), a full build (then written
to the file for everyone else).

Before each answer the snapshot follows the database: nothing to do costs one
``PRAGMA data_version``; appended rows cost what they touched (``answers/refresh.py``);
a merge, split or deletion needs a rebuild. A long-lived process (the host, the summary
server: :func:`metanet.answers.serve_in_background`) with a large graph does not wait
for it: it answers from the snapshot it has, marked ``stale``, while
``answers/rebuild.py`` builds the file in a process of its own, then takes the new file
up. A command-line call, or a small graph, rebuilds at once.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from metanet.answers import disk, in_background, rebuild, source
from metanet.answers.build import build
from metanet.answers.refresh import catch_up
from metanet.answers.snapshot import Snapshot
from metanet.store import Store

log = logging.getLogger(__name__)

#: a graph with at most this many cells is rebuilt at once (~0.1 s on a busy 2-core
#: machine; 150,000 cells took 0.65 s there)
INLINE_CELLS = 50_000
#: write the file again once this many tie rows were caught up since it was written, or
#: once rewritten rows left this many cells (or a quarter of the file's) behind
SAVE_LAG = 20_000
SAVE_GARBAGE = 1_000_000
#: give up on background rebuilds after this many failures in a row and build inline
MAX_FAILURES = 2


class Keeper:
    """A store's snapshot, where it came from, and a rebuild running for it."""

    def __init__(self, store: Store) -> None:
        # the answers' statements handle, not the store: the store is this keeper's key
        # in a weak mapping
        self.db: Any = store.sql("answers")
        self.path = Path(store.path)
        self.snap: Snapshot | None = None
        self.builder: subprocess.Popen[bytes] | None = None
        self.failures = 0
        self._seen: tuple[int, int] | None = None

    def current(self) -> Snapshot:
        if self.snap is None:
            self.snap = self._first()
        self._take_rebuilt()
        self._follow()
        return self.snap

    # -- where the snapshot comes from --------------------------------------------------

    def _first(self) -> Snapshot:
        snap, status = take_preloaded(self.path)
        if snap is not None and not self._reads(snap):
            snap = None  # loaded from a database that was wiped or replaced since
        if snap is None:
            snap, status = disk.open_file(self.db, self.path)
        if snap is not None and status == "stale":
            if self._in_background(snap):
                self._answer_stale(snap)
                return snap
            snap = None
        return snap if snap is not None else self._build()

    def _reads(self, snap: Snapshot) -> bool:
        """Whether ``snap`` is of this store's database (its random id, migration m007)."""
        return source.read_watermark(self.db).database_id == snap.watermark.database_id

    def _build(self) -> Snapshot:
        snap = build(self.db)
        if self.snap is not None:
            snap.counters = self.snap.counters
            snap.counters.full += 1
        self._save(snap)
        return snap

    def _save(self, snap: Snapshot) -> None:
        try:
            disk.save(self.db, self.path, snap)
        except OSError as exc:  # a read-only folder: answers still work, from memory
            log.warning("could not write the snapshot file: %s", exc)

    def _in_background(self, snap: Snapshot) -> bool:
        return in_background() and self.failures < MAX_FAILURES and snap.entries() > INLINE_CELLS

    # -- following the database -------------------------------------------------------

    def _data_version(self) -> tuple[int, int]:
        """Changes when anyone wrote: other connections move ``data_version``, our own
        connection (the host's captures) moves ``total_changes``."""
        other = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        return other, int(self.db.total_changes)

    def _follow(self) -> None:
        snap = self.snap
        assert snap is not None
        if snap.stale:
            if self.builder is None:  # the last rebuild came back unusable
                self._rebuild_later()
            return
        seen = self._data_version()
        if seen == self._seen:
            return
        outcome = catch_up(self.db, snap)
        self._seen = seen
        if outcome == "structural":
            if self._in_background(snap):
                self._answer_stale(snap)
            else:
                self.snap = self._build()
        elif outcome == "appended" and _worth_writing(snap):
            if in_background():
                self._rebuild_later()
            else:
                self._save(snap)

    def _answer_stale(self, snap: Snapshot) -> None:
        snap.stale = True
        snap.bump()
        self._rebuild_later()

    def _rebuild_later(self) -> None:
        if self.builder is None:
            self.builder = rebuild.start(self.path)

    def _take_rebuilt(self) -> None:
        """Switch to the file a finished background rebuild wrote."""
        if self.builder is None or self.builder.poll() is None:
            return
        code, self.builder = self.builder.returncode, None
        old = self.snap
        assert old is not None
        snap, status = disk.open_file(self.db, self.path)
        if snap is not None and status in ("current", "behind"):
            self.failures = 0
            snap.counters = old.counters
            self.snap, self._seen = snap, None
            if catch_up(self.db, snap) == "structural":
                self._answer_stale(snap)
            return
        # the database changed again meanwhile (stale), or the rebuild failed
        if code != 0 or snap is None:
            self.failures += 1
            log.warning("background rebuild of the snapshot: exit %s, file %s", code, status)
        if old.stale:
            if self._in_background(old):
                self._rebuild_later()
            else:
                self.snap = self._build()


def _worth_writing(snap: Snapshot) -> bool:
    """Whether the file lags so far behind that every process pays for catching up, or the
    rows rewritten in memory left so much garbage that a compact copy is due."""
    return snap.lag > SAVE_LAG or snap.garbage > max(SAVE_GARBAGE, snap.edges.cut // 4)


_KEEPERS: weakref.WeakKeyDictionary[Store, Keeper] = weakref.WeakKeyDictionary()


def snapshot_for(store: Store) -> Snapshot:
    """The store's snapshot, current with the database (or marked ``stale``)."""
    keeper = _KEEPERS.get(store)
    if keeper is None:
        keeper = _KEEPERS[store] = Keeper(store)
    return keeper.current()


# -- warming up (the host, after its first ping) ------------------------------------------

#: how long an answer waits for a warm-up still loading (it would load the same itself)
PRELOAD_WAIT_S = 600.0


class Preload:
    """The snapshot of one database, loaded once by whoever comes first: the host's
    warm-up thread, or an answer that arrives before the warm-up got to it (it loads it
    then and there instead of waiting for a thread that is still importing)."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._lock = threading.Lock()
        self._started = False
        self._done = threading.Event()
        self._result: list[tuple[Snapshot | None, str]] = []

    def run(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        try:
            self._result.append(_load(self.database))
        except Exception:
            log.exception("warming up the snapshot failed")
        finally:
            self._done.set()

    def take(self) -> tuple[Snapshot | None, str]:
        self.run()
        self._done.wait(PRELOAD_WAIT_S)
        return self._result.pop() if self._result else (None, "missing")


_PRELOADS: dict[Path, Preload] = {}


def preload(database: Path) -> Callable[[], None]:
    """Announce that this process loads the snapshot of ``database`` itself, so answers
    take that one instead of loading a second; returns the loading, for a thread.

    The loading never builds in this process (a build would hold the interpreter lock for
    seconds while the host answers): without a usable file, ``answers/rebuild.py`` writes
    one.
    """
    key = database.resolve()
    if any(keeper.path.resolve() == key for keeper in _KEEPERS.values()):
        return lambda: None  # an answer came first and loaded it already
    return _PRELOADS.setdefault(key, Preload(database)).run


def _load(database: Path) -> tuple[Snapshot | None, str]:
    started = time.perf_counter()
    # A connection of its own, and no Store: opening one migrates, and the host's own
    # store may be migrating at this moment (a database from before m007 fails below and
    # leaves the work to the first answer).
    db = disk.connect(database, timeout=5)
    try:
        snap, status = disk.open_file(db, database)
        if snap is None:
            rebuild.start(database).wait()
            snap, status = disk.open_file(db, database)
        if snap is not None and status == "behind" and catch_up(db, snap) != "appended":
            status = "stale"
    finally:
        db.close()
    log.info(
        "warm-up: graph of %s ready in %.0f ms (file %s)",
        database,
        (time.perf_counter() - started) * 1000,
        status,
    )
    return snap, status


def take_preloaded(database: Path) -> tuple[Snapshot | None, str]:
    """The announced snapshot (loading it here, or waiting for it), once."""
    found = _PRELOADS.pop(database.resolve(), None)
    if found is None:
        return None, "missing"
    snap, status = found.take()
    return snap, "stale" if status == "stale" else "current"


def names(store: Store, ids: list[int]) -> dict[int, str | None]:
    """Display names for many persons in one query (see :meth:`Store.person_names`)."""
    return store.person_names(ids)
