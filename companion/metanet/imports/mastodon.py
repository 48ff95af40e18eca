"""Mastodon's "follows" export (Preferences → Import and export → Data export).

Layouts handled (see tests/fixtures/imports/README.md):
- ``following_accounts.csv`` since Mastodon 3.x: ``Account address,Show boosts,Notify on
  new posts,Languages``, rows ``user@domain,true,false,"en,fr"``, blank lines allowed;
- the older file with one handle per line, with or without the leading ``@``
  (``@nare@թութ.հայ``: internationalised domains stay as written).
The user follows each account: directed ties.
"""

from __future__ import annotations

import re

from metanet.imports.base import Contact, Direction, EntryError, ParsedExport
from metanet.imports.common import clean, csv_rows, is_blank, profile_ref
from metanet.imports.text import decode
from metanet.model import AccountRecord

NAME = "mastodon"
NETWORK = "mastodon"
HEADER = "account address"
_HANDLE = re.compile(r"^@?([^@\s,]+)@([^@\s,/]+\.[^@\s,/]+)$")


def detect(text: str) -> bool:
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if not lines:
        return False
    if lines[0].lower().startswith(HEADER):
        return True
    return all(_HANDLE.match(line) for line in lines[:20]) and lines[0].startswith("@")


def parse(data: bytes) -> ParsedExport:
    text = decode(data).lstrip("\ufeff")
    result = ParsedExport(NAME, NETWORK, "mastodon-follows", complete=True)
    rows = csv_rows(text)
    has_header = text.lstrip().lower().startswith(HEADER)
    for line, row in rows:
        if is_blank(row):
            continue
        if has_header and clean(row[0]).lower() == HEADER:
            continue
        handle = clean(row[0])
        match = _HANDLE.match(handle)
        if match is None:
            raise EntryError(f"line {line}", f"'{handle}' is not an account address user@domain")
        user, domain = match.groups()
        url = f"https://{domain}/@{user}"
        # sites/mastodon.py keys only the unambiguous /@user@domain form of a URL; the
        # export says it is Mastodon, so that form is safe to ask for.
        ref = profile_ref(f"https://{domain}/@{user}@{domain}", NETWORK)
        key = ref.key if ref else f"{user.lower()}@{domain.lower()}"
        record = AccountRecord(network=NETWORK, key=key, profile_url=url)
        result.contacts.append(Contact(record, "follows", Direction.FROM_ME))
    return result
