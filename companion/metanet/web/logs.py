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
    rows = store.db.execute(
        "select site, parser, outcome, count(*) from (select site, parser, outcome from "
        "captures order by received_at desc, id desc limit ?) group by site, parser, outcome",
        [window],
    ).fetchall()
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
    rows = [
        dict(row)
        for row in store.db.query(
            "select i.id, i.filename, i.format, i.imported_at, i.outcome, i.error, "
            "i.accounts_seen, i.ties_seen, (select count(*) from import_entries e "
            "where e.import_id = i.id) as contacts from imports i "
            "order by i.imported_at desc, i.id desc limit :limit",
            {"limit": limit},
        )
    ]
    for row in rows:
        row["changes"] = {
            change: count
            for change, count in store.db.execute(
                "select change, count(*) from import_changes where import_id = ? "
                "group by change order by change",
                [row["id"]],
            )
        }
    return rows
