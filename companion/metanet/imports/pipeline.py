"""From an export file to stored rows: read, detect, parse, then store in one transaction.

Mirrors ``capture.py``: everything an import yields — accounts, ties, the snapshot of the
list and what changed since the last export — is written in one ``Store.write()``
transaction, so a file that fails half-way leaves nothing behind. The file's SHA-256 is
kept: the same file imported again changes nothing and is reported as already imported.
The steps (and what follows them) are put together by ``services.imports.import_file``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from metanet.identifiers import in_region
from metanet.imports import detect, diff
from metanet.imports.base import Contact, Direction, EntryError, ImportFileError, ParsedExport
from metanet.model import AccountRecord
from metanet.store import Forgotten, NewTie, Store, now

if TYPE_CHECKING:
    from metanet.answers.shapes import Match

Progress = Callable[[int, int], None]  # (contacts stored so far, total)
#: contacts stored per batch (:meth:`Store.upsert_accounts`, :meth:`Store.add_ties`)
BATCH = 500


@dataclass
class PartResult:
    name: str
    format: str
    source: str
    entries: int
    skipped: int
    first_import: bool


@dataclass
class ImportResult:
    """What ``metanet import`` reports (``--json`` prints :meth:`as_dict`)."""

    import_id: int
    filename: str
    sha256: str
    already_imported: bool
    format: str | None = None
    accounts: int = 0
    ties: int = 0
    entries: int = 0
    skipped: int = 0
    forgotten: int = 0  # contacts the user asked Metanet to forget: not stored again
    suggested: bool = False  # whether merge suggestions were computed (small imports)
    request_notices: list[Match] = field(default_factory=list)
    parts: list[PartResult] = field(default_factory=list)
    changes: list[diff.Change] = field(default_factory=list)
    #: what the export's messages, invitations, endorsements … added (services/interactions)
    interactions: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["changes"] = [change.as_dict() for change in self.changes]
        return data


def _read(path_or_bytes: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, filename or "upload"
    path = Path(path_or_bytes)
    try:
        return path.read_bytes(), filename or path.name
    except OSError as exc:
        raise ImportFileError(
            filename or path.name, f"cannot read the file ({exc.strerror})"
        ) from None


def parse_parts(data: bytes, filename: str, fmt: str | None) -> list[tuple[str, ParsedExport]]:
    """Every part of the file parsed, or :class:`ImportFileError` naming the place."""
    try:
        parts = detect.parts(data, filename, fmt)
    except EntryError as exc:
        raise ImportFileError(filename, exc.message, exc.where) from None
    parsed: list[tuple[str, ParsedExport]] = []
    for part in parts:
        try:
            parsed.append((part.name, detect.FORMATS[part.format].parse(part.data)))
        except EntryError as exc:
            raise ImportFileError(part.name, exc.message, exc.where) from None
        except RecursionError:
            raise ImportFileError(part.name, "nested too deeply to read") from None
    return parsed


def read_file(path_or_bytes: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and the name to report it by (:class:`ImportFileError` if unreadable)."""
    return _read(path_or_bytes, filename)


def store_import(
    store: Store,
    parsed: list[tuple[str, ParsedExport]],
    *,
    filename: str,
    sha256: str,
    size: int,
    progress: Progress | None = None,
    phone_region: str | None = None,
) -> tuple[ImportResult, list[int]]:
    """Store a parsed file as one import, in one transaction; the result and the accounts
    it touched (for identity resolution, which the caller runs in the same transaction:
    ``services.imports.import_file``).

    Phone numbers without a country code are read in ``phone_region``, the user's
    country ("0891234567" in a German address book is ``+49891234567``); entry keys do not
    depend on it (the importers made them), so a later region changes no account.
    """
    total = sum(len(export.contacts) for _, export in parsed)
    stamp = now()
    formats = ",".join(sorted({export.format for _, export in parsed}))
    with store.write():
        import_id = store.add_import(
            {
                "filename": filename,
                "format": formats,
                "sha256": sha256,
                "imported_at": stamp,
                "outcome": "stored",
                "source": ",".join(sorted({export.source for _, export in parsed})),
                "size": size,
            }
        )
        result = ImportResult(import_id, filename, sha256, False, format=formats)
        writer = _Writer(store, result, stamp, total, progress, phone_region)
        for name, export in parsed:
            writer.store_part(name, export)
        store.update_import(
            result.import_id,
            {
                "accounts_seen": result.accounts,
                "ties_seen": result.ties,
                "entries": result.entries,
                "skipped": result.skipped,
            },
        )
    return result, sorted(writer.accounts)


class _Writer:
    """Stores parsed parts into an open transaction, counting as it goes."""

    def __init__(
        self,
        store: Store,
        result: ImportResult,
        stamp: str,
        total: int,
        progress: Progress | None,
        phone_region: str | None,
    ) -> None:
        self.store, self.result, self.stamp = store, result, stamp
        self.total, self.progress, self.done = total, progress, 0
        self.phone_region = phone_region
        self.viewers: dict[str, int] = {}
        self.accounts: set[int] = set()

    def store_part(self, name: str, export: ParsedExport) -> None:
        import_id = self.result.import_id
        first = not diff.has_history(self.store, export.source, import_id)
        current: dict[str, dict[str, Any]] = {}
        batch: list[Contact] = []
        for contact in export.contacts:
            if export.network in self.viewers and not contact.linked:
                batch.append(contact)  # stored with the contacts around it
                if len(batch) < BATCH:
                    continue
                stored = self._store_batch(export.network, batch)
            else:  # one at a time: the user's own account is made after the first contact's
                stored = self._store_batch(export.network, batch)
                stored += self._store_one(export.network, contact)
            batch = []
            for done in stored:
                current[done.record.key] = self._entry(export, done.record)
        for done in self._store_batch(export.network, batch):
            current[done.record.key] = self._entry(export, done.record)
        self.store.add_import_entries(current.values())
        if not first:
            changes = diff.compare(self.store, export.source, import_id, current, export.complete)
            self.store.add_import_changes({"import_id": import_id, **c.as_dict()} for c in changes)
            self.result.changes += changes
        self.result.entries += len(current)
        self.result.skipped += export.skipped
        self.result.parts.append(
            PartResult(name, export.format, export.source, len(current), export.skipped, first)
        )

    def _viewer(self, network: str) -> int:
        if network not in self.viewers:
            self.viewers[network] = self.store.viewer_account(network)
        return self.viewers[network]

    def _entry(self, export: ParsedExport, record: AccountRecord) -> dict[str, Any]:
        """The contact's row of the import's snapshot (``import_entries``)."""
        return {
            "import_id": self.result.import_id,
            "source": export.source,
            "network": record.network,
            "key": record.key,
            "name": record.name,
            "company": record.company,
            "role": record.role,
        }

    def _progressed(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _store_one(self, network: str, contact: Contact) -> list[Contact]:
        """Store one contact and its tie; [] if the user asked to forget them."""
        self._progressed()
        account_id = self._account(contact.record, contact.confirmed)
        if account_id is None:
            self.result.forgotten += 1
            return []
        self._count(account_id)
        for linked in contact.linked:
            linked_id = self._account(linked, True)
            if linked_id is not None:
                self._count(linked_id)
        tie = _tie(network, contact, account_id, self._viewer(network))
        if tie is not None:
            self.store.add_tie(
                tie.src_id,
                tie.dst_id,
                network=network,
                kind=tie.kind,
                directed=tie.directed,
                seen_at=self.stamp,
                import_id=self.result.import_id,
                since=tie.since,
            )
            self.result.ties += 1
        return [contact]

    def _store_batch(self, network: str, batch: list[Contact]) -> list[Contact]:
        """:meth:`_store_one` for contacts without linked accounts, once the user's own
        account on ``network`` exists: the same rows, written a batch at a time."""
        if not batch:
            return []
        ids = self.store.upsert_accounts(
            [(self._regional(contact.record), contact.confirmed) for contact in batch],
            seen_at=self.stamp,
            import_id=self.result.import_id,
        )
        viewer = self.viewers[network]
        stored: list[Contact] = []
        ties: list[NewTie] = []
        for contact, account_id in zip(batch, ids, strict=True):
            self._progressed()
            if account_id is None:
                self.result.forgotten += 1
                continue
            self._count(account_id)
            stored.append(contact)
            tie = _tie(network, contact, account_id, viewer)
            if tie is not None:
                ties.append(tie)
        self.store.add_ties(ties, seen_at=self.stamp, import_id=self.result.import_id)
        self.result.ties += len(ties)
        return stored

    def _regional(self, record: AccountRecord) -> AccountRecord:
        """Phone numbers without a country code read in the user's region."""
        if record.phones and self.phone_region:
            return replace(record, phones=in_region(record.phones, self.phone_region))
        return record

    def _account(self, record: AccountRecord, confirmed: bool) -> int | None:
        """The account's id, or None if the user asked to forget it."""
        try:
            return self.store.upsert_account(
                self._regional(record),
                seen_at=self.stamp,
                import_id=self.result.import_id,
                confirmed=confirmed,
            )
        except Forgotten:
            return None

    def _count(self, account_id: int) -> None:
        if account_id not in self.accounts:
            self.accounts.add(account_id)
            self.result.accounts += 1


def _tie(network: str, contact: Contact, account_id: int, viewer: int) -> NewTie | None:
    """The tie between the user and a contact of their list (none to their own entry)."""
    if viewer == account_id:
        return None
    ends = (account_id, viewer) if contact.direction == Direction.TO_ME else (viewer, account_id)
    directed = contact.direction != Direction.BOTH
    return NewTie(*ends, network, contact.kind, directed, contact.since)
