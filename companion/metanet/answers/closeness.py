"""How close each of some people is to the user: the strength of the best tie (direct, or
through the best introducer) and the degree, read from the snapshot's neighbourhood of the
user (``f1``, ``f2``, ``degree_of``) — the numbers the people list sorts by."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from metanet.answers.snapshot import Snapshot

#: the degree of everyone beyond the second (or not connected, or no user declared)
FURTHER = 3


def closeness(snap: Snapshot, ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(strength, degree) per person of ``ids``: strength in 0..1 (0 beyond the second
    degree), degree 0 for the user, 1, 2, or :data:`FURTHER`."""
    people = np.asarray(ids, dtype=np.int64)
    strength = np.zeros(len(people), dtype=np.float32)
    degree = np.full(len(people), FURTHER, dtype=np.int8)
    inside = (people >= 0) & (people < min(snap.size, len(snap.degree_of)))
    known = people[inside]
    found = snap.degree_of[known]
    degree[inside] = np.where(found == -1, 0, np.where(found == 0, FURTHER, found))
    strength[inside] = np.where(found == 1, snap.f1[known], np.where(found == 2, snap.f2[known], 0))
    return strength, degree
