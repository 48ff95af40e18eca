"""iCalendar files (every calendar's export): meetings with the people who attended.

Parsed with ``icalendar``; recurring events are expanded with ``recurring-ical-events``
(RRULE, RDATE, EXDATE and moved occurrences), up to now: a meeting that has not happened
yet is not an interaction. Of each event only the organizer, the attendees (their
addresses and names) and the start are read; the title (SUMMARY), description and place
are never looked at.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from typing import Any

import icalendar
import recurring_ical_events

from metanet.imports.base import EntryError
from metanet.imports.interactions.events import MEETING, Event, Who, email_who, most_common, utc

SOURCE = "calendar"


def detect(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR")


def _people(component: Any) -> list[Who]:
    values = component.get("ATTENDEE", [])
    values = values if isinstance(values, list) else [values]
    organizer = component.get("ORGANIZER")
    found = []
    for value in [*values, *([organizer] if organizer is not None else [])]:
        params = getattr(value, "params", {})
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        who = email_who(str(value), str(params.get("CN", "")))
        if who is not None:
            found.append(who)
    return list({w.value: w for w in found}.values())


def _start(component: Any) -> datetime | None:
    value = component.get("DTSTART")
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime):
        return utc(moment)
    if isinstance(moment, date):
        return datetime.combine(moment, time(12), UTC)
    return None


def read(data: bytes, me: frozenset[str], *, until: datetime | None = None) -> list[Event]:
    """A meeting per occurrence and other attendee; the user is ``me`` (addresses) or the
    address found in the most events."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise EntryError("calendar", f"not a readable iCalendar file ({exc})") from None
    events = [c for c in calendar.walk("VEVENT") if _start(c) is not None]
    if not me:  # Google names the calendar after its owner's address
        owner = email_who(str(calendar.get("X-WR-CALNAME", "")))
        me = frozenset({owner.value}) if owner else me
    if not me:
        found = most_common([[w.value for w in _people(c)] for c in events])
        me = frozenset({found}) if found else me
    starts = [s for c in events if (s := _start(c)) is not None]
    if not starts:
        return []
    end = until or datetime.now(UTC)
    found_events: list[Event] = []
    try:
        occurrences = recurring_ical_events.of(calendar).between(min(starts), end)
    except ValueError as exc:
        raise EntryError("calendar", f"a repeating event cannot be read ({exc})") from None
    for occurrence in occurrences:
        when = _start(occurrence)
        people = _people(occurrence)
        if when is None or when > end or not me & {w.value for w in people}:
            continue  # a meeting the user was not at (a shared calendar) counts for nobody
        others = tuple(w for w in people if w.value not in me)
        if others:
            uid = str(occurrence.get("UID", ""))
            key = hashlib.sha256(f"{SOURCE}\x1f{uid}\x1f{when.isoformat()}".encode()).hexdigest()
            found_events.append(Event(SOURCE, MEETING, when, others, key))
    return found_events
