"""Which automatic backups a folder keeps: the newest of each of the last 7 days that have
one, and the newest of each of the last 4 weeks (ISO weeks) that have one.

Counted by days and weeks *with* a backup, not by the calendar: a laptop that stayed shut
for a month still keeps its last 7 daily backups instead of none. Only files named as
:func:`name` names them are touched; backups the user took by hand stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PREFIX = "metanet-auto-"
SUFFIX = ".zip"
STAMP = "%Y-%m-%dT%H%M%SZ"
_NAME = re.compile(re.escape(PREFIX) + r"(\d{4}-\d\d-\d\dT\d{6}Z)" + re.escape(SUFFIX) + "$")
DAILY = 7
WEEKLY = 4


@dataclass(frozen=True)
class Kept:
    keep: list[Path]
    remove: list[Path]


def name(taken_at: datetime) -> str:
    """An automatic backup's file name: its time in UTC, so names sort by time."""
    return f"{PREFIX}{taken_at.astimezone(UTC).strftime(STAMP)}{SUFFIX}"


def taken_at(path: Path) -> datetime | None:
    """When the automatic backup ``path`` was taken, from its name; None if not one."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)


def automatic(folder: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups in ``folder``, newest first."""
    found = [(taken_at(p), p) for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()]
    return sorted(((t, p) for t, p in found if t is not None), reverse=True)


def choose(backups: list[tuple[datetime, Path]], daily: int = DAILY, weekly: int = WEEKLY) -> Kept:
    """Which of ``backups`` (any order) to keep and which to remove."""
    newest_first = sorted(backups, reverse=True)
    keep: dict[Path, None] = {}
    days: set[object] = set()
    weeks: set[object] = set()
    for when, path in newest_first:
        day, week = when.date(), when.isocalendar()[:2]
        if day not in days and len(days) < daily:
            days.add(day)
            keep[path] = None
        if week not in weeks and len(weeks) < weekly:
            weeks.add(week)
            keep[path] = None
    return Kept(list(keep), [p for _, p in newest_first if p not in keep])
