"""Reasons as codes with parameters: what the domain says instead of sentences.

A reason is a small dict, ``{"code": "shared_contacts", "n": 3}``; the CLI and the summary
page turn it into words in the reader's language (``metanet.i18n.texts``). Merge
suggestions and decisions keep their reasons in a text column, as a JSON list.

Rows written before reasons became codes hold an English sentence; :func:`decode` hands
it on as ``{"code": "text", "text": …}`` so nothing is lost (it is shown as it was).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json import encoder as json_encoder
from typing import Any

Reason = dict[str, Any]


def _encoder() -> Callable[[list[Reason]], str]:
    """One encoder for every row. ``JSONEncoder.encode`` builds a new C encoder per call,
    half of what a call costs, and a full resolution encodes the reasons of ~300,000
    suggestions: the C encoder is built once here. Where CPython's C encoder is missing,
    the standard one does it (the same text)."""
    standard = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    make = getattr(json_encoder, "c_make_encoder", None)
    if make is None:
        return standard.encode
    one = make(
        None, standard.default, json_encoder.encode_basestring, None, ":", ",", False, False,
        True,
    )  # fmt: skip
    return lambda reasons: "".join(one(reasons, 0))


_ENCODE = _encoder()


def reason(code: str, **params: Any) -> Reason:
    return {"code": code, **params}


def encode(reasons: list[Reason]) -> str:
    """Reasons for a ``reason`` column."""
    return _ENCODE(reasons)


def decode(text: str | None) -> list[Reason]:
    """A ``reason`` column's reasons; an older row's sentence as one ``text`` reason."""
    if not text:
        return []
    if text.startswith("["):
        try:
            found = json.loads(text)
        except ValueError:
            found = None
        if isinstance(found, list) and all(isinstance(r, dict) and "code" in r for r in found):
            return found
    return [{"code": "text", "text": text}]
