"""LinkedIn member URLs: one key per member, whatever form of the URL was captured.

Keys are lowercase vanity slugs (``/in/<slug>``). Member URNs (``/in/ACoAA…``) are
case-sensitive ids and are kept as they are: which URN belongs to which slug is for
identity resolution to learn (a list card that shows both records the URN as
``same_as``), not for the normaliser to guess.

Shared by the profile parser (``linkedin.py``) and the list parser (``linkedin_lists.py``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

from metanet.model import AccountRef
from metanet.sites.text import plain_host
from metanet.sites.urls import split_site_url

NETWORK = "linkedin"

_HOST = re.compile(r"(?:^|\.)linkedin\.com$")
# Member URNs as they appear in profile URLs: "ACoAA" + base64url, about 39 characters.
URN = re.compile(r"^AC[ow]AA[A-Za-z0-9_-]{20,60}$")
_HEX = re.compile(r"^[0-9a-f]{1,3}$")
_UNSAFE = re.compile(r"[ /?#%]")
LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)
# The form exports and nearly every link on a page have: a member's page, nothing after
# it but a query or a fragment. For these urlsplit would find the segments ["in", <slug>]
# (see member_of_path); matched at once, a 30,000-row export is read in ~0.2 s less and a
# cold capture of a 500-card list spent ~15 % less time on its links.
_PLAIN = re.compile(r"https?://(?:[a-z]{2,3}\.)?linkedin\.com/in/([^/?#\s]+)/?(?:[?#]\S*)?")
_SAFE_KEY = re.compile(r"[A-Za-z0-9_.~-]+")  # what quote() leaves as it is


def normalise(url: str) -> AccountRef | None:
    """The member a LinkedIn profile URL points at, whatever its form; None otherwise."""
    found = member(url)
    return AccountRef(NETWORK, found[0]) if found else None


def profile_url(key: str) -> str:
    """The canonical profile URL for a key: ``https://www.linkedin.com/in/<key>/``."""
    safe = key if _SAFE_KEY.fullmatch(key) else quote(key, safe="-_.~")
    return f"https://www.linkedin.com/in/{safe}/"


def member_photo(url: str | None) -> str | None:
    """A member photo's URL; LinkedIn's static assets (ghost heads, spacers) are none."""
    if url is None:
        return None
    host = plain_host(url) or urlsplit(url).hostname or ""
    return None if host.startswith(("static.", "s.c.")) or "/scds/" in url else url


def member(url: str) -> tuple[str, list[str]] | None:
    """(key, path segments after the member) for a LinkedIn member URL."""
    plain = _PLAIN.fullmatch(url)
    if plain is not None:
        key = _slug_key(plain.group(1))
        return (key, []) if key else None
    return member_of_path(url)


def member_of_path(url: str) -> tuple[str, list[str]] | None:
    """:func:`member` for any form of the URL, read by its path segments."""
    segments = linkedin_path(url)
    if segments is None:
        return None
    if segments[:2] == ["public-profile", "in"] or segments[:1] == ["mwlite"]:
        segments = segments[1:]
    if len(segments) >= 2 and segments[0].lower() == "in":
        key = _slug_key(segments[1])
        return (key, segments[2:]) if key else None
    if len(segments) >= 5 and segments[0].lower() == "pub":
        key = _pub_key(segments[1:5])
        return (key, segments[5:]) if key else None
    return None


def linkedin_path(url: str) -> list[str] | None:
    """The raw path segments of a (possibly scheme-less) linkedin.com URL."""
    found = split_site_url(url, _HOST)
    if found is None:
        return None
    return found[1]


def _slug_key(raw: str) -> str | None:
    """A vanity slug, percent-decoded and lowercased; a member URN keeps its case."""
    try:
        slug = unicodedata.normalize("NFC", unquote(raw, errors="strict"))
    except UnicodeDecodeError:
        return None
    if not slug or len(slug) > 200:
        return None
    # Every whitespace character but the ASCII space is unprintable (Unicode's "Other" and
    # "Separator" categories), so this is "no space, no unprintable, none of /?#%": two
    # C-level scans instead of a Python loop per character (a list has 500 such links).
    if not slug.isprintable() or _UNSAFE.search(slug):
        return None
    return slug if URN.match(slug) else slug.lower()


def _pub_key(parts: list[str]) -> str | None:
    """``/pub/<name>/<a>/<b>/<c>`` -> ``<name>-<c><b><a>``, the slug LinkedIn redirects to.

    Only the unambiguous form (``b`` and ``c`` three hex digits each) is mapped; in the
    others a group may have lost a leading zero, and a wrong key is worse than none.
    """
    name, first, middle, last = (part.lower() for part in parts)
    if name == "dir" or not all(_HEX.match(group) for group in (first, middle, last)):
        return None
    if len(middle) != 3 or len(last) != 3:
        return None
    slug = _slug_key(name)
    return f"{slug}-{last}{middle}{first}" if slug else None
