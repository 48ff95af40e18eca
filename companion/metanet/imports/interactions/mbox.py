"""mbox files (every mail program's export, Gmail's Takeout): headers only, streamed.

The file is read in blocks of :data:`BLOCK` bytes; in each message only the header block
is looked at (up to the first blank line), and of it only the lines that say who and
when (From, To, Cc, Date, Message-ID, In-Reply-To, References, Delivered-To). Those
lines go through Python's own e-mail parser (folded lines, RFC 2047 encoded names); the
body is skipped by searching for the next ``From `` separator, so a multi-gigabyte export
never sits in memory and no text or subject is ever decoded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from metanet.imports.interactions.events import (
    RECEIVED,
    SENT,
    THREAD,
    Event,
    Who,
    email_who,
    most_common,
    utc,
)

SOURCE = "mail"
BLOCK = 1 << 22  # 4 MiB per read: the search for separators runs in C over it
#: a header block longer than this is not headers (a broken file): it is cut there
MAX_HEADERS = 256 * 1024
#: messages read to find the user's own address when none is known
SAMPLE = 400
#: distinct address headers remembered (each a few hundred bytes: memory stays bounded)
ADDRESS_CACHE = 50_000
_WANTED = re.compile(
    rb"^(?:from|to|cc|date|message-id|in-reply-to|references|delivered-to)[ \t]*:"
    rb"[^\n]*(?:\n[ \t][^\n]*)*",
    re.IGNORECASE | re.MULTILINE,
)
_PARSER = BytesHeaderParser(policy=compat32)


def detect(head: bytes) -> bool:
    """An mbox begins with a ``From `` separator line followed by header lines."""
    first, _, rest = head.partition(b"\n")
    return first.startswith(b"From ") and b":" in rest[:200]


def header_blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """The header block of every message, in order (without the separator line)."""
    buf = stream.read(BLOCK)
    while b"\n" not in buf[:MAX_HEADERS]:  # the first line says how lines end
        chunk = stream.read(BLOCK)
        if not chunk:
            break
        buf += chunk
    eof = not buf
    blank = b"\r\n\r\n" if buf[: buf.find(b"\n") + 1].endswith(b"\r\n") else b"\n\n"
    pos, scan = (0 if buf.startswith(b"From ") else -1), 0
    while True:
        if pos < 0:  # skipping a body: the next separator
            found = buf.find(b"\nFrom ", scan)
            if found < 0:
                if eof:
                    return
                chunk = stream.read(BLOCK)
                eof = not chunk
                buf, scan = buf[-5:] + chunk, 0
                continue
            pos = found + 1
        end = buf.find(blank, pos, pos + MAX_HEADERS)
        if end < 0 and not eof and len(buf) - pos < MAX_HEADERS:
            chunk = stream.read(BLOCK)
            eof = not chunk
            buf, pos = buf[pos:] + chunk, 0
            continue
        stop = end if end >= 0 else min(len(buf), pos + MAX_HEADERS)
        line_end = buf.find(b"\n", pos, stop)
        if line_end >= 0:
            block = buf[line_end + 1 : stop]
            yield block.replace(b"\r\n", b"\n") if len(blank) == 4 else block
        pos, scan = -1, stop


@lru_cache(maxsize=ADDRESS_CACHE)
def addresses(value: str) -> tuple[Who, ...]:
    """The people one address header names, encoded words decoded.

    Cached: the same From and To lines recur thousands of times in a mailbox, and the
    e-mail parser's address grammar is the slowest part of reading a header (measured:
    two thirds of the time per message, bench/REPORT-interactions.md).
    """
    found = []
    for name, address in getaddresses([value]):
        if "=?" in name:
            try:
                name = str(make_header(decode_header(name)))
            except (UnicodeError, LookupError, ValueError):
                name = ""
        who = email_who(address, name)
        if who is not None:
            found.append(who)
    return tuple(found)


def _all(head: Any, field: str) -> list[Who]:
    return [w for value in head.get_all(field, []) for w in addresses(str(value))]


class Message:
    """Who and when of one message's headers."""

    __slots__ = ("delivered", "message_id", "recipients", "reply", "sender", "when")

    def __init__(self, block: bytes) -> None:
        wanted = b"\n".join(m.group(0) for m in _WANTED.finditer(block))
        head = _PARSER.parsebytes(wanted + b"\n\n")
        raw_date = head.get("Date")
        try:
            self.when = utc(parsedate_to_datetime(str(raw_date))) if raw_date else None
        except (TypeError, ValueError, IndexError, OverflowError):
            self.when = None
        senders = _all(head, "From")
        self.sender: Who | None = senders[0] if senders else None
        self.recipients = _all(head, "To") + _all(head, "Cc")
        self.delivered = {w.value for w in _all(head, "Delivered-To")}
        self.message_id = str(head.get("Message-ID", "") or "").strip()
        self.reply = bool(head.get("In-Reply-To") or head.get("References"))

    def addresses(self) -> set[str]:
        found = {w.value for w in self.recipients} | self.delivered
        if self.sender is not None:
            found.add(self.sender.value)
        return found


def guess_me(path: Path) -> str | None:
    """The address in most of the first :data:`SAMPLE` messages (the mailbox's owner)."""
    with path.open("rb") as stream:
        return guess_in(stream)


def guess_in(stream: IO[bytes]) -> str | None:
    groups = []
    for i, block in enumerate(header_blocks(stream)):
        if i >= SAMPLE:
            break
        groups.append(Message(block).addresses())
    return most_common(groups)


def events(message: Message, me: frozenset[str]) -> Iterator[Event]:
    """Sent (one per recipient), received (from the sender), a thread begun."""
    if message.when is None or message.sender is None:
        return
    basis = message.message_id or f"{message.when.isoformat()} {message.sender.value}"
    key = hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()
    if message.sender.value in me:
        others = tuple({w.value: w for w in message.recipients if w.value not in me}.values())
        if others:
            yield Event(SOURCE, SENT, message.when, others, key)
    elif me & ({w.value for w in message.recipients} | message.delivered) or not me:
        others = (message.sender,)
        yield Event(SOURCE, RECEIVED, message.when, others, key)
    else:
        return
    if not message.reply:
        yield Event(SOURCE, THREAD, message.when, others, key + ":thread")


def read(path: Path, me: frozenset[str]) -> Iterator[Event]:
    """Every event of the mbox at ``path``, as seen by the owner of the ``me`` addresses."""
    with path.open("rb") as stream:
        yield from read_stream(stream, me)


def read_stream(stream: IO[bytes], me: frozenset[str]) -> Iterator[Event]:
    for block in header_blocks(stream):
        yield from events(Message(block), me)
