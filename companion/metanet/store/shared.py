"""What pages say about shared connections: the number they print, and whom they name.

Tables: ``shared_counts`` (per account and kind of tie, the number the latest capture
printed: "… and 289 other mutual connections" is 291) and ``shared_mentions`` (the people
a page names as shared with an account, each with the account they are, or none when the
page gave a name only and no known person of that name was found).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from metanet.store.connection import Connection


class SharedCount(TypedDict):
    """The number of shared connections a page printed for one account."""

    account_id: int
    network: str
    kind: str  # contact, friend, follows
    total: int
    seen_at: str


class SharedMention(TypedDict):
    """Someone a page named as shared with one account."""

    account_id: int
    network: str
    kind: str
    name: str
    person_id: int | None  # the person they are, when known (linked, or matched by name)


class SharedRows(Connection):
    """Row operations on what pages say about shared connections."""

    def set_shared_count(
        self, account_id: int, kind: str, total: int, *, capture_id: int | None, seen_at: str
    ) -> None:
        """Keep the printed count unless a later capture already printed one."""
        with self.write():
            self._sql.execute(
                "insert into shared_counts (account_id, kind, total, capture_id, seen_at) "
                "values (:a, :k, :t, :c, :s) on conflict (account_id, kind) do update set "
                "total = :t, capture_id = :c, seen_at = :s where seen_at <= :s",
                {"a": account_id, "k": kind, "t": total, "c": capture_id, "s": seen_at},
            )

    def add_shared_mention(
        self,
        account_id: int,
        kind: str,
        name: str,
        known_account_id: int | None,
        *,
        capture_id: int | None,
        seen_at: str,
    ) -> None:
        """Record that a page named ``name`` as shared with ``account_id``; a known account
        once found is kept."""
        with self.write():
            self._sql.execute(
                "insert into shared_mentions (account_id, kind, name, known_account_id, "
                "capture_id, seen_at) values (:a, :k, :n, :known, :c, :s) "
                "on conflict (account_id, kind, name) do update set "
                "known_account_id = coalesce(:known, known_account_id), "
                "capture_id = :c, seen_at = max(seen_at, :s)",
                {"a": account_id, "k": kind, "n": name, "known": known_account_id,
                 "c": capture_id, "s": seen_at},
            )  # fmt: skip

    def shared_counts(self, account_ids: Iterable[int]) -> list[SharedCount]:
        """The printed counts of these accounts (a person's), the latest first."""
        ids = sorted(set(account_ids))
        marks = ",".join("?" * len(ids))
        rows = self._sql.query(
            "select c.account_id, a.network, c.kind, c.total, c.seen_at from shared_counts c "
            f"join accounts a on a.id = c.account_id where c.account_id in ({marks}) "
            "order by c.seen_at desc, a.network, c.kind",
            ids,
        )
        return [SharedCount(**row) for row in rows]  # type: ignore[typeddict-item]

    def shared_mentions(self, account_ids: Iterable[int]) -> list[SharedMention]:
        """Whom pages named as shared with these accounts, in the order first named."""
        ids = sorted(set(account_ids))
        marks = ",".join("?" * len(ids))
        rows = self._sql.query(
            "select m.account_id, a.network, m.kind, m.name, k.person_id from shared_mentions m "
            "join accounts a on a.id = m.account_id "
            "left join accounts k on k.id = m.known_account_id "
            f"where m.account_id in ({marks}) order by m.id",
            ids,
        )
        return [SharedMention(**row) for row in rows]  # type: ignore[typeddict-item]
