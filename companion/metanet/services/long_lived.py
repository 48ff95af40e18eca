"""Long-lived processes: the native host and the summary server (``metanet serve``).

They declare themselves (:func:`declare`): after a merge, a split or a deletion their
answers come at once from the graph snapshot they hold, marked ``stale``, while the graph
is rebuilt in a process of its own (``answers/service.py``); a command-line call rebuilds
before it answers. The host also warms up right after answering its first ``ping``
(``actions/context.py``), so the capture or lookup that follows finds the modules
imported and the graph loaded.

Kept light: importing this module imports nothing heavy; each step does.
"""

from __future__ import annotations

import threading


def declare() -> None:
    """This process lives long: rebuild the graph beside the answers, not before them."""
    from metanet.answers import serve_in_background

    serve_in_background()


#: what a capture imports (the parsers, identity resolution, the store), then what a
#: lookup adds (numpy, the answers, the graph): 200+ ms on a cold start
CAPTURE_MODULES = ("metanet.services.pages",)
LOOKUP_MODULES = (
    "metanet.answers.explain",
    "metanet.answers.requests",
    "metanet.answers.shared",
    "metanet.graph",
)


def start_loading_graph() -> threading.Thread | None:
    """Load the answers' snapshot of the user's database in a thread of its own (from the
    graph file; a missing file is written by ``python -m metanet.answers.rebuild``), and
    announce it, so that a lookup arriving meanwhile waits for it instead of loading a
    second one. None when there is no database yet: a ping never creates it."""
    from metanet import paths
    from metanet.answers import service

    database = paths.database()
    if not database.exists():
        return None
    loader = threading.Thread(target=service.preload(database), name="metanet-preload", daemon=True)
    loader.start()
    return loader
