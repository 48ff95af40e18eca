"""Small helpers several importers share: names, keys for people without a profile URL,
dates, and CSV rows with their line numbers."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from metanet import sites
from metanet.model import AccountRef

DERIVED_PREFIX = "~"  # normalisers never produce "~": a derived key cannot collide with one


def clean(text: str | None) -> str:
    """Whitespace collapsed (exports leave tabs and double spaces in names), trimmed.

    ``str.split`` splits where ``\\s+`` matches (both ask ``str.isspace``), faster."""
    return " ".join(text.split()) if text else ""


def derived_key(kind: str, *parts: str) -> str:
    """A stable key for an entry without a profile URL: ``~<kind>:<16 hex digits>``.

    The digits are the start of the SHA-256 of the parts (case-folded, whitespace
    collapsed, joined by ``|``): the same entry in a later export gets the same key, and
    no real profile key can look like it. A profile URL seen later is a *different*
    account; identity resolution links the two.
    """
    text = "|".join(clean(part).casefold() for part in parts)
    return f"{DERIVED_PREFIX}{kind}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def profile_ref(url: str, network: str) -> AccountRef | None:
    """The account a profile URL names, if it is one of ``network``'s (via ``sites``)."""
    ref = sites.normalise(url) if url else None
    return ref if ref is not None and ref.network == network else None


_DATE_FORMATS = (
    "%d %b %Y",  # 12 Mar 2021 (LinkedIn since about 2020)
    "%d %B %Y",
    "%m/%d/%y, %I:%M %p",  # 1/8/18, 6:14 PM (LinkedIn 2018)
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y-%m-%d",
    "%b %d, %Y",
)


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MON_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$")


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> str | None:
    """An export's date as ISO ``YYYY-MM-DD``; None when empty or in no known form.

    Cached, with a fast path for LinkedIn's ``12 Mar 2021``: ``strptime`` costs a locale
    lookup per call, a second on a 30,000-row export where dates repeat anyway.
    """
    text = clean(text)
    match = _DAY_MON_YEAR.match(text)
    if match and match.group(2).lower() in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], match.group(3)
        if 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def from_timestamp(value: object) -> str | None:
    """A Unix timestamp (as the Meta exports write it) as ISO 8601 UTC."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC).replace(microsecond=0).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def csv_rows(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line number where the row starts, cells) for every CSV row, quoted newlines kept."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        from metanet.imports.base import EntryError

        raise EntryError(f"line {start}", f"not valid CSV ({exc})") from None


def is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def addressbook_key(name: str, identifiers: list[str]) -> str:
    """The key of an address-book entry without a UID: name and first e-mail or phone.

    vCards and Google's CSV share it, so one person exported both ways is one account.
    """
    return derived_key("ab", name, identifiers[0] if identifiers else "")
