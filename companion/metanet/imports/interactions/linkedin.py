"""LinkedIn's export (Settings → Data privacy → Get a copy of your data): who wrote to
whom (``messages.csv``), invitations, endorsements and recommendations, given and received.

Only the columns naming people and dates are read; CONTENT, SUBJECT, the invitation's
message, the skill and the recommendation's text are never looked at. The user is the
profile found in the most conversations (or the one they are known by).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import datetime

from metanet.imports.base import EntryError
from metanet.imports.common import clean, csv_rows
from metanet.imports.interactions.events import (
    ENDORSED,
    ENDORSED_YOU,
    INVITED,
    INVITED_YOU,
    RECEIVED,
    RECOMMENDED,
    RECOMMENDED_YOU,
    SENT,
    THREAD,
    Event,
    Who,
    most_common,
    name_who,
    utc,
)
from metanet.imports.text import decode

SOURCE = "linkedin"
#: file name (lower case) → reader
MESSAGES = "messages.csv"
INVITATIONS = "invitations.csv"
FILES = (
    MESSAGES,
    INVITATIONS,
    "endorsement_received_info.csv",
    "endorsement_given_info.csv",
    "recommendations_received.csv",
    "recommendations_given.csv",
)


def account_who(url: str, label: str = "") -> Who | None:
    """A LinkedIn profile URL as an account identifier (``linkedin:key``)."""
    from metanet import sites

    ref = sites.normalise(clean(url)) if clean(url) else None
    if ref is None or ref.network != "linkedin":
        return None
    return Who("account", f"{ref.network}:{ref.key}", clean(label) or ref.key)


#: the forms LinkedIn's files write dates in (messages, endorsements, invitations and
#: recommendations each have their own); times are UTC
_FORMATS = (
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y/%m/%d %H:%M:%S UTC",
    "%Y-%m-%d %H:%M:%S",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%d %b %Y",
    "%Y-%m-%d",
)


def _when(text: str) -> datetime | None:
    text = clean(text)
    for fmt in _FORMATS:
        try:
            return utc(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def _table(data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as {lower-case column: cell}, after any ``Notes:`` preamble."""
    header: list[str] | None = None
    for line, row in csv_rows(decode(data)):
        if header is None:
            cells = [clean(c).lower().lstrip("\ufeff") for c in row]
            if len(cells) > 2 and any(("date" in c or c == "sent at") for c in cells):
                header = cells
            continue
        if any(cell.strip() for cell in row):
            yield line, dict(zip(header, row, strict=False))
    if header is None:
        raise EntryError("line 1", "no header row found")


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join((SOURCE, *parts)).encode()).hexdigest()


def _person(first: str, last: str, url: str = "") -> Who | None:
    name = f"{clean(first)} {clean(last)}".strip()
    return account_who(url, name) or name_who(name)


def messages(data: bytes, me: frozenset[str]) -> list[Event]:
    """Sent and received messages and the conversations begun, per other participant."""
    rows = []
    for _, row in _table(data):
        sender = account_who(row.get("sender profile url", ""), row.get("from", ""))
        names = [n.strip() for n in row.get("to", "").split(",")]
        urls = row.get("recipient profile urls", "").replace(",", " ").split()
        recipients = [
            w
            for i, u in enumerate(urls)
            if (w := account_who(u, names[i] if i < len(names) and len(names) == len(urls) else ""))
        ]
        when = _when(row.get("date", ""))
        if sender is not None and when is not None:
            rows.append((clean(row.get("conversation id", "")), sender, recipients, when))
    if not me:
        by_conversation: dict[str, set[str]] = {}
        for conversation, sender, recipients, _ in rows:
            group = by_conversation.setdefault(conversation, set())
            group.update(w.value for w in (sender, *recipients))
        found = most_common(by_conversation.values())
        me = frozenset({found}) if found else me
    events: list[Event] = []
    begun: set[tuple[str, str]] = set()
    for conversation, sender, recipients, when in sorted(rows, key=lambda r: r[3]):
        key = _key("message", conversation, when.isoformat(), sender.value)
        if sender.value in me:
            others = tuple(w for w in recipients if w.value not in me)
            kind = SENT
        else:
            others, kind = (sender,), RECEIVED
        if not others:
            continue
        events.append(Event(SOURCE, kind, when, others, key))
        for who in others:
            if (conversation, who.value) not in begun:
                begun.add((conversation, who.value))
                events.append(
                    Event(SOURCE, THREAD, when, (who,), _key("thread", conversation, who.value))
                )
    return events


def invitations(data: bytes) -> list[Event]:
    events = []
    for _, row in _table(data):
        when = _when(row.get("sent at", ""))
        outgoing = clean(row.get("direction", "")).upper() == "OUTGOING"
        url, name = (
            (row.get("inviteeprofileurl", ""), row.get("to", ""))
            if outgoing
            else (row.get("inviterprofileurl", ""), row.get("from", ""))
        )
        who = account_who(url, name) or name_who(clean(name))
        if when is None or who is None:
            continue
        kind = INVITED if outgoing else INVITED_YOU
        events.append(Event(SOURCE, kind, when, (who,), _key(kind, who.value, when.isoformat())))
    return events


def _people_rows(data: bytes, role: str, kind: str, date_column: str) -> list[Event]:
    """Endorsements (``role`` endorser/endorsee) or recommendations (no role: the row's
    own First Name, Last Name)."""
    events = []
    for _, row in _table(data):
        prefix = f"{role} " if role else ""
        who = _person(
            row.get(f"{prefix}first name", ""),
            row.get(f"{prefix}last name", ""),
            row.get(f"{prefix}public url", ""),
        )
        when = _when(row.get(date_column, ""))
        status = clean(row.get("endorsement status", row.get("status", ""))).upper()
        if who is None or when is None or status in ("REJECTED", "WITHDRAWN"):
            continue
        events.append(Event(SOURCE, kind, when, (who,), _key(kind, who.value, when.isoformat())))
    return events


READERS: dict[str, Callable[[bytes], list[Event]]] = {
    INVITATIONS: invitations,
    "endorsement_received_info.csv": lambda d: _people_rows(
        d, "endorser", ENDORSED_YOU, "endorsement date"
    ),
    "endorsement_given_info.csv": lambda d: _people_rows(
        d, "endorsee", ENDORSED, "endorsement date"
    ),
    "recommendations_received.csv": lambda d: _people_rows(d, "", RECOMMENDED_YOU, "creation date"),
    "recommendations_given.csv": lambda d: _people_rows(d, "", RECOMMENDED, "creation date"),
}


def read(name: str, data: bytes, me: frozenset[str]) -> list[Event]:
    """The events of one file of the export, by its name (lower case)."""
    if name == MESSAGES:
        return messages(data, me)
    return READERS[name](data)
