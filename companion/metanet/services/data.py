"""The user's data: export it, forget a person, remove a network, wipe everything."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TextIO, TypedDict, cast

from metanet import export as formats
from metanet import paths
from metanet.answers import disk
from metanet.services.people import profile_ref
from metanet.store import Store, wipe_files


class Forgot(TypedDict):
    person_id: int
    name: str | None
    accounts: int
    rows_deleted: int
    raw_pages_removed: int
    pending: bool  # another program was reading: the old copies leave the files later


class NetworkRemoved(TypedDict):
    network: str
    accounts: int
    persons: int
    captures: int
    rows_deleted: int
    pending: bool


class AllowedAgain(TypedDict):
    allowed_again: bool


class Wiped(TypedDict):
    removed: list[str]


def forget(store: Store, person_id: int) -> Forgot:
    """Forget a person for good: every row, index entry and stored page that names them,
    and the answers' graph file, which still holds their ties."""
    report = store.forget_person(person_id)
    disk.remove(store.path)  # after the commit: see :func:`metanet.answers.disk.remove`
    return cast(Forgot, asdict(report))


def forget_network(store: Store, network: str) -> NetworkRemoved:
    """Remove everything gathered from one network (it may be captured again), and the
    answers' graph file, which still holds its ties."""
    report = store.forget_network(network)
    disk.remove(store.path)
    return cast(NetworkRemoved, asdict(report))


def unforget(store: Store, url: str) -> AllowedAgain:
    """Allow a forgotten profile again, so the next capture or import stores it."""
    return {"allowed_again": store.unforget(profile_ref(url))}


def wipe(database: Path | None = None) -> Wiped:
    """Delete the database, its WAL, the answers' graph file, the secret file and the logs
    (the store is closed). ``database``: a database outside the data folder (``--db``),
    whose files and graph file go too.

    A process that has the database open (the browser's host, the summary server) notices
    before its next request and carries on with a new, empty database
    (:class:`metanet.services.long_lived.FollowedStore`)."""
    removed = disk.remove(paths.database())
    if database is not None and database.resolve() != paths.database().resolve():
        removed += disk.remove(database)
    return {"removed": removed + wipe_files(database)}


def export(store: Store, fmt: str, out: TextIO) -> None:
    """Write the whole meta-network in ``fmt`` (one of ``export.FORMATS``) to ``out``."""
    formats.write(store, fmt, out)


def export_text(store: Store, fmt: str) -> str:
    return formats.export_text(store, fmt)
