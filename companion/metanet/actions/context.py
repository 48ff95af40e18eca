"""What the host's actions share within one process."""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from metanet.services.long_lived import FollowedStore

if TYPE_CHECKING:
    from metanet.store import Store

T = TypeVar("T")

log = logging.getLogger(__name__)
#: the automatic backup's check (a process of its own) starts once no request came for
#: this long: a user capturing and looking up pages right after the browser started never
#: shares the machine with it (on 2 cores it slowed a capture a second after the ping)
BACKUP_AFTER_QUIET_S = 5.0


class HostContext:
    """What handlers share within one host process: the store, opened on first use and
    followed when ``metanet wipe`` removes its file (:class:`FollowedStore`).

    ``ping`` must answer fast on a cold start, so nothing heavy is imported or opened
    until an action needs it, or until :meth:`warm_up` (after the first ping's reply).
    """

    def __init__(self) -> None:
        self._database = FollowedStore()
        self._warm_up: threading.Thread | None = None
        #: cleared while a request is handled: the warm-up waits, so that it never
        #: competes with a request for the interpreter lock between its steps
        self.idle = threading.Event()
        self.idle.set()
        #: held by the warm-up through each step: a request begins only between steps.
        #: Two threads importing one circle of modules at once leave one of them a
        #: partly run module ("cannot import name … from partially initialized module").
        self.steps = threading.Lock()
        #: when the last request ended (``time.monotonic``): see :meth:`wait_quiet`
        self.last_request = time.monotonic()
        #: what requests left for after their replies (:meth:`after_reply`)
        self._after_reply: list[Callable[[Store], object]] = []

    @property
    def store(self) -> Store:
        return self._database.current()

    def run(self, request: Callable[[], T]) -> T:
        """Run one request; again on the new database if it was wiped meanwhile."""
        return self._database.run(request)

    @contextlib.contextmanager
    def request(self) -> Iterator[None]:
        """Handle a request: after the warm-up's step under way, with the warm-up held."""
        with self.steps:
            self.idle.clear()
        try:
            yield
        finally:
            self.last_request = time.monotonic()
            self.idle.set()

    def wait_quiet(self, seconds: float) -> None:
        """Return once no request has been handled for ``seconds``."""
        while True:
            self.idle.wait()
            left = self.last_request + seconds - time.monotonic()
            if left <= 0 and self.idle.is_set():
                return
            time.sleep(max(left, 0.05))

    def warm_up(self) -> None:
        """Import what captures and lookups need and load the graph, in a thread: the
        browser pings first, so the ping's reply has gone and the capture or lookup
        that follows finds the work done (or waits only for the rest of it)."""
        if self._warm_up is None:
            self._warm_up = threading.Thread(
                target=_warm, args=(self,), name="metanet-warm-up", daemon=True
            )
            self._warm_up.start()

    def after_reply(self, work: Callable[[Store], object]) -> None:
        """Do ``work`` on the store once this request's reply has gone, before the next
        request is read (:meth:`finish_replied`)."""
        self._after_reply.append(work)

    def finish_replied(self) -> None:
        """Run what the requests left for after their replies, each as a request of its own.
        A failure is logged, never raised: what the work was to do stays pending in the
        database (the next change or search does it)."""
        while self._after_reply:
            work = self._after_reply.pop(0)
            try:
                with self.request():
                    self.run(functools.partial(self._on_store, work))
            except Exception:
                log.exception("work after a reply failed")

    def _on_store(self, work: Callable[[Store], T]) -> T:
        return work(self.store)

    def keep_imported(self) -> None:
        """What the requests so far imported lives as long as the process: moved out of
        the collector's reach (:func:`keep_modules`), so that a capture's full collection
        does not walk it again."""
        keep_modules()

    def warming_up(self) -> bool:
        return self._warm_up is not None and self._warm_up.is_alive()

    def close(self) -> None:
        self._database.close()


_KEPT = [0]  # how many modules were imported when keep_modules last froze them


def keep_modules() -> None:
    """Freeze the objects alive now (:func:`gc.freeze`) when modules were imported since
    the last call: modules, their functions and tables live as long as the process. A
    cold 500-card capture ran one full collection over them (~25 ms of ~280 on a busy
    2-core machine). Only after imports: cyclic garbage alive at that moment is never
    collected, and that is bounded by the few times a host imports something new."""
    if len(sys.modules) != _KEPT[0]:
        gc.freeze()
        _KEPT[0] = len(sys.modules)


def _step(idle: threading.Event, steps: threading.Lock, work: Callable[[], T]) -> T:
    """Run one step of the warm-up while no request is handled (see ``HostContext.steps``);
    what it returned."""
    while True:
        idle.wait()
        with steps:
            if idle.is_set():
                return work()


def _warm(ctx: HostContext) -> None:
    """What a capture needs first (the request after a ping is often one, and it needs
    nothing more), waiting between steps while a request is handled; before it, the
    memory setting of long-lived processes (:func:`long_lived.keep_freed_memory`). Then
    the graph loads in a thread of its own (reading the file leaves the interpreter lock
    to the rest of the imports; a lookup arriving meanwhile waits for it, not loads it twice).
    The automatic backup's check starts once the host has been quiet a while."""
    from metanet.services import long_lived

    started = time.perf_counter()
    loader: threading.Thread | None = None
    try:
        _step(ctx.idle, ctx.steps, long_lived.keep_freed_memory)
        for name in long_lived.CAPTURE_MODULES:
            _step(ctx.idle, ctx.steps, functools.partial(importlib.import_module, name))
        _step(ctx.idle, ctx.steps, long_lived.read_capture_tables)
        loader = _step(ctx.idle, ctx.steps, long_lived.start_loading_graph)
        for name in long_lived.LOOKUP_MODULES:
            _step(ctx.idle, ctx.steps, functools.partial(importlib.import_module, name))
        _step(ctx.idle, ctx.steps, keep_modules)
    except Exception:  # the requests themselves will say what is wrong
        log.exception("warming up failed")
    if loader is not None:
        loader.join()  # the warm-up ends with the graph loaded (see host.main)
    log.info("warmed up in %.0f ms", (time.perf_counter() - started) * 1000)
    threading.Thread(
        target=_backup_when_quiet, args=(ctx,), name="metanet-backup-check", daemon=True
    ).start()


def _backup_when_quiet(ctx: HostContext) -> None:
    """Start the automatic backup's check once no request came for a while; as a step of
    its own (it imports the check's module: never beside a request's imports)."""
    from metanet.services import long_lived

    ctx.wait_quiet(BACKUP_AFTER_QUIET_S)
    try:
        _step(ctx.idle, ctx.steps, long_lived.start_backup_if_due)
    except Exception:
        log.exception("starting the automatic backup's check failed")
