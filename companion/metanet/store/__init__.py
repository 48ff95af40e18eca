"""The store: one SQLite file (WAL) behind one API, split by subject.

* :mod:`.connection` — opening the file, transactions, and the grant to the packages that
  own tables (:data:`~.connection.TABLE_OWNERS`: identity, answers);
* :mod:`.people` — persons and accounts; :mod:`.people_list` — the people list, its facets;
  :mod:`.ties` — ties and offline relations; :mod:`.batches` — many accounts and ties at
  once (an import), the same rows as one call each;
* :mod:`.captures` — received pages; :mod:`.shared` — what pages say about shared
  connections; :mod:`.imports` — imported files and their lists;
* :mod:`.circles` — circles (clubs, chapters, employers, schools) and their members;
* :mod:`.erase` — forget a person, remove a network, wipe;
* :mod:`.contacts` — how to reach people (e-mail, phone, links with their sources);
* :mod:`.settings` — the user's settings (the region of phone numbers);
* :mod:`.card` — which facts your own card shows;
* :mod:`.backup` — online copies, restoring; :mod:`.readback` — an export read back.

Nothing outside this package touches the connection except through :meth:`Store.sql`.
"""

from __future__ import annotations

from metanet.store.batches import BatchRows, NewTie
from metanet.store.captures import CaptureRows, pack_page, page_bytes
from metanet.store.card import CardRows
from metanet.store.circles import CircleRow, CircleRows, Membership
from metanet.store.connection import TABLE_OWNERS, now
from metanet.store.contacts import AccountOrigin, ContactRow, ContactRows
from metanet.store.erase import EraseRows, ForgetReport, NetworkReport, wipe_files
from metanet.store.errors import DatabaseUnreadable, Forgotten, NotFound, StoreBusy, StoreError
from metanet.store.imports import ImportRows
from metanet.store.people import AccountRow, AccountView, PersonRow
from metanet.store.people_list import EVERYONE, FACETS, Facet, PeopleFilter, PeopleListRows
from metanet.store.readback import ReadBackRows
from metanet.store.settings import SettingsRows
from metanet.store.shared import SharedCount, SharedMention, SharedRows


class Store(
    ReadBackRows,
    EraseRows,
    CaptureRows,
    ImportRows,
    CircleRows,
    SharedRows,
    CardRows,
    ContactRows,
    SettingsRows,
    PeopleListRows,
    BatchRows,
):
    """The Metanet database. Open one per process; it is not shared across threads."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "EVERYONE",
    "FACETS",
    "TABLE_OWNERS",
    "AccountOrigin",
    "AccountRow",
    "AccountView",
    "BatchRows",
    "CircleRow",
    "ContactRow",
    "DatabaseUnreadable",
    "Facet",
    "ForgetReport",
    "Forgotten",
    "Membership",
    "NetworkReport",
    "NewTie",
    "NotFound",
    "PeopleFilter",
    "PersonRow",
    "SharedCount",
    "SharedMention",
    "Store",
    "StoreBusy",
    "StoreError",
    "now",
    "pack_page",
    "page_bytes",
    "wipe_files",
]
