"""Where Metanet keeps its files.

Every command reads ``$METANET_HOME`` first, so tests, scripts and the demo can point the
whole companion at a folder of their own; otherwise the platform's user data folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TextIO

import platformdirs

APP_NAME = "metanet"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def home() -> Path:
    """The data folder, created or tightened to mode 0700: it holds everyone the user knows.

    An existing folder (``METANET_HOME`` set to one the user made with 0755) is made private
    too, if it is ours to change; ``metanet doctor`` reports one it could not fix.
    """
    folder = data_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    make_private(folder)
    return folder


def data_folder() -> Path:
    """Where the data folder is, without creating it (for reading a user's optional file)."""
    env = os.environ.get("METANET_HOME")
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME))


def make_private(path: Path) -> None:
    """Take read/write/execute away from group and others, where we own ``path``."""
    try:
        info = path.stat()
        if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.getuid():
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
    except (OSError, AttributeError):  # AttributeError: os.getuid is POSIX only
        pass


def readable_by_others(path: Path) -> bool:
    """Whether group or others may read or enter ``path`` (POSIX modes)."""
    try:
        return os.name == "posix" and bool(stat.S_IMODE(path.stat().st_mode) & 0o077)
    except OSError:
        return False


def open_private(path: Path) -> TextIO:
    """Open ``path`` for writing text, created with mode 0600 (an existing file made 0600).

    Exports, logs and cards hold personal data: never world-readable by a umask's accident.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    if stat.S_ISREG(os.fstat(fd).st_mode):
        os.fchmod(fd, PRIVATE_FILE)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def database() -> Path:
    """The SQLite database file."""
    return home() / "metanet.db"


def log_file() -> Path:
    """The companion's log: the native host must never write logs to stdout."""
    logs = home() / "logs"
    logs.mkdir(exist_ok=True, mode=PRIVATE_FOLDER)
    log = logs / "metanet.log"
    # Created 0600 before a logging handler opens it (which would follow the umask: 0644).
    os.close(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE))
    make_private(log)
    return log


def server_file() -> Path:
    """Where a running ``metanet serve`` records its address and pid."""
    return home() / "server.json"


def secret_fallback_file() -> Path:
    """The summary-page secret when no keyring backend exists (mode 0600)."""
    return home() / "secret.key"
