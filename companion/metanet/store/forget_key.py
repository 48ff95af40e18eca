"""The key of the forgotten list: its hashes are keyed, so a copy of the database cannot
confirm that someone was forgotten.

``forgotten`` keeps, per forgotten account, an HMAC-SHA256 of network and key under a
random 32-byte key of this database. Without the key, a candidate profile cannot be
hashed to see whether it is on the list.

**Where the key lives, and why.** In a file beside the database,
``<database>.forget-key`` (mode 0600, in the 0700 data folder), stamped with the
database's random id (migration m007); never inside the database file. "A copy of the
database" is what leaves the machine or the user's control on its own: a backup or a sync
of the database file, the file attached to a support request, a copy taken by another
program that can read SQLite files (``.dump`` included). None of those holds the key.
A copy of the whole data folder holds both, like everything else the folder holds (the
log, the summary page's fallback secret): the folder is private to the user, and that is
what protects it. The OS keyring was considered and not taken: a database moved,
restored or opened on another machine without its keyring entry would lose the key, and
every forgotten person would be stored again by the next capture — a worse failure, and a
silent one, than the one the key guards against. The key travels with the database
because it sits beside it; ``metanet wipe`` removes it with the database.

**Rows from before the key** (migration m008 marks them ``scheme = 'sha256'``) cannot be
re-keyed by a migration: only their hash is kept, which is the point. They are kept and
checked both ways; the first time such an account is met again (a capture, an import) its
row is re-keyed, since then network and key are known. ``metanet doctor`` counts the rows
still under the old scheme.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
from pathlib import Path

from metanet.model import AccountRef

log = logging.getLogger(__name__)

KEYED = "hmac-sha256"
LEGACY = "sha256"
KEY_BYTES = 32


def key_path(database: Path) -> Path:
    return database.with_name(database.name + ".forget-key")


def keyed_hash(key: bytes, ref: AccountRef) -> str:
    return hmac.new(key, _message(ref), hashlib.sha256).hexdigest()


def legacy_hash(ref: AccountRef) -> str:
    """The hash of rows written before the key (m005 to m007): unkeyed."""
    return hashlib.sha256(_message(ref)).hexdigest()


def _message(ref: AccountRef) -> bytes:
    return f"{ref.network}\x00{ref.key}".encode("utf-8", "surrogatepass")


def _read(path: Path, database_id: str) -> bytes | None:
    try:
        data = json.loads(path.read_text(encoding="ascii"))
        key = base64.b64decode(data["key"], validate=True)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("%s is not a key file of Metanet; ignored", path)
        return None
    if data.get("database_id") != database_id or len(key) != KEY_BYTES:
        log.warning("%s belongs to another database; ignored", path)
        return None
    return key


def load(database: Path, database_id: str, *, create: bool) -> bytes | None:
    """The database's key; with ``create`` a new one is made when there is none (written
    to a private temporary file and linked into place: two processes creating it at once
    both end up with the winner's). None without ``create`` when there is none."""
    path = key_path(database)
    key = _read(path, database_id)
    if key is not None or not create:
        return key
    fd, tmp = tempfile.mkstemp(prefix=".forget-key-", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            fresh = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")
            json.dump({"database_id": database_id, "key": fresh}, out)
        if path.exists():  # another database's key (a database moved into place)
            os.replace(tmp, path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    key = _read(path, database_id)
    if key is None:
        raise OSError(f"could not keep the forgotten list's key in {path}")
    return key
