"""The backup file: a ZIP archive with a manifest, the database and its forgotten list's key.

A plain backup holds

* ``manifest.json`` — :data:`FORMAT`, Metanet's version, the schema (the migrations
  applied), the database's random id, the counts, and each member's SHA-256 and size;
* the database (:data:`DATABASE`), a consistent online copy (``store/backup.py``);
* the key of the forgotten list's hashes (:data:`KEY`), when the database has one:
  without it, forgotten people would be stored again by the next capture.

An encrypted backup is a ZIP of its own with a manifest in the clear (format, versions,
schema and the SHA-256 of the sealed member, but no counts) and ``backup.zip.age``: the
plain backup encrypted with a passphrase in the age format (``pyrage``, a maintained
binding of the Rust ``age`` implementation: scrypt for the passphrase, ChaCha20-Poly1305
for the data). Any age tool opens it (``unzip``, then ``age -d``). The checksum in the
clear tells a damaged file from a wrong passphrase: the sealed bytes are whole, so a
failure to decrypt them is the passphrase.

Both are written to a temporary file beside the target and renamed into place: a full
disk or a crash never leaves half a backup under the backup's name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metanet import errors, paths

FORMAT = "metanet-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "metanet.db"
KEY = "metanet.db.forget-key"
SEALED = "backup.zip.age"
CHUNK = 1 << 20


class BackupUnreadable(errors.Unreadable):
    """The file is not a Metanet backup, or it is damaged or cut short."""


class WrongPassphrase(errors.Refused):
    """The backup is whole, but the passphrase does not open it."""


class NewerBackup(errors.Refused):
    """The backup was made by a newer Metanet, with tables this one does not know."""


@dataclass
class Opened:
    """A backup read and checked: its manifest, and its members written to a folder."""

    manifest: dict[str, Any]
    database: Path
    key: bytes | None = field(default=None, repr=False)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _member(path: Path) -> dict[str, Any]:
    return {"sha256": sha256_of(path), "size": path.stat().st_size}


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.part")


def _private_zip(path: Path) -> zipfile.ZipFile:
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, paths.PRIVATE_FILE))
    return zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)


def _write_plain(target: Path, manifest: dict[str, Any], database: Path, key: Path | None) -> None:
    files = {DATABASE: _member(database)}
    if key is not None:
        files[KEY] = _member(key)
    manifest = {**manifest, "encrypted": False, "files": files}
    with _private_zip(target) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        archive.write(database, DATABASE)
        if key is not None:
            archive.write(key, KEY)


def write(
    target: Path,
    manifest: dict[str, Any],
    database: Path,
    key: Path | None,
    passphrase: str | None = None,
) -> None:
    """Write the backup of ``database`` (and its ``key`` file) to ``target``; encrypted
    with ``passphrase`` if one is given. ``manifest``: the facts to record."""
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest}
    part = _temporary(target)
    try:
        if passphrase is None:
            _write_plain(part, manifest, database, key)
        else:
            _write_sealed(part, manifest, database, key, passphrase)
        with part.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _write_sealed(
    target: Path, manifest: dict[str, Any], database: Path, key: Path | None, passphrase: str
) -> None:
    import pyrage  # only an encrypted backup pays for it

    inner = target.with_name(target.name + ".inner")
    try:
        _write_plain(inner, manifest, database, key)
        sealed = pyrage.passphrase.encrypt(inner.read_bytes(), passphrase)
    finally:
        inner.unlink(missing_ok=True)
    clear = {k: v for k, v in manifest.items() if k != "counts"}
    clear["encrypted"] = True
    clear["files"] = {SEALED: {"sha256": hashlib.sha256(sealed).hexdigest(), "size": len(sealed)}}
    with _private_zip(target) as archive:
        archive.writestr(MANIFEST, json.dumps(clear, indent=1, ensure_ascii=False))
        archive.writestr(SEALED, sealed, compress_type=zipfile.ZIP_STORED)


def _damaged(source: Path, why: str) -> BackupUnreadable:
    return BackupUnreadable(f"{source} is damaged or cut short ({why}); nothing was restored")


def _open_zip(source: Path | io.BytesIO, name: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupUnreadable(f"there is no file {name}") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _damaged(name, f"not a whole ZIP archive: {exc}") from None
    return archive


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest in the clear: enough to refuse a foreign, newer or damaged file before
    asking for a passphrase."""
    with _open_zip(source, source) as archive:
        return _manifest(archive, source)


def _manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupUnreadable(f"{source} is not a Metanet backup (no {MANIFEST})") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise _damaged(source, f"its manifest cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupUnreadable(f"{source} is not a Metanet backup")
    if not isinstance(manifest.get("files"), dict):
        raise _damaged(source, "its manifest lists no files")
    return manifest


def _extract(archive: zipfile.ZipFile, member: str, target: Path, source: Path) -> None:
    """Write ``member`` to ``target`` (0600); CRC-32 checked by zipfile as it reads."""
    target.unlink(missing_ok=True)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, paths.PRIVATE_FILE))
    try:
        with archive.open(member) as data, target.open("wb") as out:
            while block := data.read(CHUNK):
                out.write(block)
    except KeyError:
        raise _damaged(source, f"{member} is missing") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise _damaged(source, f"{member} cannot be read: {exc}") from None


def _check(manifest: dict[str, Any], member: str, path: Path, source: Path) -> None:
    expected = manifest["files"].get(member)
    if not isinstance(expected, dict):
        raise _damaged(source, f"its manifest does not describe {member}")
    if expected.get("sha256") != sha256_of(path) or expected.get("size") != path.stat().st_size:
        raise _damaged(source, f"the checksum of {member} does not match its manifest")


def read(source: Path, folder: Path, passphrase: Callable[[], str]) -> Opened:
    """Open the backup ``source`` into ``folder`` and check every member against the
    manifest. ``passphrase`` is asked only if the backup is encrypted."""
    with _open_zip(source, source) as archive:
        manifest = _manifest(archive, source)
        if not manifest.get("encrypted"):
            return _read_plain(archive, manifest, folder, source)
        sealed = folder / SEALED
        _extract(archive, SEALED, sealed, source)
    _check(manifest, SEALED, sealed, source)
    inner = _unseal(sealed, passphrase())
    sealed.unlink()
    with _open_zip(io.BytesIO(inner), source) as archive:
        return _read_plain(archive, _manifest(archive, source), folder, source)


def _unseal(sealed: Path, passphrase: str) -> bytes:
    import pyrage

    try:
        return bytes(pyrage.passphrase.decrypt(sealed.read_bytes(), passphrase))
    except pyrage.DecryptError:
        raise WrongPassphrase("the passphrase does not open this backup") from None


def _read_plain(
    archive: zipfile.ZipFile, manifest: dict[str, Any], folder: Path, source: Path
) -> Opened:
    database = folder / DATABASE
    _extract(archive, DATABASE, database, source)
    _check(manifest, DATABASE, database, source)
    key = None
    if KEY in manifest["files"]:
        key_file = folder / KEY
        _extract(archive, KEY, key_file, source)
        _check(manifest, KEY, key_file, source)
        key = key_file.read_bytes()
        key_file.unlink()
    return Opened(manifest, database, key)
