"""What is registered where, and what a person should do about it (``metanet doctor``).

Status is read from disk (and the registry) every time, never remembered from an install:
browsers, upgrades and people change these files behind our back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from metanet.nativehost.environment import Env
from metanet.nativehost.locate import Location, detect, locate
from metanet.nativehost.manifest import manifest_problems
from metanet.nativehost.table import Row, Table, load_table


@dataclass(frozen=True)
class RowStatus:
    """One row on this machine.

    ``registered``: our manifest file exists (Windows: our registry key exists).
    ``problems``: why the browser would reject or fail to start it (empty when correct).
    ``host``: the program the manifest points to, if it names one.
    """

    row: Row
    location: Location | None
    detected: bool
    registered: bool
    problems: tuple[str, ...]
    host: Path | None

    @property
    def correct(self) -> bool:
        return self.registered and not self.problems


def status(
    scope: str | None = None,
    browsers: Iterable[str] | None = None,
    *,
    env: Env | None = None,
) -> list[RowStatus]:
    """Every row for this OS (optionally one scope / some browsers), as found on disk."""
    env = env or Env.current()
    table = load_table()
    return [row_status(row, table, env) for row in table.select(env.os, scope, browsers)]


def row_status(row: Row, table: Table, env: Env) -> RowStatus:
    location = locate(row, table, env)
    detected = detect(row, env)
    if location is None:
        return RowStatus(row, None, detected, False, (), None)
    manifest = location.manifest
    if location.registry_key:
        value = env.registry.read_default(location.registry_key) if env.registry else None
        if value is None:
            return RowStatus(row, location, detected, False, (), None)
        # The browser reads whichever file the key names, so that is the one to check.
        manifest = Path(value)
    elif not manifest.exists():
        return RowStatus(row, location, detected, False, (), None)
    problems = manifest_problems(manifest, table, row.family, env.os)
    if location.registry_key and manifest != location.manifest:
        problems.insert(0, f"the registry key points to {manifest}, not {location.manifest}")
    return RowStatus(row, location, detected, True, tuple(problems), _host(manifest))


def _host(manifest: Path) -> Path | None:
    try:
        content: Any = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    host = content.get("path") if isinstance(content, dict) else None
    return Path(host) if isinstance(host, str) and host else None


def doctor_rows(env: Env | None = None) -> list[dict[str, Any]]:
    """One plain-words verdict per row: browser, os, scope, path, detected, registered,
    ok, problem, fix."""
    env = env or Env.current()
    rows = status(env=env)
    correct = {(s.row.browser.key, s.row.variant) for s in rows if s.correct}
    return [_verdict(s, correct) for s in rows]


def _verdict(item: RowStatus, correct: set[tuple[str, str]]) -> dict[str, Any]:
    row = item.row
    command = "metanet install" if row.scope == "user" else "sudo metanet install --system"
    problem: str | None = None
    fix: str | None = None
    if item.registered and item.problems:
        problem = "; ".join(item.problems)
        fix = f"Run `{command} --browser {row.browser.key}` to rewrite it."
    elif row.variant == "flatpak" and (item.detected or item.registered):
        problem, fix = row.caveat, row.caveat_fix
    elif (
        item.detected
        and not item.registered
        and row.scope == "user"
        # Registered system-wide instead is fine: the browser reads both places.
        and (row.browser.key, row.variant) not in correct
    ):
        problem = f"Metanet is not registered with {row.label}."
        fix = f"Run `metanet install --browser {row.browser.key}`."
    return {
        "browser": row.label,
        "os": row.os,
        "scope": row.scope,
        "path": item.location.describe() if item.location else None,
        "detected": item.detected,
        "registered": item.registered,
        "ok": problem is None,
        "problem": problem,
        "fix": fix,
    }
