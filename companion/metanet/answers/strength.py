"""Explainable tie strength between two persons, a number in (0, 1].

Why a noisy-or: each piece of evidence (a LinkedIn contact, a Facebook friendship, an
offline "golf partner", a recent sighting, shared contacts) is an independent reason to
believe the tie is strong; ``1 - Π(1 - s_i)`` grows with every reason, never passes 1, and
one weak link stays weak. The user's own rating is not evidence but a decision: it wins.
The same rules run vectorised over millions of ties (snapshot) and one pair at a time
(explanations), so the number on screen is the number the ranking used.
"""

from __future__ import annotations

import math
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
#: what the user and a person did together (answers/interactions.py), per counted event:
#: a meeting or a recommendation says more than a message; a message received says less
#: than one written (newsletters write too); a thread begun is a conversation of its own
INTERACTION_WEIGHTS = {
    "sent": 1.0,
    "received": 0.5,
    "thread": 1.0,
    "meeting": 3.0,
    "endorsed": 1.0,
    "endorsed_you": 1.0,
    "recommended": 5.0,
    "recommended_you": 5.0,
    "invited": 1.0,
    "invited_you": 1.0,
}
#: an interaction's weight halves every this many days: a colleague written to every week
#: five years ago is not a strong tie today
INTERACTION_HALF_LIFE_DAYS = 180
#: the most interaction adds to a tie, and the score at which it adds 63 % of that
INTERACTION_CAP = 0.6
INTERACTION_SCALE = 12.0


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


def decayed(weight: float, days: float) -> float:
    """``weight`` of an interaction ``days`` ago, after recency decay."""
    return float(weight * 0.5 ** (days / INTERACTION_HALF_LIFE_DAYS))


def interaction_bonus(score: float) -> float:
    """What a (decayed) interaction score adds to the tie, as one part: grows with the
    score and never passes :data:`INTERACTION_CAP`."""
    return INTERACTION_CAP * (1.0 - math.exp(-max(score, 0.0) / INTERACTION_SCALE))


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
    interaction: tuple[float, list[dict[str, Any]]] | None = None,
) -> Explanation:
    """The strength of one tie from its evidence, with a reason per part.

    Reason codes: ``rating`` (strength), ``network_tie`` (network, kind), ``networks`` (n),
    ``offline`` (label, strength: the user's number or None), ``recent`` (days),
    ``shared_contacts`` (n), ``introduced`` (n: made introductions naming both);
    ``interaction`` is the bonus of what the user and the person did together with its
    reasons (``messages``, ``meetings``, ``recommended_you`` …: answers/interactions.py).
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
    if interaction is not None and interaction[0] > 0 and parts:  # raises a tie that is there
        parts.append(interaction[0])
        reasons.extend(interaction[1])
    return Explanation(noisy_or(parts), reasons)


# -- circles ------------------------------------------------------------------------------
# Two people in one circle are weakly connected: a 5-member board more than a 500-member
# association, people who were there in the same years more than those who were not. A
# circle is never a clique of strong ties: the strength falls with the square root of the
# circle's size, and the user's own rating of a circle replaces the size's guess.

#: the strength of a co-membership: ``CIRCLE_SCALE / sqrt(members - 1)``, at most
#: ``CIRCLE_MAX`` (48 members: 0.073; 500: 0.022)
CIRCLE_SCALE = 0.5
CIRCLE_MAX = 0.45
#: an inferred circle (worked or studied at one organisation) says less: it holds only the
#: people Metanet has seen, not the organisation's size
INFERRED_MAX = 0.12
#: each shared year after the first adds this share, up to ``YEARS_COUNTED`` years
YEAR_STEP = 0.15
YEARS_COUNTED = 5
#: both were members, in years that did not overlap (a hand-made circle; an inferred one
#: then connects nobody)
APART = 0.5
CIRCLE_CAP = 0.6
#: a membership's to-year while it lasts (int16), and "not said"
CURRENT_YEAR = 9999
NO_YEAR = 0


def circle_bases(
    members: np.ndarray, rating: np.ndarray, rated: np.ndarray, inferred: np.ndarray
) -> np.ndarray:
    """Circles' strength before years (vectorised): 0 below two members; the user's
    rating where there is one; else falling with the size."""
    members = np.asarray(members, dtype=np.float64)
    guess = np.minimum(
        np.where(inferred, INFERRED_MAX, CIRCLE_MAX),
        CIRCLE_SCALE / np.sqrt(np.maximum(members - 1, 1)),
    )
    said = np.clip(np.nan_to_num(rating, nan=1.0), 0.01, 1.0)
    return np.where(members >= 2, np.where(rated, said, guess), 0.0).astype(np.float32)


def year_span(start: np.ndarray, end: np.ndarray, this_year: int) -> tuple[np.ndarray, np.ndarray]:
    """(from, to) years as compared: "until now" is ``this_year``; a single year said
    stands for both ends; 0 both when nothing is said."""
    lo = np.asarray(start, dtype=np.int64)
    hi = np.asarray(end, dtype=np.int64)
    hi = np.where(hi == CURRENT_YEAR, np.maximum(this_year, lo), hi)
    lo, hi = np.where(lo == NO_YEAR, hi, lo), np.where(hi == NO_YEAR, lo, hi)
    return lo, hi


def _span(start: int, end: int, this_year: int) -> tuple[int, int]:
    """:func:`year_span` of one membership."""
    hi = max(this_year, start) if end == CURRENT_YEAR else end
    return (hi if start == NO_YEAR else start), (start if hi == NO_YEAR else hi)


def circle_pair(
    base: float,
    inferred: bool,
    a: tuple[int, int],
    b: tuple[int, int],
    this_year: int,
    rated: bool,
) -> tuple[float, int, int, int]:
    """:func:`circle_pairs` of one pair in one circle, without numpy: a path's hop asks
    for one or two circles at a time, where numpy's fixed cost per call (~100 µs for the
    twenty operations) is all there is. The very float32 of the vectorised form
    (``tests/test_answers_strength.py`` compares them)."""
    lo_a, hi_a = _span(a[0], a[1], this_year)
    lo_b, hi_b = _span(b[0], b[1], this_year)
    known = lo_a > 0 and lo_b > 0
    first, last = max(lo_a, lo_b), min(hi_a, hi_b)
    shared = last - first + 1 if known else -1
    if shared > 0:
        factor = 1.0 + YEAR_STEP * min(max(shared - 1, 0), YEARS_COUNTED - 1)
    else:
        factor = 0.0 if inferred else (APART if known else 1.0)
    if rated and factor > 0:
        factor = 1.0
    cap = 1.0 if rated else CIRCLE_CAP
    return float(np.float32(min(cap, float(base) * factor))), max(shared, -1), first, last


def circle_pairs(
    base: np.ndarray,
    inferred: np.ndarray,
    a: tuple[np.ndarray, np.ndarray],
    b: tuple[np.ndarray, np.ndarray],
    this_year: int,
    rated: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The strength of co-memberships (vectorised), the years they share (-1: unknown)
    and the first and last of them (0 when not known).

    ``a`` and ``b`` are both members' (from, to) years as stored (``NO_YEAR``,
    ``CURRENT_YEAR``). Shared years raise the strength; years known not to overlap halve
    it, and an inferred circle then connects nobody (nor when its years are unknown). A
    rated circle has the user's strength wherever it connects.
    """
    lo_a, hi_a = year_span(a[0], a[1], this_year)
    lo_b, hi_b = year_span(b[0], b[1], this_year)
    known = (lo_a > 0) & (lo_b > 0)
    first, last = np.maximum(lo_a, lo_b), np.minimum(hi_a, hi_b)
    shared = np.where(known, last - first + 1, -1)
    counted = np.minimum(np.maximum(shared - 1, 0), YEARS_COUNTED - 1)
    factor = np.where(
        shared > 0, 1.0 + YEAR_STEP * counted, np.where(inferred, 0.0, np.where(known, APART, 1.0))
    )
    factor = np.where(rated & (factor > 0), 1.0, factor)
    cap = np.where(rated, 1.0, CIRCLE_CAP)
    strength = np.minimum(cap, base * factor).astype(np.float32)
    return strength, np.maximum(shared, -1), first, last
