"""Where Metanet keeps its files.

Every command reads ``$METANET_HOME`` first, so tests, scripts and the demo can point the
whole companion at a folder of their own; otherwise the platform's user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "metanet"


def home() -> Path:
    """The data folder (created with mode 0700 if missing)."""
    env = os.environ.get("METANET_HOME")
    folder = Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def database() -> Path:
    """The SQLite database file."""
    return home() / "metanet.db"


def log_file() -> Path:
    """The companion's log: the native host must never write logs to stdout."""
    logs = home() / "logs"
    logs.mkdir(exist_ok=True, mode=0o700)
    return logs / "metanet.log"


def server_file() -> Path:
    """Where a running ``metanet serve`` records its address and pid."""
    return home() / "server.json"


def secret_fallback_file() -> Path:
    """The summary-page secret when no keyring backend exists (mode 0600)."""
    return home() / "secret.key"
