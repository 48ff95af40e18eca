"""The frame codec: round trips and every way a frame can be broken."""

from __future__ import annotations

import io
import json
import re
import struct
from pathlib import Path

import pytest

from metanet import protocol
from metanet.protocol import (
    BadFrame,
    EndOfStream,
    ErrorCode,
    FrameTooLarge,
    TruncatedFrame,
    encode,
    encode_reply,
    read_message,
)


def frame(body: bytes) -> bytes:
    return struct.pack("=I", len(body)) + body


@pytest.mark.parametrize(
    "message",
    [
        {"id": 1, "action": "ping"},
        {"id": "x", "html": "<p>Jürgen Größ, Zoë, José, Ørsted 🇩🇪</p>"},
        {"nested": {"list": [1, 2.5, None, True, "a" * 10_000]}},
        {},
    ],
)
def test_round_trip(message: dict[str, object]) -> None:
    assert read_message(io.BytesIO(encode(message))) == message


def test_header_is_native_byte_order() -> None:
    data = encode({"a": 1})
    assert struct.unpack("=I", data[:4])[0] == len(data) - 4


def test_two_frames_back_to_back_then_clean_eof() -> None:
    stream = io.BytesIO(encode({"n": 1}) + encode({"n": 2}))
    assert read_message(stream) == {"n": 1}
    assert read_message(stream) == {"n": 2}
    with pytest.raises(EndOfStream):
        read_message(stream)


def test_truncated_header() -> None:
    with pytest.raises(TruncatedFrame, match="length header"):
        read_message(io.BytesIO(b"\x05\x00"))


def test_truncated_body() -> None:
    with pytest.raises(TruncatedFrame, match="inside a frame"):
        read_message(io.BytesIO(frame(b'{"id": 1}')[:-3]))


def test_oversize_length_is_refused_and_skipped_without_keeping_it() -> None:
    big = frame(b"x" * 2000) + encode({"after": True})
    stream = io.BytesIO(big)
    with pytest.raises(FrameTooLarge) as info:
        read_message(stream, max_bytes=1000)
    assert info.value.code == ErrorCode.FRAME_TOO_LARGE
    # the stream is still in sync: the next frame reads normally
    assert read_message(stream, max_bytes=1000) == {"after": True}


def test_oversize_length_with_no_body_is_truncated() -> None:
    with pytest.raises(TruncatedFrame):
        read_message(io.BytesIO(struct.pack("=I", 0xFFFFFFFF)))


def test_invalid_utf8() -> None:
    with pytest.raises(BadFrame, match="UTF-8"):
        read_message(io.BytesIO(frame(b'{"a": "\xff\xfe"}')))


def test_invalid_json() -> None:
    with pytest.raises(BadFrame, match="not valid JSON"):
        read_message(io.BytesIO(frame(b'{"a": ')))


@pytest.mark.parametrize("body", [b"[1, 2]", b'"text"', b"42", b"null", b"true"])
def test_non_object_json(body: bytes) -> None:
    with pytest.raises(BadFrame, match="JSON object"):
        read_message(io.BytesIO(frame(body)))


def test_deeply_nested_json_is_a_bad_frame_not_a_crash() -> None:
    with pytest.raises(BadFrame):
        read_message(io.BytesIO(frame(b"[" * 100_000 + b"]" * 100_000)))


def test_bad_frame_leaves_stream_in_sync() -> None:
    stream = io.BytesIO(frame(b"not json") + encode({"ok": 1}))
    with pytest.raises(BadFrame):
        read_message(stream)
    assert read_message(stream) == {"ok": 1}


def test_reply_over_one_mebibyte_becomes_an_error() -> None:
    reply = protocol.ok_reply(7, {"blob": "x" * (protocol.MAX_REPLY_BYTES + 10)})
    data = encode_reply(reply)
    decoded = json.loads(data[4:])
    assert decoded["id"] == 7
    assert decoded["ok"] is False
    assert decoded["error"]["code"] == ErrorCode.REPLY_TOO_LARGE
    assert len(data) - 4 <= protocol.MAX_REPLY_BYTES


def test_reply_at_exactly_the_limit_passes() -> None:
    reply = protocol.ok_reply(1, "")
    overhead = len(encode(reply)) - 4
    reply = protocol.ok_reply(1, "x" * (protocol.MAX_REPLY_BYTES - overhead))
    data = encode_reply(reply)
    assert len(data) - 4 == protocol.MAX_REPLY_BYTES
    assert json.loads(data[4:])["ok"] is True


@pytest.mark.parametrize(
    ("message", "expected"),
    [({"id": 3}, 3), ({"id": "a"}, "a"), ({"id": True}, None), ({"id": [1]}, None), ({}, None)],
)
def test_request_id_echo(message: dict[str, object], expected: object) -> None:
    assert protocol.request_id_of(message) == expected


def test_error_codes_are_mirrored_in_the_extension_and_the_docs() -> None:
    root = Path(__file__).resolve().parents[1]
    codes = {v for k, v in vars(ErrorCode).items() if k.isupper()}
    errors_js = (root / "extension" / "common" / "errors.js").read_text(encoding="utf-8")
    host_block = errors_js.split("export const HostCode", 1)[1].split("});", 1)[0]
    assert set(re.findall(r':\s*"([a-z_]+)"', host_block)) == codes
    doc = (root / "docs" / "PROTOCOL.md").read_text(encoding="utf-8")
    assert {code for code in codes if f"| `{code}` |" in doc} == codes


def test_every_action_has_its_section_and_is_listed_in_the_docs() -> None:
    from metanet.actions import ACTIONS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "PROTOCOL.md").read_text("utf-8")
    sections = set(re.findall(r"^### `([a-z_]+)`$", doc, re.MULTILINE))
    in_table = set(re.findall(r"^\| `([a-z_]+)` \| `(?:services|actions)", doc, re.MULTILINE))
    assert sections == set(ACTIONS) and in_table == set(ACTIONS)
    assert f"unknown action 'fly' ({', '.join(sorted(ACTIONS))})" in doc
