"""Instagram "Download your information" followers and following lists, JSON format.

Layouts handled (see tests/fixtures/imports/README.md):
- ``connections/followers_and_following/followers_1.json`` (``followers_2.json``, …): a list
  of ``{"title": "", "media_list_data": [], "string_list_data": [{"href", "value",
  "timestamp"}]}``: each one follows the user;
- ``…/following.json``: ``{"relationships_following": [ same entries ]}``: the user follows
  each one. Newer exports put the username in ``title`` and an ``/_u/<name>`` href.
Follows are directed ties: a follower is not someone the user follows back.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from metanet.imports.base import Contact, Direction, EntryError, ParsedExport
from metanet.imports.common import clean, from_timestamp, profile_ref
from metanet.imports.facebook import repair
from metanet.imports.text import decode
from metanet.model import AccountRecord

NAME = "instagram"
NETWORK = "instagram"
FOLLOWING_KEY = "relationships_following"
FOLLOWERS_KEY = "relationships_followers"


def _entries(document: Any) -> tuple[list[Any], str] | None:
    """(entries, direction) if the document is a followers or following list."""
    if isinstance(document, dict):
        if isinstance(document.get(FOLLOWING_KEY), list):
            return document[FOLLOWING_KEY], Direction.FROM_ME
        if isinstance(document.get(FOLLOWERS_KEY), list):
            return document[FOLLOWERS_KEY], Direction.TO_ME
        return None
    if isinstance(document, list) and all(
        isinstance(item, dict) and "string_list_data" in item for item in document
    ):
        return document, Direction.TO_ME
    return None


def detect_json(document: Any) -> bool:
    return _entries(document) is not None and document != []


def _username(entry: dict[str, Any], item: dict[str, Any]) -> str:
    for candidate in (item.get("value"), entry.get("title")):
        if isinstance(candidate, str) and clean(candidate):
            return clean(repair(candidate)).lstrip("@")
    href = item.get("href")
    if isinstance(href, str):
        parts = [p for p in urlsplit(href).path.split("/") if p and p != "_u"]
        if parts:
            return parts[0]
    return ""


def parse(data: bytes) -> ParsedExport:
    try:
        document = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise EntryError(f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
    found = _entries(document)
    if found is None:
        raise EntryError("top level", "neither a followers list nor 'relationships_following'")
    entries, direction = found
    source = "instagram-following" if direction == Direction.FROM_ME else "instagram-followers"
    result = ParsedExport(NAME, NETWORK, source, complete=True)
    for number, entry in enumerate(entries, 1):
        items = entry.get("string_list_data") if isinstance(entry, dict) else None
        if not isinstance(items, list) or not items or not isinstance(items[0], dict):
            raise EntryError(f"entry {number}", "no 'string_list_data' with an account")
        username = _username(entry, items[0])
        if not username:
            raise EntryError(f"entry {number}", "no username in 'value', 'title' or 'href'")
        url = f"https://www.instagram.com/{username}/"
        ref = profile_ref(url, NETWORK)
        # sites/instagram.py keys it; a username it refuses is kept as Instagram compares
        # usernames: case-insensitively.
        key = ref.key if ref else username.lower()
        record = AccountRecord(network=NETWORK, key=key, profile_url=url)
        since = from_timestamp(items[0].get("timestamp"))
        result.contacts.append(Contact(record, "follows", direction, since=since))
    return result
