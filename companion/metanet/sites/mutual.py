"""What a page says about connections the viewer shares with someone, and what it proves.

Profiles print them in many forms: LinkedIn's "Kyle Pitzen, Bhaval Patel, and 289 other
mutual connections", "1 Mutual Connection" and "Endorsed by Ron Shapiro (mutual
connection)"; Facebook's "12 mutual friends"; Instagram's "Followed by a, b + 56 more";
X's "Followed by a, b, and 3 others you follow". A parser finds the element; this module
reads the number from its words and says which ties the named people prove.

The printed number is kept as the page's own size estimate (``total``, the named people
included): it is the best there is, and it names nobody, so it never becomes a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from metanet.model import AccountRef, MutualMention, PageKind, SharedConnections, TieRecord
from metanet.sites import follows

FOLLOWS = follows.FOLLOWS
MAX_NAMED = 50

# A number as sites print it: "289", "2,067", "2.067", "1 234" (thin or no-break space).
_NUMBER = r"(\d[\d,.\u00a0\u202f ]{0,12}\d|\d)"
# "and 289 other(s)", "+ 56 more", "und 3 weitere": people beyond the named ones.
_OTHERS = re.compile(_NUMBER + r"\s*(?:other|others|more|weitere|andere)\b", re.IGNORECASE)
# "289 mutual connections", "1 Mutual Connection", "12 mutual friends", "3 gemeinsame".
_COUNT = re.compile(_NUMBER + r"\s+(?:mutual|shared|gemeinsame)\b", re.IGNORECASE)


def number(text: str) -> int | None:
    """A printed count as an int ("2,067" -> 2067); None when it holds no digits."""
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits and len(digits) <= 9 else None


def printed_total(text: str | None, named: int) -> int | None:
    """The whole number of shared people a sentence states, the ``named`` ones included.

    "A, B, and 289 other mutual connections" -> named + 289; "12 mutual friends" -> 12;
    a sentence that only names people -> how many it names (None when it names nobody).
    """
    if text:
        others = _OTHERS.search(text)
        if others:
            extra = number(others.group(1))
            return None if extra is None else named + extra
        count = _COUNT.search(text)
        if count:
            return number(count.group(1))
    return named or None


def by_name(names: Iterable[str | None]) -> list[MutualMention]:
    """People a page names as shared without linking them: each name once."""
    return [MutualMention(name) for name in dict.fromkeys(names) if name]


def shared(
    of: AccountRef,
    kind: str,
    named: Iterable[MutualMention] = (),
    total: int | None = None,
) -> SharedConnections:
    """A :class:`SharedConnections` with each named person once (by account, else name)."""
    unique: dict[object, MutualMention] = {}
    for mention in named:
        key = mention.account or (mention.name or "").casefold()
        if key and key not in unique:
            unique[key] = mention
    return SharedConnections(of, kind, list(unique.values())[:MAX_NAMED], total)


def merge(found: Iterable[SharedConnections]) -> list[SharedConnections]:
    """One entry per account: named people joined, the largest printed total kept."""
    merged: dict[tuple[AccountRef, str], SharedConnections] = {}
    for item in found:
        key = (item.of, item.kind)
        known = merged.get(key)
        if known is None:
            merged[key] = shared(item.of, item.kind, item.named, item.total)
            continue
        totals = [total for total in (known.total, item.total) if total is not None]
        merged[key] = shared(
            item.of, item.kind, [*known.named, *item.named], max(totals) if totals else None
        )
    return [item for item in merged.values() if item.named or item.total is not None]


def ties(found: Iterable[SharedConnections]) -> list[TieRecord]:
    """The ties named people with an account prove: each knows the viewer and ``of``.

    For ``contact`` and ``friend`` both ties are undirected; for ``follows`` ("Followed
    by"), as on a mutual followers list, each follows ``of`` and the viewer follows each.
    """
    proven: list[TieRecord] = []
    for item in found:
        accounts = [mention.account for mention in item.named if mention.account is not None]
        if item.kind == FOLLOWS:
            proven += follows.list_ties(PageKind.MUTUAL, item.of, accounts)
            continue
        viewer = AccountRef.viewer(item.of.network)
        for account in accounts:
            if account != item.of:
                proven += [
                    TieRecord(viewer, account, item.kind),
                    TieRecord(account, item.of, item.kind),
                ]
    return list(dict.fromkeys(proven))
