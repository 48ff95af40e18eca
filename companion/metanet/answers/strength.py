"""Explainable tie strength between two persons, a number in (0, 1].

Why a noisy-or: each piece of evidence (a LinkedIn contact, a Facebook friendship, an
offline "golf partner", a recent sighting, shared contacts) is an independent reason to
believe the tie is strong; ``1 - Π(1 - s_i)`` grows with every reason, never passes 1, and
one weak link stays weak. The user's own rating is not evidence but a decision: it wins.
The same rules run vectorised over millions of ties (snapshot) and one pair at a time
(explanations), so the number on screen is the number the ranking used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: what one network tie says on its own, by kind
KIND_STRENGTH = {"friend": 0.4, "contact": 0.35, "follows": 0.15}
DEFAULT_KIND_STRENGTH = 0.3
#: an offline relation the user typed says more than a click on a network; German pages
#: offer the German words (Nachbar, Golfpartner, …), so they weigh the same
LABEL_STRENGTH = {
    "family": 0.9,
    "familie": 0.9,
    "partner": 0.9,
    "partnerin": 0.9,
    "friend": 0.75,
    "freund": 0.75,
    "freundin": 0.75,
    "golf partner": 0.7,
    "golfpartner": 0.7,
    "golfpartnerin": 0.7,
    "neighbour": 0.6,
    "neighbor": 0.6,
    "nachbar": 0.6,
    "nachbarin": 0.6,
    "colleague": 0.55,
    "kollege": 0.55,
    "kollegin": 0.55,
    "club": 0.5,
    "verein": 0.5,
}
DEFAULT_LABEL_STRENGTH = 0.6
#: seen within this many days: a live tie, worth a little more
RECENT_DAYS = 180
RECENT_BONUS = 0.1
#: each shared contact adds this much, up to the cap
OVERLAP_STEP = 0.02
OVERLAP_CAP = 0.3
#: each introduction made between two people (by one of them, or to one of them) says
#: they now vouch for each other a little more (answers/introductions.py)
INTRODUCTION_BONUS = 0.15


def kind_strength(kind: str) -> float:
    return KIND_STRENGTH.get(kind, DEFAULT_KIND_STRENGTH)


def label_strength(label: str, given: float | None) -> float:
    """An offline relation's strength: the user's number if given, else by its label."""
    if given is not None:
        return float(min(max(given, 0.01), 1.0))
    return LABEL_STRENGTH.get(label.strip().lower(), DEFAULT_LABEL_STRENGTH)


def overlap_bonus(shared: int) -> float:
    return min(OVERLAP_CAP, OVERLAP_STEP * shared)


def introduction_bonus(made: int) -> float:
    """What ``made`` introductions add to a tie, as one part: each is a reason of its own."""
    return noisy_or([INTRODUCTION_BONUS] * made)


def noisy_or(parts: Iterable[float]) -> float:
    rest = 1.0
    for part in parts:
        rest *= 1.0 - part
    return 1.0 - rest


def noisy_or_arrays(a: np.ndarray, b: np.ndarray | float) -> np.ndarray:
    return 1.0 - (1.0 - a) * (1.0 - b)


@dataclass
class Explanation:
    """How strong a tie is and every reason, as codes with parameters (the edge says them:
    ``metanet.i18n.texts``)."""

    strength: float
    reasons: list[dict[str, Any]] = field(default_factory=list)
    rated: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"strength": round(self.strength, 3), "why": self.reasons, "rated": self.rated}


def explain(
    *,
    network_kinds: list[tuple[str, str]],
    relations: list[tuple[str, float | None]],
    recent: bool,
    shared: int,
    rating: float | None,
    introduced: int = 0,
) -> Explanation:
    """The strength of one tie from its evidence, with a reason per part.

    Reason codes: ``rating`` (strength), ``network_tie`` (network, kind), ``networks`` (n),
    ``offline`` (label, strength: the user's number or None), ``recent`` (days),
    ``shared_contacts`` (n), ``introduced`` (n: made introductions naming both).
    """
    if rating is not None:
        return Explanation(rating, [{"code": "rating", "strength": rating}], True)
    parts: list[float] = []
    reasons: list[dict[str, Any]] = []
    for network, kind in network_kinds:
        parts.append(kind_strength(kind))
        reasons.append({"code": "network_tie", "network": network, "kind": kind})
    networks = {n for n, _ in network_kinds}
    if len(networks) > 1:
        reasons.append({"code": "networks", "n": len(networks)})
    for label, given in relations:
        parts.append(label_strength(label, given))
        reasons.append({"code": "offline", "label": label, "strength": given})
    if recent and network_kinds:
        parts.append(RECENT_BONUS)
        reasons.append({"code": "recent", "days": RECENT_DAYS})
    if shared:
        parts.append(overlap_bonus(shared))
        reasons.append({"code": "shared_contacts", "n": shared})
    if introduced and parts:  # raises a tie that is there; never makes one
        parts.append(introduction_bonus(introduced))
        reasons.append({"code": "introduced", "n": introduced})
    return Explanation(noisy_or(parts), reasons)
