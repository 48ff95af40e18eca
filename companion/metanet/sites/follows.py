"""What a follower list proves: the tie semantics shared by the follow networks.

Instagram, X, Mastodon and GitHub all show the same three lists, and one rule per list
keeps the four parsers from each inventing their own:

* **followers of O** — every listed account follows O (listed → O);
* **following of O** — O follows every listed account (O → listed);
* **mutual** ("Followed by …" on Instagram, "Followers you know" on X) — the accounts
  *the viewer follows* that follow O: listed → O, and the viewer → listed.

A follow is directed; a follow both ways is simply two ties, which the graph reads as
mutual. Counts ("2,067 followers") never become ties: they name nobody.
"""

from __future__ import annotations

from collections.abc import Iterable

from metanet.model import AccountRecord, AccountRef, PageKind, TieRecord
from metanet.sites.page import MAX_LIST

FOLLOWS = "follows"
LIST_KINDS = (PageKind.FOLLOWERS, PageKind.FOLLOWING, PageKind.MUTUAL)
MAX_LISTED = MAX_LIST  # far more than a list page loads (page.MAX_LIST)


def follow(src: AccountRef, dst: AccountRef) -> TieRecord:
    """``src`` follows ``dst``."""
    return TieRecord(src, dst, FOLLOWS, directed=True)


def list_ties(kind: str, owner: AccountRef, listed: Iterable[AccountRef]) -> list[TieRecord]:
    """The ties a list of ``kind`` belonging to ``owner`` proves (see the module doc)."""
    ties: list[TieRecord] = []
    for ref in listed:
        if ref == owner:
            continue
        if kind == PageKind.FOLLOWING:
            ties.append(follow(owner, ref))
        elif kind in (PageKind.FOLLOWERS, PageKind.MUTUAL):
            ties.append(follow(ref, owner))
            if kind == PageKind.MUTUAL:
                ties.append(follow(AccountRef.viewer(owner.network), ref))
    return ties


def unique(records: Iterable[AccountRecord], exclude: AccountRef | None) -> list[AccountRecord]:
    """Each account once, in page order, never ``exclude`` (the page's owner)."""
    seen: dict[AccountRef, AccountRecord] = {}
    for record in records:
        if record.ref != exclude and record.ref not in seen:
            seen[record.ref] = record
        if len(seen) >= MAX_LISTED:
            break
    return list(seen.values())
