"""Helpers shared by the follow-network parser tests (Instagram, X, Mastodon, GitHub)."""

from __future__ import annotations

from metanet.model import ParseResult
from metanet.store import Store
from tests.db_support import raw


def tie_pairs(result: ParseResult) -> list[tuple[str, str]]:
    """(src key, dst key) of every tie, in order; all of them must be directed follows."""
    assert all(tie.kind == "follows" and tie.directed for tie in result.ties)
    return [(tie.src.key, tie.dst.key) for tie in result.ties]


def stored_follows(store: Store) -> set[tuple[str, str, str]]:
    """(network, src key, dst key) of every stored directed follow."""
    rows = raw(store).query(
        "select s.network, s.key as src, d.key as dst from ties t "
        "join accounts s on s.id = t.src_account_id join accounts d on d.id = t.dst_account_id "
        "where t.kind = 'follows' and t.directed = 1"
    )
    return {(row["network"], row["src"], row["dst"]) for row in rows}


def huge_page(row: str, head: str = "", tail: str = "", size: int = 20_000_000) -> str:
    """A page of about ``size`` characters: ``row`` repeated between ``head`` and ``tail``."""
    return head + row * (size // max(len(row), 1)) + tail
