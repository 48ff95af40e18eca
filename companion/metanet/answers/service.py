"""One snapshot per open store, caught up with the database before every answer."""

from __future__ import annotations

import weakref

from metanet.answers.snapshot import Snapshot
from metanet.store import Store

_SNAPSHOTS: weakref.WeakKeyDictionary[Store, Snapshot] = weakref.WeakKeyDictionary()


def snapshot_for(store: Store) -> Snapshot:
    """The store's snapshot: built on first use, then refreshed (cheaply) on each call.

    The refresh costs one ``PRAGMA data_version`` when nothing changed, so a long-lived
    host answers from memory and still sees what other processes wrote.
    """
    snap = _SNAPSHOTS.get(store)
    if snap is None:
        snap = Snapshot(store.sql("answers"))
        _SNAPSHOTS[store] = snap
    else:
        snap.refresh()
    return snap


def names(store: Store, ids: list[int]) -> dict[int, str | None]:
    """Display names for many persons in one query (see :meth:`Store.person_names`)."""
    return store.person_names(ids)
