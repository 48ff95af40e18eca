"""Long-lived processes: the native host and the summary server (``metanet serve``).

They declare themselves (:func:`declare`): after a merge, a split or a deletion their
answers come at once from the graph snapshot they hold, marked ``stale``, while the graph
is rebuilt in a process of its own (``answers/service.py``); a command-line call rebuilds
before it answers. The host also warms up right after answering its first ``ping``
(``actions/context.py``), so the capture or lookup that follows finds the modules
imported and the graph loaded.

They follow the database file (:class:`FollowedStore`): ``metanet wipe`` in another
process, or a database moved into place, is noticed before the next request, which goes
to the new file; a request during which it happened runs again on the new file, so no
write is acknowledged that went to a removed one.

Kept light: importing this module imports nothing heavy; each step does.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from metanet.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")
#: a request runs at most this often when the database keeps being replaced under it
MAX_RUNS = 3


def declare(*, keep_memory: bool = True) -> None:
    """This process lives long: rebuild the graph beside the answers, not before them;
    keep the memory one answer frees for the next (:func:`keep_freed_memory`; the host
    leaves that to its warm-up, ``keep_memory=False``: loading ctypes costs ~3 ms, and
    the first ping's reply waits for nothing)."""
    from metanet.answers import serve_in_background

    if keep_memory:
        keep_freed_memory()
    serve_in_background()


#: glibc's ``mallopt`` parameters (malloc.h)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
#: blocks up to this size come from the heap, not a mapping of their own (glibc's maximum)
HEAP_BLOCKS_UP_TO = 32 << 20
#: freed memory at the heap's top is given back to the system beyond this much
KEEP_FREED = 128 << 20


def keep_freed_memory() -> bool:
    """Keep the memory an answer frees for the next answer (glibc's malloc; elsewhere
    nothing happens). Whether it was set.

    An answer over the whole graph allocates tens of MB of numpy arrays and frees them.
    glibc maps each block over 128 kB on its own and unmaps it when freed (the threshold
    grows only after the first), so the next answer takes that memory again with a page
    fault per 4 kB: a fresh process's first reach on the heavy network took 5,000-6,000
    faults and ~90-140 ms of system time on the benchmarks' VM, ~40 % of the call
    (bench/REPORT-answers.md). Blocks up to 32 MB now come from the heap, which keeps up
    to 128 MB freed at its top.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library
    except (OSError, AttributeError):
        return False  # not glibc: musl has no mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO)) and bool(
        mallopt(M_TRIM_THRESHOLD, KEEP_FREED)
    )


#: what a capture imports (the parsers, identity resolution, the store), then what a
#: lookup adds (numpy, the answers, the graph): 200+ ms on a cold start
CAPTURE_MODULES = ("metanet.services.pages", "metanet.answers.words_index")
LOOKUP_MODULES = (
    "metanet.answers.explain",
    "metanet.answers.requests",
    "metanet.answers.shared",
    "metanet.graph",
)


def read_capture_tables() -> None:
    """Read the data files a capture reads once per process (the nickname table that
    identity resolution's name keys use: ~7 ms on a busy machine), so that the first
    capture after a ping does not."""
    from metanet.identity import nicknames

    nicknames.table()


def start_loading_graph() -> threading.Thread | None:
    """Load the answers' snapshot of the user's database in a thread of its own (from the
    graph file; a missing file is written by ``python -m metanet.answers.rebuild``), and
    announce it, so that a lookup arriving meanwhile waits for it instead of loading a
    second one. None when there is no database yet: a ping never creates it."""
    from metanet import paths
    from metanet.answers import service

    # What the loading imports on its way (a catch-up reads interactions and
    # introductions), imported here, in the warm-up's step: never beside a request's.
    importlib.import_module("metanet.answers.interactions")
    importlib.import_module("metanet.answers.introductions")
    database = paths.database()
    if not database.exists():
        return None
    loader = threading.Thread(target=service.preload(database), name="metanet-preload", daemon=True)
    loader.start()
    return loader


def start_backup_if_due() -> None:
    """Start the daily automatic backup's check in a process of its own
    (:mod:`metanet.services.auto_backup`; at most once an hour)."""
    from metanet import paths
    from metanet.services import auto_backup

    auto_backup.start_if_due(paths.database())


class FollowedStore:
    """The store of a long-lived process, following the database file.

    Opened on first use. Before a request (:meth:`current`) a wiped or replaced file is
    noticed (one ``stat``) and the new one opened; after a request (:meth:`run`) too: a
    capture that committed while ``metanet wipe`` removed the file may have gone to the
    removed file, so it runs again on the new one. (A request that ran wholly before the
    removal is gone with everything else: that is what a wipe is.)
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._store: Store | None = None

    def current(self) -> Store:
        """The store, reopened first if its file was removed or replaced."""
        if self._store is not None and self._store.replaced():
            log.info("database %s was wiped or replaced: opening the new one", self._store.path)
            self._store.close()
            self._store = None
        if self._store is None:
            from metanet.store import Store

            self._store = Store(self._path)
        return self._store

    def moved(self) -> bool:
        """Whether the open store's file was removed or replaced (False when none is open)."""
        return self._store is not None and self._store.replaced()

    def run(self, request: Callable[[], T]) -> T:
        """Run ``request`` (which asks :meth:`current` for the store); again, on the new
        file, if the file was removed or replaced meanwhile."""
        for _ in range(MAX_RUNS - 1):
            try:
                result = request()
            except Exception:
                if not self.moved():
                    raise
                continue
            if not self.moved():
                return result
        return request()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
