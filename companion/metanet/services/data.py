"""The user's data: export it, forget a person, remove a network, wipe everything."""

from __future__ import annotations

from dataclasses import asdict
from typing import TextIO, TypedDict, cast

from metanet import export as formats
from metanet.services.people import profile_ref
from metanet.store import Store, wipe_files


class Forgot(TypedDict):
    person_id: int
    name: str | None
    accounts: int
    rows_deleted: int
    raw_pages_removed: int


class NetworkRemoved(TypedDict):
    network: str
    accounts: int
    persons: int
    captures: int
    rows_deleted: int


class AllowedAgain(TypedDict):
    allowed_again: bool


class Wiped(TypedDict):
    removed: list[str]


def forget(store: Store, person_id: int) -> Forgot:
    """Forget a person for good: every row, index entry and stored page that names them."""
    return cast(Forgot, asdict(store.forget_person(person_id)))


def forget_network(store: Store, network: str) -> NetworkRemoved:
    """Remove everything gathered from one network (it may be captured again)."""
    return cast(NetworkRemoved, asdict(store.forget_network(network)))


def unforget(store: Store, url: str) -> AllowedAgain:
    """Allow a forgotten profile again, so the next capture or import stores it."""
    return {"allowed_again": store.unforget(profile_ref(url))}


def wipe() -> Wiped:
    """Delete the database, its WAL, the secret file and the logs (the store is closed)."""
    return {"removed": wipe_files()}


def export(store: Store, fmt: str, out: TextIO) -> None:
    """Write the whole meta-network in ``fmt`` (one of ``export.FORMATS``) to ``out``."""
    formats.write(store, fmt, out)


def export_text(store: Store, fmt: str) -> str:
    return formats.export_text(store, fmt)
