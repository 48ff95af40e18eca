"""Facebook's and Instagram's message threads ("Download Your Information", JSON).

Each thread is a ``message_N.json`` beside its siblings in one folder of
``messages/inbox/``: its participants and, per message, the sender and a timestamp. The
``content`` of a message is never read. Names come as Meta writes them, UTF-8 bytes as
Latin-1 code points (mojibake), and are repaired (:func:`metanet.imports.facebook.repair`).
The user is the participant of the most threads (or one of the names they are known by).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from datetime import UTC, datetime
from typing import Any

from metanet.folding import fold
from metanet.imports.base import EntryError
from metanet.imports.facebook import repair
from metanet.imports.interactions.events import (
    RECEIVED,
    SENT,
    THREAD,
    Event,
    most_common,
    name_who,
)

#: a message file of a thread: .../messages/inbox/<thread>/message_1.json
MEMBER = re.compile(
    r"(^|/)messages/(inbox|archived_threads|filtered_threads)/[^/]+/message_\d+\.json$"
)


def source_of(path: str) -> str:
    return "instagram" if "instagram" in path.lower() else "facebook"


def parse(data: bytes, where: str) -> tuple[list[str], list[tuple[str, int]]]:
    """(participants, [(sender, timestamp ms)]) of one message file, names repaired."""
    try:
        document: Any = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EntryError(where, f"not a message thread ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        raise EntryError(where, "no 'messages' list: not a message thread")
    participants = [
        repair(str(p.get("name", "")))
        for p in document.get("participants", [])
        if isinstance(p, dict) and p.get("name")
    ]
    sent = [
        (repair(str(m["sender_name"])), int(m["timestamp_ms"]))
        for m in document["messages"]
        if isinstance(m, dict) and m.get("sender_name") and isinstance(m.get("timestamp_ms"), int)
    ]
    return participants, sent


Thread = tuple[str, str, list[str], list[tuple[str, int]]]  # source, folder, participants, sent


def events(threads: list[Thread], me_names: frozenset[str]) -> list[Event]:
    """Sent and received messages and threads, per other participant (names only)."""
    me = {fold(n) for n in me_names}
    if not me:
        found = most_common([{fold(p) for p in t[2]} for t in threads if len(t[2]) > 1])
        me = {found} if found else set()
    found_events: list[Event] = []
    for source, folder, participants, sent in threads:
        others = tuple(w for p in participants if fold(p) not in me and (w := name_who(p)))
        if not others or not sent:
            continue
        for sender, stamp in sent:
            when = datetime.fromtimestamp(stamp / 1000, UTC)
            key = _key(source, folder, str(stamp), sender)
            if fold(sender) in me:
                found_events.append(Event(source, SENT, when, others, key))
            elif (who := name_who(sender)) is not None:
                found_events.append(Event(source, RECEIVED, when, (who,), key))
        first = datetime.fromtimestamp(min(s for _, s in sent) / 1000, UTC)
        found_events.append(Event(source, THREAD, first, others, _key(source, folder, "thread")))
    return found_events


def folder_of(path: str) -> str:
    return posixpath.basename(posixpath.dirname(path))


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
