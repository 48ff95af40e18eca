"""What the host's actions share within one process."""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

log = logging.getLogger(__name__)


class HostContext:
    """What handlers share within one host process: the store, opened on first use.

    ``ping`` must answer fast on a cold start, so nothing heavy is imported or opened
    until an action needs it, or until :meth:`warm_up` (after the first ping's reply).
    """

    def __init__(self) -> None:
        self._store: Any = None
        self._warming = False

    @property
    def store(self) -> Any:
        if self._store is None:
            from metanet.store import Store

            self._store = Store()
        return self._store

    def warm_up(self) -> None:
        """Import what captures and lookups need and load the graph, in a thread: the
        browser pings first, so the ping's reply has gone and the capture or lookup
        that follows finds the work done (or waits only for the rest of it)."""
        if self._warming:
            return
        self._warming = True
        threading.Thread(target=_warm, name="metanet-warm-up", daemon=True).start()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


#: what a capture and a lookup import (the parsers, identity resolution, the store, the
#: answers): 200+ ms on a cold start that the first real request no longer pays
WARM_MODULES = (
    "metanet.capture",
    "metanet.queries",
    "metanet.answers.explain",
    "metanet.answers.requests",
)


def _warm() -> None:
    try:
        from metanet import paths
        from metanet.answers import service

        if paths.database().exists():  # a ping never creates the database
            service.preload(paths.database())  # a thread of its own: reading the file
            # (checksums) mostly leaves the interpreter lock free for the imports
        for name in WARM_MODULES:
            importlib.import_module(name)
    except Exception:  # the requests themselves will say what is wrong
        log.exception("warming up failed")
