"""Reasons as a ``reason`` column keeps them: the encoder built once writes what the
standard JSON encoder writes, and an older row's sentence is read back as it was."""

from __future__ import annotations

import json

import pytest

from metanet.reasons import decode, encode

STANDARD = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@pytest.mark.parametrize(
    "reasons",
    [
        [],
        [{"code": "same_photo"}],
        [
            {"code": "same_name", "name": 'Jürgen "Jo" Müller \\ 中文 😀\n'},
            {"code": "common_name", "n": 9},
        ],
        [{"code": "x", "score": 0.1, "big": 1e300, "none": None, "yes": True, "l": [1, "a"]}],
    ],
)
def test_encode_writes_what_the_standard_encoder_writes(reasons: list[dict[str, object]]) -> None:
    assert encode(reasons) == STANDARD(reasons)
    assert decode(encode(reasons)) == reasons


def test_encode_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        encode([{"code": "x", "when": object()}])


def test_decode_reads_an_older_sentence_as_one_text_reason() -> None:
    assert decode("same name 'Anna Weber'") == [{"code": "text", "text": "same name 'Anna Weber'"}]
    assert decode(None) == []
