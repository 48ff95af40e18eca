"""What a captured page says about circles: the members of a group it lists (a GitHub
organisation's people) and the organisations in its owner's work and education history.

Both become memberships with the capture as their evidence, never ties. Called with the
rows a capture (or ``metanet reparse``) just stored, inside its transaction.
"""

from __future__ import annotations

from metanet.circles import Origin, Source
from metanet.circles.inferred import stints
from metanet.model import AccountRef, ParseResult
from metanet.store import Store

#: the kind a page's group gets (the user may change it)
GROUP_KIND = "online_group"


def circle_for(store: Store, key: str, name: str, kind: str, origin: str) -> int:
    """The circle pages and profiles know by ``key``; made on first sight."""
    found = store.circle_by_key(key)
    if found is not None:
        return found
    return store.add_circle(name, kind, origin=origin, key=key)


def store_circles(
    store: Store, result: ParseResult, ids: dict[AccountRef, int], capture_id: int
) -> int:
    """Memberships from one parsed page (accounts by ref in ``ids``); how many were new."""
    added = 0
    for group in result.groups:
        members = [ids[ref] for ref in group.members if ref in ids]
        if not members:
            continue
        circle = circle_for(
            store, f"{group.network}:{group.key}", group.name or group.key, GROUP_KIND,
            Origin.PAGE,
        )  # fmt: skip
        for account in members:
            added += store.add_membership(
                circle, account, source=Source.PAGE, capture_id=capture_id
            )
    owner = ids.get(result.owner.ref) if result.owner else None
    if owner is not None and result.owner is not None:
        for stint in stints(result.owner.positions):
            circle = circle_for(store, stint.key, stint.name, stint.kind, Origin.INFERRED)
            added += store.add_membership(
                circle,
                owner,
                source=Source.PROFILE,
                start_year=stint.start_year,
                end_year=stint.end_year,
                current=stint.current,
                title=stint.title,
                capture_id=capture_id,
            )
    return added
