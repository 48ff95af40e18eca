"""For one table row on one machine: is the browser there, and where does our manifest go?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from metanet.nativehost.environment import Env
from metanet.nativehost.table import Row, Table


@dataclass(frozen=True)
class Location:
    """Where a row's registration lives: the manifest file, plus the registry key on Windows."""

    manifest: Path
    registry_key: str | None = None

    def describe(self) -> str:
        if self.registry_key:
            return f"{self.registry_key} -> {self.manifest}"
        return str(self.manifest)


def locate(row: Row, table: Table, env: Env) -> Location | None:
    """The row's location on ``env``, or None if a variable it needs is unset."""
    folder = env.expand(row.manifest_dir)
    if folder is None:
        return None
    return Location(folder / table.manifest_filename, row.registry_key)


def detect(row: Row, env: Env) -> bool:
    """Whether the row's browser seems installed: a config folder exists or it is on PATH."""
    for template in row.detect_paths:
        path = env.expand(template)
        if path is not None and path.exists():
            return True
    return any(env.which(name) for name in row.detect_executables)


def detection_hints(row: Row) -> str:
    """What :func:`detect` looked for, in words, for "not found" messages."""
    looked = list(row.detect_paths) + [f"{name} on PATH" for name in row.detect_executables]
    return ", ".join(looked)
