"""What changed between an export and the previous export of the same list.

Each import keeps a snapshot of what it listed (``import_entries``: key, name, company,
role per source). A new import is compared with the latest earlier snapshot of each key:
new contacts, changed company or position ("job changes"), and — only for complete lists
such as LinkedIn's Connections.csv — contacts that the previous export had and this one
has not (removed friends). Address books are often partial (one vCard), so they never
report removals.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from metanet.store import Store

COMPARED = ("company", "role")


@dataclass
class Change:
    source: str
    network: str
    key: str
    name: str | None
    change: str  # added, removed, changed
    field: str | None = None
    old: str | None = None
    new: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def has_history(store: Store, source: str, import_id: int) -> bool:
    """Whether an earlier import listed this source (else everyone would be 'new')."""
    row = store.db.execute(
        "select 1 from import_entries where source = ? and import_id < ? limit 1",
        [source, import_id],
    ).fetchone()
    return row is not None


def compare(
    store: Store, source: str, import_id: int, current: dict[str, dict[str, Any]], complete: bool
) -> list[Change]:
    """Changes of ``current`` (key → entry row) against earlier imports of ``source``."""
    previous: dict[str, dict[str, Any]] = {}
    sql = """
        select e.* from import_entries e
          join (select key, max(import_id) as last from import_entries
                 where source = :s and import_id < :i group by key) latest
            on latest.key = e.key and latest.last = e.import_id
         where e.source = :s
    """
    for row in store.db.query(sql, {"s": source, "i": import_id}):
        previous[row["key"]] = row
    changes: list[Change] = []
    for key, entry in current.items():
        before = previous.get(key)
        if before is None:
            changes.append(Change(source, entry["network"], key, entry["name"], "added"))
            continue
        for field in COMPARED:
            if (before[field] or None) != (entry[field] or None):
                changes.append(
                    Change(
                        source,
                        entry["network"],
                        key,
                        entry["name"],
                        "changed",
                        field,
                        before[field],
                        entry[field],
                    )
                )
    if complete:
        last = store.db.execute(
            "select max(import_id) from import_entries where source = ? and import_id < ?",
            [source, import_id],
        ).fetchone()[0]
        for row in store.db.query(
            "select * from import_entries where source = ? and import_id = ?", [source, last]
        ):
            if row["key"] not in current:
                changes.append(Change(source, row["network"], row["key"], row["name"], "removed"))
    return changes
