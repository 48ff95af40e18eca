"""Circles inferred from what profiles say: where their owners worked and studied, when.

Every organisation in a profile's work or education section is a circle of its own
("worked at KTH", "studied at KTH" are two), found again by the organisation's folded
name (``identity.blocking.company_key``: "Siemens AG" and "SIEMENS Deutschland GmbH" are
one), with the years of each member. Such a circle is only a hint: it connects two people
only for the years both were there (``answers/circles.py``), never makes a tie, and the
user can dismiss it.
"""

from __future__ import annotations

from dataclasses import dataclass

from metanet.circles import MAX_NAME
from metanet.identity.blocking import company_key
from metanet.model import Position, PositionKind

#: a position's kind → the circle's kind and the prefix of its key
KIND_OF = {PositionKind.WORK: "employer", PositionKind.EDUCATION: "school"}
PREFIX = {PositionKind.WORK: "work", PositionKind.EDUCATION: "study"}


@dataclass(frozen=True)
class Stint:
    """One organisation in a profile: the circle it belongs to and the member's years."""

    key: str
    name: str
    kind: str
    start_year: int | None
    end_year: int | None
    current: bool
    title: str | None


def stints(positions: list[Position]) -> list[Stint]:
    """One stint per organisation and kind (several positions at one firm: their years
    together), in the profile's order."""
    found: dict[str, Stint] = {}
    for position in positions:
        folded = company_key(position.organisation)
        if not folded or position.kind not in KIND_OF:
            continue
        key = f"{PREFIX[position.kind]}:{folded}"
        stint = Stint(
            key,
            position.organisation.strip()[:MAX_NAME],
            KIND_OF[position.kind],
            position.start_year,
            position.end_year,
            position.current,
            position.title,
        )
        found[key] = _together(found[key], stint) if key in found else stint
    return list(found.values())


def _together(a: Stint, b: Stint) -> Stint:
    starts = [y for y in (a.start_year, b.start_year) if y is not None]
    ends = [y for y in (a.end_year, b.end_year) if y is not None]
    titles = [t for t in (a.title, b.title) if t]
    return Stint(
        a.key,
        a.name,
        a.kind,
        min(starts) if starts else None,
        max(ends) if ends else None,
        a.current or b.current,
        " / ".join(dict.fromkeys(titles)) or None,
    )
