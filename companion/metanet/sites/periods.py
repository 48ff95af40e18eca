"""Years from a printed period: "December 2008 – Present (7 years 1 month)", "2019 - 2021",
"Jul 2021 - Present · 3 yrs 1 mo", "Class of 2013", "seit 2016".

Only years are read: months are printed in every language and add nothing a "circle"
needs (who was where at the same time).
"""

from __future__ import annotations

import re

from metanet.model import Position, PositionKind

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_CURRENT = re.compile(r"\b(?:present|heute|now|today|current|aktuell|bis heute)\b", re.IGNORECASE)
_ENDS = re.compile(r"^\s*(?:class of|school year|jahrgang|abschluss)\b", re.IGNORECASE)


def years(text: str | None) -> tuple[int | None, int | None, bool]:
    """(start year, end year, still there) of a printed period; Nones when it has none.

    A single year is a start ("2016 – Present", "since 2016") unless the words say it is
    an end ("Class of 2013").
    """
    if not text:
        return None, None, False
    # Durations in brackets ("(7 years 1 month)") hold no years; cut them off.
    found = [int(year) for year in _YEAR.findall(text.split("(", 1)[0])[:2]]
    current = bool(_CURRENT.search(text))
    if not found:
        return None, None, current
    if len(found) == 1:
        if _ENDS.search(text):
            return None, found[0], False
        return found[0], None, current
    return found[0], found[1], False


def position(
    organisation: str,
    kind: str = PositionKind.WORK,
    title: str | None = None,
    period: str | None = None,
) -> Position:
    """A :class:`Position` with the years of its printed ``period``."""
    start, end, current = years(period)
    return Position(organisation, kind, title, start, end, current)
