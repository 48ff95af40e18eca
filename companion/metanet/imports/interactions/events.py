"""What an export says about interaction, reduced to metadata before anything is kept.

The readers (LinkedIn, Facebook/Instagram message threads, mbox, iCalendar) yield
:class:`Event` values: who (identifiers only), when, what kind, and a key that tells the
event apart from others so a newer export adds only what is new. A message's text, its
subject and an event's title are never read into an :class:`Event`: there is no field
for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from metanet.folding import fold
from metanet.identifiers import normalise_email, normalise_phone

#: what an event counts as, for the person it names
SENT, RECEIVED, THREAD, MEETING = "sent", "received", "thread", "meeting"
ENDORSED, ENDORSED_YOU = "endorsed", "endorsed_you"
RECOMMENDED, RECOMMENDED_YOU = "recommended", "recommended_you"
INVITED, INVITED_YOU = "invited", "invited_you"
KINDS = (SENT, RECEIVED, THREAD, MEETING, ENDORSED, ENDORSED_YOU, RECOMMENDED,
         RECOMMENDED_YOU, INVITED, INVITED_YOU)  # fmt: skip


@dataclass(frozen=True)
class Who:
    """One other person as the export names them: ``kind`` email, phone, account (a
    profile's ``network:key``) or name; ``value`` normalised; ``label`` as written."""

    kind: str
    value: str
    label: str = ""

    @property
    def ident(self) -> str:
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class Event:
    """One counted thing: ``kind`` towards each of ``who`` at ``at`` (UTC)."""

    source: str
    kind: str
    at: datetime
    who: tuple[Who, ...]
    key: str = field(compare=False)


def email_who(address: str, label: str = "") -> Who | None:
    value = normalise_email(address)
    return Who("email", value, label.strip() or value) if value else None


def phone_who(number: str, label: str = "") -> Who | None:
    value = normalise_phone(number)
    return Who("phone", value, label.strip() or number) if value else None


def name_who(name: str) -> Who | None:
    """A name alone: matched only where it is unique among your people."""
    text = " ".join(name.split())
    return Who("name", fold(text), text) if text else None


def utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def month_of(when: datetime) -> str:
    return when.strftime("%Y-%m")


def most_common(groups: Iterable[Iterable[str]]) -> str | None:
    """The value present in the most groups (the user: in every conversation)."""
    counts: dict[str, int] = {}
    for group in groups:
        for value in set(group):
            counts[value] = counts.get(value, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda v: counts[v])
