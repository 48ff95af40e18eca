"""Questions about the graph: shared connections, introduction paths, reach, search, and
the user's rating of a tie. Each answer reads the store's snapshot, caught up first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

from metanet.answers import SEARCH_HOPS
from metanet.answers.shapes import PathsAnswer, Reach, SearchAnswer, SharedAnswer
from metanet.errors import InvalidInput
from metanet.services import limits
from metanet.store import Store

MAX_K = 20
MAX_HOPS = 4


class Rated(TypedDict):
    a: int
    b: int
    strength: float


def _snapshot(store: Store) -> Any:
    from metanet.answers.service import snapshot_for  # numpy: loaded on the first question

    return snapshot_for(store)


def closeness(store: Store, ids: list[int]) -> list[tuple[float, int]]:
    """(strength, degree) of each person in ``ids`` as seen from the user
    (:func:`metanet.answers.closeness.closeness`)."""
    from metanet.answers.closeness import closeness as of_snapshot

    strength, degree = of_snapshot(_snapshot(store), ids)
    return [(round(float(s), 4), int(d)) for s, d in zip(strength, degree, strict=True)]


def mutual(store: Store, person_id: int) -> SharedAnswer:
    """People both the user and ``person_id`` know, strongest introduction first (at most
    ``answers.shared.MAX_SHARED``; ``total`` counts them all)."""
    from metanet.answers.shared import said_shared, shared_connections

    store.person(person_id)
    answer = shared_connections(store, _snapshot(store), person_id)
    answer["said"] = said_shared(store, person_id)
    return answer


def paths(store: Store, person_id: int, *, k: int = 3, max_hops: int = MAX_HOPS) -> PathsAnswer:
    """The ``k`` best introduction paths to a person, at most ``max_hops`` hops."""
    from metanet.answers.explain import paths_answer

    if not 1 <= k <= MAX_K:
        raise InvalidInput(f"'k' must be a whole number from 1 to {MAX_K}", field="k")
    if not 1 <= max_hops <= MAX_HOPS:
        raise InvalidInput(f"'max_hops' must be from 1 to {MAX_HOPS}", field="max_hops")
    store.person(person_id)
    return paths_answer(store, _snapshot(store), person_id, k=k, max_hops=max_hops)


def reach(store: Store) -> Reach:
    """How many people the user reaches at degrees 1 and 2 (docs/PROTOCOL.md, ``reach``)."""
    from metanet.answers.reach import reach as compute
    from metanet.services.circles import with_names

    return with_names(store, compute(_snapshot(store)))


def search(
    store: Store,
    query: str,
    *,
    hops: int = SEARCH_HOPS,
    limit: int = 50,
    circles: Sequence[int] = (),
) -> SearchAnswer:
    """People within ``hops`` (1-3) matching every word of ``query`` (``answers/search.py``:
    words as people type them, whole matches first, then the best path); with ``circles``
    (ids, :func:`metanet.services.circles.find_circle` reads names), only their members."""
    from metanet.answers.search import search as find
    from metanet.services.circles import circle_refs

    if not 1 <= hops <= 3:
        raise InvalidInput("'hops' must be 1, 2 or 3", field="hops")
    limits.search_text(query)
    refs = circle_refs(store, circles)
    found = find(store, _snapshot(store), query, hops=hops, limit=limit, circles=circles)
    return {**found, "circles": refs} if refs else found


def rate(store: Store, a: int, b: int, strength: float) -> Rated:
    """The user's rating of the tie a-b (0 < strength ≤ 1); it wins over the evidence."""
    from metanet.answers.ratings import rate as save

    saved = save(store, a, b, strength)
    return {"a": int(saved["a"]), "b": int(saved["b"]), "strength": float(saved["strength"])}
