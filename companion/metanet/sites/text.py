"""Clean page-derived text before it leaves a parser.

Captured pages are hostile input. Every string a parser returns goes through
:func:`clean` (or :func:`clean_url` for links): whitespace collapsed, invisible and
direction-changing characters removed, length capped. Markup is *not* stripped or
escaped here: a name that reads ``<b>x</b>`` stays that literal text, and escaping is
the view's job.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urljoin, urlsplit

MAX_TEXT = 300
MAX_URL = 2048

# Bidi embeddings/overrides/isolates and marks, zero-width characters and the BOM: they
# can make one name look like another or reorder what a reader sees.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# C0/C1 controls and lone surrogates (which cannot be encoded as UTF-8 later).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# What makes a link unusable: controls, lone surrogates or white space inside it.
_BAD_IN_URL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\\s]")
# An absolute http(s) link with a plain host name (most links of a page): valid as it
# stands, so a list page's 1,000 links need not be split (urlsplit: ~15 % of a cold
# 500-card parse).
# (ASCII only: with IGNORECASE, [a-z] would match the Kelvin sign.)
_PLAIN_ABSOLUTE = re.compile(r"[hH][tT][tT][pP][sS]?://([A-Za-z0-9.-]+)(?::[0-9]*)?(?:[/?#]|$)")


def clean(value: object, limit: int = MAX_TEXT) -> str | None:
    """Page text as one tidy line: None for non-strings and for what is empty after cleaning.

    Only a bounded prefix of the input is looked at, so a megabyte "name" costs no more
    than a short one.
    """
    if not isinstance(value, str):
        return None
    text = value[: limit * 8]
    if text.isascii():
        # Most page text (a 500-card list cleans 2,500 strings): no invisible character
        # is ASCII, ASCII is its own NFC, and the only unprintable ASCII are controls.
        if not text.isprintable():
            text = _CONTROL.sub(" ", text)
        text = " ".join(text.split())
    else:
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub(" ", text)
        text = unicodedata.normalize("NFC", " ".join(text.split()))
    text = text[:limit].rstrip()
    return text or None


def meaningful(value: object) -> str | None:
    """:func:`clean` text with at least one letter or digit: "--" and "---" are the empty
    placeholders LinkedIn and XING print."""
    text = clean(value)
    return text if text and any(ch.isalnum() for ch in text) else None


def plain_host(url: str) -> str | None:
    """The host name (lowercase) of an absolute http(s) link with a plain host, as
    ``urlsplit(url).hostname`` gives it; None for any other link (split it)."""
    found = _PLAIN_ABSOLUTE.match(url)
    return found.group(1).lower() if found else None


def clean_url(value: object, base: str | None = None) -> str | None:
    """An absolute http(s) URL, or None.

    Relative links are resolved against ``base``. Anything else (``javascript:``,
    ``data:``, no host, inner whitespace, longer than ``MAX_URL``) is dropped rather than
    repaired: a cut or guessed URL would point somewhere else.
    """
    if not isinstance(value, str):
        return None
    raw = _INVISIBLE.sub("", value[: MAX_URL * 2]).strip()
    if not raw or len(raw) > MAX_URL or _BAD_IN_URL.search(raw):
        return None
    if _PLAIN_ABSOLUTE.match(raw):
        return raw  # what _absolute(raw) gives, without splitting the URL
    return _absolute(raw, base)


def _absolute(raw: str, base: str | None) -> str | None:
    """:func:`clean_url` of a link already stripped of what makes it unusable."""
    try:
        absolute = raw[:8].lower().startswith(("https://", "http://"))
        url = urljoin(base, raw) if base and not absolute else raw
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url if len(url) <= MAX_URL else None
