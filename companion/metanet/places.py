"""Cities known by more than one name ("München" / "Munich"): for identity and search."""

from __future__ import annotations

import re
from functools import lru_cache

from metanet.folding import fold, fold_loose

#: a city's local name and the other names networks show it by (English, abbreviations)
CITY_NAMES: tuple[tuple[str, ...], ...] = (
    ("München", "Munich"),
    ("Köln", "Cologne"),
    ("Nürnberg", "Nuremberg"),
    ("Wien", "Vienna"),
    ("Zürich", "Zurich"),
    ("Braunschweig", "Brunswick"),
    ("Hannover", "Hanover"),
    ("Frankfurt", "Frankfurt am Main", "Frankfurt a. M."),
)


def _words(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name)).split())


#: each other name, folded ("munich") → the folded local name ("muenchen"): blocking's
#: city key (:func:`metanet.identity.blocking.city_key`) looks names up here
CITY_ALIASES = {_words(other): _words(group[0]) for group in CITY_NAMES for other in group[1:]}


@lru_cache(maxsize=1)
def _by_folded_name() -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {}
    for group in CITY_NAMES:
        for name in group:
            names[fold_loose(name)] = tuple(n for n in group if fold_loose(n) != fold_loose(name))
    return names


def other_city_names(name: str) -> tuple[str, ...]:
    """The other names of a city, as written ("München" → ("Munich",)); () if none known."""
    return _by_folded_name().get(fold_loose(name), ())
