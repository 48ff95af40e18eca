"""Writing small files so that re-running an install is safe and says what it did.

A browser may read a manifest at any moment (every ``connectNative`` call looks it up), so
files are replaced atomically: written beside the target, then renamed over it. Comparing
with what is already there is what lets ``metanet install`` report "unchanged" on a second
run and "updated" after an upgrade moved the Python interpreter.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Literal

WriteAction = Literal["created", "updated", "unchanged"]


def write_file(path: Path, text: str, mode: int) -> WriteAction:
    """Make ``path`` hold exactly ``text`` with permission bits ``mode``."""
    if path.is_file():
        current = path.read_text(encoding="utf-8", errors="replace")
        if current == text and stat.S_IMODE(path.stat().st_mode) == mode:
            return "unchanged"
        action: WriteAction = "updated"
    else:
        action = "created"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        # Set the mode explicitly: mkstemp uses 0600, and the umask must not decide
        # whether the browser (or another account, for system scope) can read the file.
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return action


def make_folder(path: Path, mode: int = 0o755) -> None:
    """Create a folder (and parents) if missing; an existing folder keeps its mode."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, mode)


def writable_by_others(path: Path) -> bool:
    """True if the group or everyone may write ``path`` (POSIX permission bits)."""
    return bool(path.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH))
