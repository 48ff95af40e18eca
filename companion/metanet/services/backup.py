"""Backups: take one while Metanet runs, restore one, and keep automatic ones in a folder.

A backup is a consistent online copy of the database (``store/backup.py``) with its
forgotten list's key, in a ZIP with a manifest (``backups/archive.py``), optionally
encrypted with a passphrase. The summary page's secret and the keyring are not in it and
not needed to restore: a new secret is made on first use.

Automatic backups: once a folder is chosen (``metanet backup --auto FOLDER``), the host
and the summary server start ``python -m metanet.services.auto_backup DATABASE`` when
they start; it takes a backup if the last good one is a day old or older, and rotates the
folder (``backups/rotation.py``: 7 daily, 4 weekly).
"""

from __future__ import annotations

import errno
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypedDict

from metanet import __version__, errors
from metanet.answers import disk
from metanet.backups import archive, rotation
from metanet.store import Store, forget_key, now
from metanet.store import backup as copies

log = logging.getLogger(__name__)

FOLDER = "backup.folder"
LAST_AT = "backup.last_at"
LAST_FILE = "backup.last_file"
#: an automatic backup is taken when the last good one is this old
DUE_AFTER = timedelta(hours=23)
#: ``metanet doctor`` warns when the last good backup is older than this
STALE_AFTER = timedelta(days=7)


class NoSpace(errors.Refused):
    """The disk is full: nothing was written."""


class NotEmpty(errors.Refused):
    """A restore would replace a database that holds data, and the user did not say yes."""


class BackupTaken(TypedDict):
    file: str
    size: int
    encrypted: bool
    schema: str
    counts: dict[str, int]
    seconds: float
    removed: list[str]  # automatic backups the rotation removed


class Restored(TypedDict):
    file: str
    created_at: str
    metanet: str
    schema_from: str
    schema_to: str
    counts: dict[str, int]
    aside: str | None  # where the database that was there before is kept


class BackupStatus(TypedDict):
    folder: str | None
    folder_missing: bool
    last_at: str | None
    last_file: str | None
    stale: bool  # no good backup within STALE_AFTER


def _stamp(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).astimezone(UTC).strftime(rotation.STAMP)


def default_name(at: datetime | None = None) -> str:
    return f"metanet-backup-{_stamp(at)}.zip"


@contextmanager
def _disk_errors(where: Path, action: str) -> Iterator[None]:
    """A full disk or an unwritable folder as one line that says where."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, errors.MetanetError):
            raise
        if exc.errno == errno.ENOSPC:
            raise NoSpace(f"the disk is full at {where}; {action}") from None
        raise errors.InvalidInput(
            f"cannot write to {where}: {exc.strerror or exc}; {action}"
        ) from None


def backup(
    store: Store,
    target: Path | None = None,
    *,
    folder: Path | None = None,
    passphrase: str | None = None,
    at: datetime | None = None,
) -> BackupTaken:
    """Back up the store's database to ``target`` (a file), or into ``folder`` under a
    name with the time, while other processes keep writing. ``at``: the time to record
    (now)."""
    started = time.monotonic()
    if target is None:
        target = (folder or Path.cwd()) / default_name()
    target = target.expanduser().absolute()
    if target.exists():
        raise errors.InvalidInput(f"{target} already exists; name a new file", field="file")
    if not target.parent.is_dir():
        raise errors.InvalidInput(f"there is no folder {target.parent}", field="file")
    database = store.path
    with (
        _disk_errors(target.parent, "no backup was written"),
        tempfile.TemporaryDirectory(prefix=".backup-", dir=database.parent) as work,
    ):
        copy = Path(work) / archive.DATABASE
        copies.copy_online(database, copy)
        facts = copies.facts(copy)
        if facts.integrity != "ok":
            raise errors.Unreadable(
                f"the database is damaged ({facts.integrity}); no backup was written"
            )
        key = forget_key.key_path(database)
        manifest: dict[str, Any] = {
            "metanet": __version__,
            "created_at": at.isoformat() if at else now(),
            "schema": facts.migrations[-1],
            "migrations": facts.migrations,
            "database_id": facts.database_id,
            "counts": {**facts.counts, "notes": facts.notes},
        }
        archive.write(target, manifest, copy, key if key.exists() else None, passphrase)
    store.set_setting(LAST_AT, str(manifest["created_at"]))
    store.set_setting(LAST_FILE, str(target))
    return {
        "file": str(target),
        "size": target.stat().st_size,
        "encrypted": passphrase is not None,
        "schema": facts.migrations[-1],
        "counts": manifest["counts"],
        "seconds": round(time.monotonic() - started, 2),
        "removed": [],
    }


def _refuse_newer(manifest: dict[str, object]) -> None:
    known = copies.known_migrations()
    theirs = manifest.get("migrations")
    unknown = [m for m in theirs if m not in known] if isinstance(theirs, list) else []
    version = manifest.get("format_version", 0)
    if not isinstance(version, int):
        raise archive.BackupUnreadable("the backup's manifest is damaged; nothing was restored")
    if unknown or version > archive.FORMAT_VERSION:
        raise archive.NewerBackup(
            f"this backup was made by Metanet {manifest.get('metanet')} with a newer schema "
            f"({', '.join(map(str, unknown)) or 'format ' + str(version)}); "
            f"install a newer Metanet than {__version__} first; nothing was restored"
        )


def restore(
    database: Path, source: Path, passphrase: Callable[[], str], *, yes: bool = False
) -> Restored:
    """Restore the backup ``source`` as ``database``: the checksums and versions are
    checked first (a newer schema is refused, an older one migrated); a database that
    holds data is replaced only with ``yes`` and is kept aside, never overwritten."""
    source = source.expanduser().absolute()
    _refuse_newer(archive.read_manifest(source))
    if not yes and not copies.is_empty(database):
        raise NotEmpty(
            f"{database} already holds data; add --yes to replace it "
            "(it is kept beside it, not overwritten); nothing was restored"
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    with (
        _disk_errors(database.parent, "nothing was restored"),
        tempfile.TemporaryDirectory(prefix=".restore-", dir=database.parent) as work,
    ):
        opened = archive.read(source, Path(work), passphrase)
        _refuse_newer(opened.manifest)
        facts = copies.facts(opened.database)
        if facts.integrity != "ok" or facts.database_id != opened.manifest.get("database_id"):
            raise archive.BackupUnreadable(
                f"{source} holds a damaged database ({facts.integrity}); nothing was restored"
            )
        copies.migrate(opened.database)
        aside = None
        if database.exists() and not copies.is_empty(database):
            aside = database.with_name(f"{database.name}.before-restore-{_stamp()}")
        copies.replace(database, opened.database, opened.key, aside)
    disk.remove(database)  # the old database's graph file; the next answer builds anew
    with Store(database) as store:
        counts = copies.facts(store.path).counts
    return {
        "file": str(source),
        "created_at": str(opened.manifest.get("created_at")),
        "metanet": str(opened.manifest.get("metanet")),
        "schema_from": facts.migrations[-1] if facts.migrations else "",
        "schema_to": copies.known_migrations()[-1],
        "counts": counts,
        "aside": str(aside) if aside else None,
    }


# -- automatic backups --------------------------------------------------------------------


def status(store: Store, at: datetime | None = None) -> BackupStatus:
    """Where automatic backups go and when the last good backup was taken."""
    folder = store.setting(FOLDER)
    last_at = store.setting(LAST_AT)
    moment = at or datetime.now(UTC)
    stale = last_at is None or datetime.fromisoformat(last_at) < moment - STALE_AFTER
    return {
        "folder": folder,
        "folder_missing": folder is not None and not Path(folder).is_dir(),
        "last_at": last_at,
        "last_file": store.setting(LAST_FILE),
        "stale": stale,
    }


def set_folder(store: Store, folder: Path | None) -> BackupStatus:
    """Take automatic backups into ``folder`` from now on (None: no more)."""
    if folder is None:
        store.set_setting(FOLDER, None)
        return status(store)
    folder = folder.expanduser().absolute()
    if not folder.is_dir():
        raise errors.InvalidInput(
            f"there is no folder {folder}; create it (or plug in the disk) first", field="folder"
        )
    store.set_setting(FOLDER, str(folder))
    return status(store)


def due(store: Store, at: datetime | None = None) -> bool:
    """Whether an automatic backup should be taken now."""
    state = status(store, at)
    if state["folder"] is None or state["folder_missing"]:
        return False
    last = state["last_at"]
    return last is None or datetime.fromisoformat(last) <= (at or datetime.now(UTC)) - DUE_AFTER


def automatic_backup(store: Store, at: datetime | None = None) -> BackupTaken:
    """Take an automatic backup into the chosen folder and rotate the folder."""
    folder_setting = store.setting(FOLDER)
    if folder_setting is None:
        raise errors.Refused("no folder for automatic backups; choose one with --auto FOLDER")
    folder = Path(folder_setting)
    if not folder.is_dir():
        raise errors.Refused(f"the backup folder {folder} is missing (a disk not plugged in?)")
    at = (at or datetime.now(UTC)).replace(microsecond=0)
    taken = backup(store, folder / rotation.name(at), at=at)
    kept = rotation.choose(rotation.automatic(folder))
    for path in kept.remove:
        path.unlink(missing_ok=True)
    taken["removed"] = [str(p) for p in kept.remove]
    return taken
