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
    return store.source_imported_before(source, import_id)


def compare(
    store: Store, source: str, import_id: int, current: dict[str, dict[str, Any]], complete: bool
) -> list[Change]:
    """Changes of ``current`` (key → entry row) against earlier imports of ``source``."""
    previous = store.latest_entries(source, import_id)
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
        for row in store.previous_list(source, import_id):
            if row["key"] not in current:
                changes.append(Change(source, row["network"], row["key"], row["name"], "removed"))
    return changes
