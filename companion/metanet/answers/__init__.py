"""Answers: shared connections, ranked introduction paths, reach, search and requests.

One implementation behind the CLI, the native host and the summary page. Everything
reads a :class:`~metanet.answers.snapshot.Snapshot` of the person graph, kept per open
:class:`~metanet.store.Store` and refreshed when the database changed (see
:func:`metanet.answers.service.snapshot_for`). numpy is imported only here, never by
``metanet host`` before the first question, so the host's first ``ping`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metanet.answers.shapes import Match
    from metanet.store import Store

#: how far a search looks when not told (CLI, summary page, host, saved requests): the
#: seed's question ("the managing director I am looking for") is a third-degree one
SEARCH_HOPS = 3

#: whether this process lives long (the native host, the summary server): then a graph
#: rebuild runs in the background while answers come from the snapshot at hand, marked
#: stale (answers/service.py). Kept here, where setting it imports nothing heavy.
_background = False


def serve_in_background() -> None:
    """Declare this process long-lived (see ``_background``)."""
    global _background
    _background = True


def in_background() -> bool:
    return _background


def index_after_change(store: Store) -> int:
    """Index the words of every account whose facts changed (inside the change's
    transaction, so a change is searchable as soon as it is stored; the host's captures
    right after the reply, :func:`metanet.services.changes.index_words`); how many."""
    from metanet.answers.words_index import index_pending

    return index_pending(store.sql("answers"))


def notices_after_change(store: Store) -> list[Match]:
    """Re-run saved search requests after a capture or an import: their new matches.

    With no saved request this costs one query and loads nothing of the graph.
    """
    if store.sql("answers").value("select 1 from search_requests limit 1") is None:
        return []
    from metanet.answers.requests import evaluate  # numpy and the graph: only when needed

    return evaluate(store)
