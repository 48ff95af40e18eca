"""What follows every change of the data (a captured page, an imported file), written once.

In the change's own transaction: the rows it brings, the search's words of the accounts
whose facts changed, then identity resolution for the accounts it touched (exact-evidence
merges; suggestions for the accounts worth them).
After it commits: the saved search requests run again, and their new matches are the
notices the extension shows as a badge.

The host leaves the words for after its reply (``words_later``; :func:`index_words`): the
words of a 500-card list of names not indexed before are about a quarter of its capture
(names whose words are known already, as in ``bench/parse_store.py``, under a tenth), and
the reply says nothing that needs them. They stay pending in the database meanwhile, and
every search indexes what is pending before it reads
(:func:`metanet.answers.search.index_now`): the saved requests just after the change too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from metanet.answers import index_after_change, notices_after_change
from metanet.identity.resolve import resolve_change
from metanet.services.settings import localise_phones
from metanet.store import Store

if TYPE_CHECKING:  # numpy and the graph load only when a saved request needs them
    from metanet.answers.shapes import Match


@dataclass
class Change:
    """Filled in by the code that stores the change; read after it."""

    touched: list[int] = field(default_factory=list)  # accounts to resolve
    suggest: list[int] = field(default_factory=list)  # of those, the ones to suggest for
    notices: list[Match] = field(default_factory=list)  # new matches of saved requests


@contextlib.contextmanager
def change(store: Store, *, words_later: bool = False) -> Iterator[Change]:
    """One change: stored whole with its resolution, or not at all. Numbers stored before
    the user's region was known are read in it first (:func:`.settings.localise_phones`).
    ``words_later``: the search's words are left pending for :func:`index_words`."""
    with store.journals_in_memory():  # the change's journals: no temporary file
        localise_phones(store)
        done = Change()
        with store.write():
            yield done
            if not words_later:
                index_after_change(store)
            resolve_change(store, done.touched, suggest=done.suggest)
    done.notices = notices_after_change(store)


def index_words(store: Store) -> int:
    """Index the words a change left pending (``words_later``); how many accounts."""
    with store.journals_in_memory(), store.write():
        return index_after_change(store)
