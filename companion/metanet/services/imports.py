"""Importing an export file or an address book (``metanet import``, the summary page's
upload): read and parse it outside any transaction, then store it as one change."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from metanet.imports import metanet as metanet_export
from metanet.imports.pipeline import (
    ImportResult,
    Progress,
    parse_parts,
    read_file,
    store_import,
)
from metanet.services.changes import change
from metanet.services.settings import phone_region
from metanet.store import Store

#: Merge suggestions are computed at once for an import of at most this many accounts (a
#: Facebook export's name-only friends need them most); for a larger one they cost
#: seconds per thousand accounts, so ``metanet suggestions rebuild`` computes them.
SUGGEST_AT_IMPORT_LIMIT = 2000


def import_file(
    store: Store,
    path_or_bytes: str | Path | bytes,
    filename: str | None = None,
    fmt: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one export file (or uploaded bytes); Metanet's own JSON export is read
    back whole (``services/readback.py``).

    The same file again changes nothing (``already_imported``). A file that cannot be
    read is an :class:`~metanet.imports.ImportFileError`, and nothing is stored.
    """
    data, filename = read_file(path_or_bytes, filename)
    sha = hashlib.sha256(data).hexdigest()
    earlier = store.stored_import(sha)
    if earlier is not None:
        return ImportResult(earlier[0], filename, sha, True, format=earlier[1])
    if fmt == metanet_export.NAME or (fmt is None and metanet_export.detect(data)):
        from metanet.services.readback import read_back

        return read_back(store, data, filename, sha)
    parsed = parse_parts(data, filename, fmt)
    with change(store) as done:
        result, accounts = store_import(
            store,
            parsed,
            filename=filename,
            sha256=sha,
            size=len(data),
            progress=progress,
            phone_region=phone_region(store),
        )
        result.suggested = len(accounts) <= SUGGEST_AT_IMPORT_LIMIT
        done.touched = accounts
        done.suggest = accounts if result.suggested else []
    result.request_notices = done.notices
    if not isinstance(path_or_bytes, bytes):
        result.interactions = _interactions(store, Path(path_or_bytes), filename)
    return result


def _interactions(store: Store, path: Path, filename: str) -> dict[str, Any] | None:
    """The export's interaction, counted after its contacts (so they match them)."""
    from metanet.imports.interactions.files import holds_interactions
    from metanet.services.interactions import import_interactions

    if not holds_interactions(path):
        return None
    return import_interactions(store, path, filename=filename).as_dict()
