"""Received pages: each capture's row, its compressed page, and what it was read as.

Table: ``captures``.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

from metanet.store.connection import Connection
from metanet.store.errors import NotFound

_LISTED = (
    "c.id, c.url, c.title, c.site, c.kind, c.received_at, c.parser, c.parser_version, "
    "c.outcome, c.partly_read, c.error, c.size, c.accounts_seen, c.ties_seen"
)


#: a capture whose page was emptied because it names someone the user asked to forget
REMOVED_NOTE = "raw page removed: it named a person you asked to forget"
#: the columns that empty a stored page (the row, its outcome and counts stay)
EMPTIED_PAGE = {"html_z": zlib.compress(b""), "error": REMOVED_NOTE, "title": None}


@dataclass(frozen=True)
class PackedPage:
    """A received page as the captures table keeps it: its size in UTF-8 and the
    compressed bytes (of the page, or of nothing when the page is not kept)."""

    size: int
    blob: bytes


def page_bytes(html: str) -> bytes:
    """A received page as it is stored and hashed: UTF-8, a lone surrogate a browser may
    send kept as it is."""
    return html.encode("utf-8", "surrogatepass")


def pack_page(raw: bytes, *, keep: bool = True) -> PackedPage:
    """Compress a page's bytes (:func:`page_bytes`) for :meth:`CaptureRows.add_capture`.
    A 1 MB page takes ~5-10 ms, in which zlib leaves the interpreter lock: a capture
    packs its page in a thread of its own while it parses (``metanet.capture``)."""
    return PackedPage(len(raw), zlib.compress(raw if keep else b"", 6))


class CaptureRows(Connection):
    """Row operations on captures."""

    def drop_page(self, capture_id: int) -> None:
        """Keep a capture's row but not its page: it names someone the user asked to
        forget (a page captured or read again after the forget)."""
        with self.write():
            self._sql.update("captures", capture_id, EMPTIED_PAGE)

    def add_capture(self, fields: dict[str, Any], page: str | PackedPage) -> int:
        """Store one received page (compressed: :func:`pack_page`) with its outcome."""
        packed = pack_page(page_bytes(page)) if isinstance(page, str) else page
        with self.write():
            row = {**fields, "size": packed.size, "html_z": packed.blob}
            return self._sql.insert("captures", row)

    def update_capture(self, capture_id: int, fields: dict[str, Any]) -> None:
        with self.write():
            self._sql.update("captures", capture_id, fields)

    def capture_html(self, capture_id: int) -> str:
        blob = self._sql.value("select html_z from captures where id = ?", [capture_id])
        if blob is None:
            raise NotFound(f"no capture with id {capture_id}")
        return zlib.decompress(blob).decode("utf-8", "surrogatepass")

    def list_captures(self, limit: int = 100) -> list[dict[str, Any]]:
        return self._sql.query(
            f"select {_LISTED}, a.person_id as owner_person_id, p.name as owner_name "
            "from captures c left join accounts a on a.id = c.owner_account_id "
            "left join persons p on p.id = a.person_id "
            "order by c.id desc limit :limit",
            {"limit": limit},
        )

    def capture_rows(self) -> list[dict[str, Any]]:
        """Every capture's row without its page, oldest first (pages: :meth:`capture_html`)."""
        return self._sql.query(
            "select id, url, title, site, kind, received_at, parser, parser_version, "
            "outcome, partly_read, store_version, error, owner_account_id, accounts_seen, "
            "ties_seen, size from captures order by id"
        )

    def capture_accounts(self, capture_id: int) -> list[int]:
        """The accounts one capture touched: its owner, both ends of its ties, and the
        accounts it gave links or identifiers (indexed look-ups, no scan)."""
        rows = self._sql.execute(
            "select owner_account_id from captures where id = :c and owner_account_id is not "
            "null union select t.src_account_id from tie_evidence e join ties t on t.id = "
            "e.tie_id where e.capture_id = :c union select t.dst_account_id from tie_evidence e "
            "join ties t on t.id = e.tie_id where e.capture_id = :c "
            "union select account_id from account_links where capture_id = :c "
            "union select account_id from account_identifiers where capture_id = :c",
            {"c": capture_id},
        )
        return [int(r[0]) for r in rows]

    def drop_repeated_evidence(self, capture_id: int) -> None:
        """Keep one evidence row per tie for this capture (a re-read page says it again)."""
        with self.write():
            self._sql.execute(
                "delete from tie_evidence where capture_id = :c and id not in "
                "(select min(id) from tie_evidence where capture_id = :c group by tie_id)",
                {"c": capture_id},
            )

    def capture_outcomes(
        self, window: int
    ) -> list[tuple[str | None, str | None, str, str | None, int]]:
        """(site, parser, outcome, partly read, count) over the latest ``window`` captures."""
        rows = self._sql.execute(
            "select site, parser, outcome, partly_read, count(*) from (select site, parser, "
            "outcome, partly_read from captures order by received_at desc, id desc limit ?) "
            "group by site, parser, outcome, partly_read",
            [window],
        )
        return [(site, parser, outcome, partly, int(count)) for site, parser, outcome, partly,
                count in rows]  # fmt: skip
