"""What the capture log page adds to the list of captures: parser health and imports.

Parser health answers "is a site's parser still working?": a site that changed its markup
shows up as a run of ``parser_failed`` or ``unsupported`` outcomes for that parser.
"""

from __future__ import annotations

from typing import Any

from metanet.store import Store

HEALTH_WINDOW = 500  # the most recent captures counted per site and parser
IMPORTS_SHOWN = 50
OUTCOMES = ("stored", "unsupported", "parser_failed")


def parser_health(store: Store, window: int = HEALTH_WINDOW) -> list[dict[str, Any]]:
    """Per site and parser: how the last ``window`` captures came out."""
    rows = store.capture_outcomes(window)
    health: dict[tuple[str, str], dict[str, Any]] = {}
    for site, parser, outcome, count in rows:
        entry = health.setdefault(
            (site or "", parser or ""),
            {"site": site, "parser": parser, "other": 0, **dict.fromkeys(OUTCOMES, 0)},
        )
        entry[outcome if outcome in OUTCOMES else "other"] += count
    for entry in health.values():
        total = sum(entry[k] for k in (*OUTCOMES, "other"))
        entry["total"] = total
        entry["failing"] = entry["parser_failed"] > 0 and entry["parser_failed"] >= entry["stored"]
    return sorted(health.values(), key=lambda e: (e["site"] or "", e["parser"] or ""))


def imports_log(store: Store, limit: int = IMPORTS_SHOWN) -> list[dict[str, Any]]:
    """The latest imports, newest first, with their contacts and what changed."""
    return store.imports_log(limit)
