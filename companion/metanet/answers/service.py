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
        snap = Snapshot(store.db.conn)
        _SNAPSHOTS[store] = snap
    else:
        snap.refresh()
    return snap


def names(store: Store, ids: list[int]) -> dict[int, str | None]:
    """Display names for many persons in one query (see :meth:`Store.person_names`)."""
    return store.person_names(ids)


def offline_labels(store: Store, a: int, b: int) -> list[str]:
    lo, hi = min(a, b), max(a, b)
    rows = store.db.execute(
        "select label from relations where a_person_id = ? and b_person_id = ? order by label",
        [lo, hi],
    )
    return [str(label) for (label,) in rows]


def where_known(store: Store, snap: Snapshot, a: int, b: int) -> list[dict[str, str]]:
    """How a knows b: ``{"network": "xing"}`` per network, ``{"network": "offline",
    "label": "neighbour"}`` per offline relation (networks by name, then the labels)."""
    _, mask = snap.tie(a, b)
    names = snap.network_names(mask)
    places = [{"network": n} for n in sorted(names) if n != "offline"]
    if "offline" in names:
        places += [{"network": "offline", "label": label} for label in offline_labels(store, a, b)]
    return places
