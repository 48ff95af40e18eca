"""The capture log: the latest pages received and imported, and parser health.

Parser health answers "is a site's parser still working?": a site that changed its markup
shows up as a run of ``parser_failed`` or ``unsupported`` outcomes for that parser, or of
pages stored but only partly read (``partly_read``: an unknown layout, a page cut). The
capture log page and ``metanet doctor`` show the same table.
"""

from __future__ import annotations

from typing import Any, TypedDict

from metanet.store import Store

HEALTH_WINDOW = 500  # the most recent captures counted per site and parser
IMPORTS_SHOWN = 50
OUTCOMES = ("stored", "unsupported", "parser_failed")


class ParserHealth(TypedDict):
    """How one site's parser did over the latest captures."""

    site: str | None
    parser: str | None
    stored: int  # read completely or in part
    partly_read: int  # of those stored, read only in part (their reasons: ``readings``)
    readings: dict[str, int]  # partly-read reason code → captures
    unsupported: int
    parser_failed: int
    other: int
    total: int
    failing: bool  # fails at least as often as it stores


def parser_health(store: Store, window: int = HEALTH_WINDOW) -> list[ParserHealth]:
    """Per site and parser: how the last ``window`` captures came out."""
    health: dict[tuple[str, str], ParserHealth] = {}
    for site, parser, outcome, partly, count in store.capture_outcomes(window):
        entry = health.setdefault(
            (site or "", parser or ""),
            ParserHealth(site=site, parser=parser, stored=0, partly_read=0, readings={},
                         unsupported=0, parser_failed=0, other=0, total=0, failing=False),
        )  # fmt: skip
        key = outcome if outcome in OUTCOMES else "other"
        entry[key] += count  # type: ignore[literal-required]
        entry["total"] += count
        if outcome == "stored" and partly:
            entry["partly_read"] += count
            entry["readings"][partly] = entry["readings"].get(partly, 0) + count
    for entry in health.values():
        entry["failing"] = entry["parser_failed"] > 0 and entry["parser_failed"] >= entry["stored"]
    return sorted(health.values(), key=lambda e: (e["site"] or "", e["parser"] or ""))


def imports_log(store: Store, limit: int = IMPORTS_SHOWN) -> list[dict[str, Any]]:
    """The latest imports, newest first, with their contacts and what changed."""
    return store.imports_log(limit)


def capture_log(store: Store, limit: int) -> list[dict[str, Any]]:
    """The latest captures, newest first, with whose page each was."""
    return store.list_captures(limit=limit)
