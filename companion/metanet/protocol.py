"""The one codec for native-messaging frames, and the request/reply envelope.

A frame is a 4-byte unsigned length in the machine's native byte order followed by that
many bytes of UTF-8 JSON (Chrome and Firefox native messaging). The browser sends up to
64 MiB; it accepts at most 1 MiB from the host, and one byte more breaks the port, so
replies are checked before they are written.

Error codes are part of the protocol (docs/PROTOCOL.md): append new ones, never rename.
"""

from __future__ import annotations

import json
import re
import struct
from typing import Any, BinaryIO

from metanet.errors import InvalidInput

HEADER = struct.Struct("=I")  # native byte order, standard 4-byte size
MAX_REQUEST_BYTES = 64 * 1024 * 1024
MAX_REPLY_BYTES = 1024 * 1024
_DRAIN_CHUNK = 1024 * 1024


class ErrorCode:
    """Stable error codes of the protocol. Append only."""

    BAD_FRAME = "bad_frame"  # body is not UTF-8 JSON
    BAD_REQUEST = "bad_request"  # JSON, but not a valid request envelope or arguments
    FRAME_TOO_LARGE = "frame_too_large"  # length header above MAX_REQUEST_BYTES
    UNKNOWN_ACTION = "unknown_action"
    NOT_FOUND = "not_found"  # the named person/page/URL is not known
    DATABASE_BUSY = "database_busy"  # another writer held the database too long
    REPLY_TOO_LARGE = "reply_too_large"  # the answer would exceed MAX_REPLY_BYTES
    INTERNAL = "internal"  # a bug: logged with a traceback, the host keeps running
    FORBIDDEN_ORIGIN = "forbidden_origin"  # the caller is not our extension
    UNSUPPORTED_PAGE = "unsupported_page"  # no parser understands the page
    SERVER_START_FAILED = "server_start_failed"  # open_summary could not start `metanet serve`
    DATABASE_UNREADABLE = "database_unreadable"  # the database is damaged or not a database


class ProtocolError(Exception):
    """A frame could not be read; ``code`` is one of :class:`ErrorCode`."""

    code = ErrorCode.BAD_FRAME

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EndOfStream(Exception):
    """The browser closed the port cleanly (EOF exactly between frames)."""


class TruncatedFrame(ProtocolError):
    """EOF in the middle of a header or body: the stream cannot be resynchronised."""


class FrameTooLarge(ProtocolError):
    """The length header was above the cap; the body was skipped without being kept."""

    code = ErrorCode.FRAME_TOO_LARGE


class BadFrame(ProtocolError):
    """The body was read whole but is not a JSON object in UTF-8; the stream stays in sync."""


class BadRequest(ProtocolError, InvalidInput):
    """A JSON object that is not a valid request, or an action's arguments are wrong."""

    code = ErrorCode.BAD_REQUEST


def encode(message: dict[str, Any]) -> bytes:
    """Frame one message (no size check: see :func:`encode_reply`)."""
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    body = text.encode("utf-8")
    return HEADER.pack(len(body)) + body


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _skip(stream: BinaryIO, size: int) -> None:
    """Discard ``size`` bytes in chunks, so an oversize frame never sits in memory."""
    remaining = size
    while remaining:
        chunk = stream.read(min(remaining, _DRAIN_CHUNK))
        if not chunk:
            raise TruncatedFrame(f"stream ended inside an oversize frame ({size} bytes)")
        remaining -= len(chunk)


def read_message(stream: BinaryIO, max_bytes: int = MAX_REQUEST_BYTES) -> dict[str, Any]:
    """Read one frame and return its JSON object.

    Raises :class:`EndOfStream` on a clean EOF, :class:`TruncatedFrame` when the stream
    ends inside a frame, :class:`FrameTooLarge` (after skipping the body) when the length
    is above ``max_bytes``, and :class:`BadFrame` for a body that is not a UTF-8 JSON object.
    """
    header = _read_exactly(stream, HEADER.size)
    if not header:
        raise EndOfStream()
    if len(header) < HEADER.size:
        raise TruncatedFrame(f"stream ended inside the length header ({len(header)} of 4 bytes)")
    (length,) = HEADER.unpack(header)
    if length > max_bytes:
        _skip(stream, length)
        raise FrameTooLarge(f"frame of {length} bytes is above the limit of {max_bytes}")
    body = _read_exactly(stream, length)
    if len(body) < length:
        raise TruncatedFrame(f"stream ended inside a frame ({len(body)} of {length} bytes)")
    return decode_body(body)


def decode_body(body: bytes) -> dict[str, Any]:
    """Decode a frame body; raise :class:`BadFrame` unless it is a UTF-8 JSON object."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadFrame(f"frame is not valid UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise BadFrame(f"frame is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise BadFrame("frame is nested too deeply") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise BadRequest("a number in the request is too long") from None
    if not isinstance(value, dict):
        raise BadFrame(f"frame must be a JSON object, not {type(value).__name__}")
    return value


def _refuse_constant(name: str) -> Any:
    """NaN and ±Infinity are not JSON: Python's reader accepts them, the protocol does not."""
    raise BadRequest(f"{name} is not a number JSON allows")


_SURROGATE = re.compile("[\ud800-\udfff]")
#: the one field whose text may hold unpaired UTF-16 surrogates: the page's own DOM
PAGE_FIELD = "html"


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a UTF-16 surrogate that is not part of a character.

    JSON allows escapes such as ``\\ud800`` on their own; they are not Unicode text, and
    UTF-8 (frames, SQLite, log files) cannot carry them.
    """
    return not text.isascii() and _SURROGATE.search(text) is not None


def check_text(message: dict[str, Any]) -> None:
    """Refuse a request whose keys or strings hold lone surrogates (``html`` aside).

    A page's DOM may contain broken pairs (JavaScript strings are UTF-16) and is stored as
    it came; every other field names something (an action, a URL, a search) and must be
    text.
    """
    stack: list[Any] = [value for key, value in message.items() if key != PAGE_FIELD]
    stack += list(message)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                raise BadRequest("the request holds text that is not valid Unicode")
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def ok_reply(request_id: Any, result: Any) -> dict[str, Any]:
    return {"id": request_id, "ok": True, "result": result}


def error_reply(request_id: Any, code: str, message: str, **details: Any) -> dict[str, Any]:
    """An error reply; ``details`` are data beside the message (``candidates``)."""
    error = {"code": code, "message": message, **details}
    return {"id": request_id, "ok": False, "error": error}


def encode_reply(reply: dict[str, Any]) -> bytes:
    """Frame a reply, replacing it by a ``reply_too_large`` error above 1 MiB.

    Handlers page or truncate their own answers; this is the last guard that keeps one
    oversized answer from breaking the browser's port.
    """
    try:
        frame = encode(reply)
    except (UnicodeEncodeError, ValueError):
        # A bug (text that is not Unicode, a NaN): the browser must still get a frame.
        return encode(
            error_reply(request_id_of(reply), ErrorCode.INTERNAL, "the answer could not be encoded")
        )
    if len(frame) - HEADER.size <= MAX_REPLY_BYTES:
        return frame
    return encode(
        error_reply(
            reply.get("id"),
            ErrorCode.REPLY_TOO_LARGE,
            f"the answer ({len(frame)} bytes) exceeds the 1 MiB native-messaging limit",
        )
    )


def request_id_of(message: dict[str, Any]) -> Any:
    """The id to echo: any JSON scalar the caller sent, else None."""
    rid = message.get("id")
    if isinstance(rid, str) and has_lone_surrogate(rid):
        return None
    return rid if isinstance(rid, (str, int, float)) and not isinstance(rid, bool) else None
