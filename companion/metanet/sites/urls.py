"""Splitting a profile link of one site: the first step of every site's URL normaliser."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit


def split_site_url(url: str, host: re.Pattern[str] | None) -> tuple[SplitResult, list[str]] | None:
    """A (possibly scheme-less) http(s) URL on the site ``host`` names, and its path segments.

    ``host`` is searched in the host name (lowercase, without a trailing dot), so it must
    be anchored: ``^(?:www\\.)?github\\.com$`` or ``(?:^|\\.)linkedin\\.com$``; None
    accepts any host. Segments are the non-empty parts of the path, still percent-encoded.
    None for anything else.
    """
    text = url.strip()
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    name = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or not name:
        return None
    if host is not None and not host.search(name):
        return None
    return parts, [segment for segment in parts.path.split("/") if segment]
