"""The store: one SQLite file (WAL) behind one API, split by subject.

* :mod:`.connection` — opening the file, transactions, and the grant to the packages that
  own tables (:data:`~.connection.TABLE_OWNERS`: identity, answers);
* :mod:`.people` — persons and accounts; :mod:`.ties` — ties and offline relations;
* :mod:`.captures` — received pages; :mod:`.imports` — imported files and their lists;
* :mod:`.circles` — circles (clubs, chapters, employers, schools) and their members;
* :mod:`.erase` — forget a person, remove a network, wipe;
* :mod:`.card` — which facts your own card shows.

Nothing outside this package touches the connection except through :meth:`Store.sql`.
"""

from __future__ import annotations

from metanet.store.captures import CaptureRows
from metanet.store.card import CardRows
from metanet.store.circles import CircleRow, CircleRows, Membership
from metanet.store.connection import TABLE_OWNERS, now
from metanet.store.erase import EraseRows, ForgetReport, NetworkReport, wipe_files
from metanet.store.errors import DatabaseUnreadable, Forgotten, NotFound, StoreBusy, StoreError
from metanet.store.imports import ImportRows
from metanet.store.people import AccountRow, AccountView, PersonRow
from metanet.store.ties import TieRows


class Store(TieRows, EraseRows, CaptureRows, ImportRows, CircleRows, CardRows):
    """The Metanet database. Open one per process; it is not shared across threads."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "TABLE_OWNERS",
    "AccountRow",
    "AccountView",
    "CircleRow",
    "DatabaseUnreadable",
    "ForgetReport",
    "Forgotten",
    "Membership",
    "NetworkReport",
    "NotFound",
    "PersonRow",
    "Store",
    "StoreBusy",
    "StoreError",
    "now",
    "wipe_files",
]
