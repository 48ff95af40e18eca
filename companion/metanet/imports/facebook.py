"""Facebook "Download Your Information" friends lists, JSON format.

Layouts handled (see tests/fixtures/imports/README.md):
- ``friends/friends.json``: ``{"friends": [{"name": …, "timestamp": …}, …]}`` (until ~2021);
- ``connections/friends/your_friends.json``: ``{"friends_v2": [...]}``, entries sometimes
  with ``contact_info`` (an e-mail address).
Facebook writes names as UTF-8 bytes escaped one by one (``"Zo\\u00c3\\u00ab"`` for Zoë):
:func:`repair` undoes that where the result is valid UTF-8 and keeps the text otherwise.
Entries carry no profile URL, so each friend gets a derived key from name and timestamp and
stays unconfirmed until identity resolution links it to a real profile.
"""

from __future__ import annotations

import json
from typing import Any

from metanet.identifiers import normalise_email
from metanet.imports.base import Contact, Direction, EntryError, ParsedExport
from metanet.imports.common import clean, derived_key, from_timestamp
from metanet.imports.text import decode
from metanet.model import AccountRecord

NAME = "facebook"
NETWORK = "facebook"
LIST_KEYS = ("friends_v2", "friends")


def repair(text: str) -> str:
    """Undo Facebook's mojibake: code points U+0080–U+00FF that are really UTF-8 bytes.

    Only when every character fits in one byte and those bytes decode as UTF-8; a name
    really written in Latin-1 (``José`` as ``Jos\\u00e9``) fails that and is kept.
    """
    if all(ord(ch) < 0x80 for ch in text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def detect_json(document: Any) -> bool:
    return isinstance(document, dict) and any(
        isinstance(document.get(key), list) for key in LIST_KEYS
    )


def parse(data: bytes) -> ParsedExport:
    try:
        document = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise EntryError(f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
    if not detect_json(document):
        raise EntryError("top level", "no 'friends_v2' or 'friends' list")
    entries = next(document[key] for key in LIST_KEYS if isinstance(document.get(key), list))
    result = ParsedExport(NAME, NETWORK, "facebook-friends", complete=True)
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise EntryError(f"entry {number}", "a friend needs a 'name' string")
        name = clean(repair(entry["name"]))
        if not name:
            result.skipped += 1
            continue
        timestamp = entry.get("timestamp")
        since = from_timestamp(timestamp)
        contact_info = entry.get("contact_info")
        email = normalise_email(contact_info) if isinstance(contact_info, str) else None
        record = AccountRecord(
            network=NETWORK,
            key=derived_key("fb-dyi", name, str(timestamp)),
            profile_url="",
            name=name,
            emails=[email] if email else [],
        )
        result.contacts.append(
            Contact(record, "friend", Direction.BOTH, confirmed=False, since=since)
        )
    return result
