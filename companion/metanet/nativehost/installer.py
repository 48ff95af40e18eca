"""Register and unregister the native host with the browsers of this machine.

``install`` writes the launcher once, then, for each table row of this OS and scope whose
browser is detected, the host manifest (and on Windows the registry key pointing to it).
It never writes for a browser that is not there, but does create the browser's
``NativeMessagingHosts`` folder when the browser is there and the folder is not yet.
``uninstall`` removes exactly those files and keys. Both report per row in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from metanet.nativehost.environment import Env
from metanet.nativehost.files import WriteAction, make_folder, write_file
from metanet.nativehost.launcher import launcher_path, write_launcher
from metanet.nativehost.locate import Location, detect, detection_hints, locate
from metanet.nativehost.manifest import dumps, render, require_host_path
from metanet.nativehost.status import row_status
from metanet.nativehost.table import Row, Table, load_table

MANIFEST_MODE = 0o644  # browsers (and, for system scope, every account) must read it


class InstallError(RuntimeError):
    """Registration could not be done as asked (the message says why and what to do)."""


class UnknownBrowser(InstallError):
    """A ``--browser`` name that is not in the table."""


@dataclass(frozen=True)
class Outcome:
    """What happened for one row.

    ``action``: created, updated, unchanged (install); removed, absent, kept (uninstall);
    skipped (browser not found); failed (``detail`` says why).
    """

    row: Row
    action: str
    location: Location | None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "browser": self.row.browser.key,
            "name": self.row.label,
            "os": self.row.os,
            "scope": self.row.scope,
            "variant": self.row.variant,
            "action": self.action,
            "manifest": str(self.location.manifest) if self.location else None,
            "registry_key": self.location.registry_key if self.location else None,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Report:
    """An install or uninstall: the launcher and each row."""

    scope: str
    launcher: Path
    launcher_action: str
    outcomes: tuple[Outcome, ...]

    @property
    def failed(self) -> bool:
        return any(o.action == "failed" for o in self.outcomes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "launcher": {"path": str(self.launcher), "action": self.launcher_action},
            "results": [o.to_dict() for o in self.outcomes],
        }


def install(
    scope: str = "user",
    browsers: Iterable[str] | None = None,
    *,
    env: Env | None = None,
    host_path: Path | None = None,
) -> Report:
    """Register the host for every detected browser of this OS in ``scope``.

    ``host_path`` replaces the launcher (for packagers); it is checked the same way.
    Raises :class:`HostPathError` before writing anything if the host is unsafe.
    """
    env = env or Env.current()
    table = load_table()
    rows = _rows(table, env, scope, browsers)
    if host_path is not None:
        require_host_path(host_path, env.os)
        launcher, launcher_action = host_path, "unchanged"
    else:
        launcher, launcher_action = write_launcher(env, scope=scope)
        require_host_path(launcher, env.os)
    done: dict[tuple[str, str, str], Outcome] = {}
    outcomes = []
    for row in rows:
        earlier = done.get(row.location_key)
        if earlier is not None:
            shared = f"shared with {earlier.row.label}"
            outcome = Outcome(row, earlier.action, earlier.location, shared)
        else:
            outcome = _install_row(row, table, env, launcher)
            if outcome.action not in {"skipped", "failed"}:
                done[row.location_key] = outcome
        outcomes.append(outcome)
    return Report(scope, launcher, launcher_action, tuple(outcomes))


def _install_row(row: Row, table: Table, env: Env, host: Path) -> Outcome:
    location = locate(row, table, env)
    if location is None:
        return Outcome(row, "skipped", None, "a folder variable it needs is not set")
    if not detect(row, env):
        return Outcome(row, "skipped", location, f"not found (looked for {detection_hints(row)})")
    manifest = dumps(render(table, row.family, host))
    try:
        make_folder(location.manifest.parent)
        action: WriteAction = write_file(location.manifest, manifest, MANIFEST_MODE)
        if location.registry_key:
            action = _write_key(env, location.registry_key, str(location.manifest), action)
    except OSError as error:
        return Outcome(row, "failed", location, _os_error_hint(error, row.scope))
    return Outcome(row, action, location)


def _write_key(env: Env, key: str, value: str, file_action: WriteAction) -> WriteAction:
    """On Windows the registration is the key: new key = created, whatever the file did."""
    if env.registry is None:
        raise InstallError("no Windows registry available for a Windows row")
    current = env.registry.read_default(key)
    if current == value:
        return "unchanged" if file_action == "unchanged" else "updated"
    env.registry.write_default(key, value)
    return "created" if current is None else "updated"


def uninstall(
    scope: str = "user",
    browsers: Iterable[str] | None = None,
    *,
    env: Env | None = None,
) -> Report:
    """Remove our manifests (and registry keys) for this OS in ``scope``; nothing else.

    A location shared with a browser that is not being uninstalled and is still installed
    (Brave uses Chrome's folders on macOS) is kept. The launcher goes once no manifest of
    this OS points to it any more.
    """
    env = env or Env.current()
    table = load_table()
    selected = _rows(table, env, scope, browsers)
    selected_ids = {row.id for row in selected}
    done: dict[tuple[str, str, str], Outcome] = {}
    outcomes = []
    for row in selected:
        earlier = done.get(row.location_key)
        if earlier is not None:
            outcomes.append(Outcome(row, earlier.action, earlier.location, earlier.detail))
            continue
        keeper = next(
            (
                other
                for other in table.select(env.os, scope)
                if other.id not in selected_ids
                and other.location_key == row.location_key
                and detect(other, env)
            ),
            None,
        )
        if keeper is not None:
            outcome = Outcome(row, "kept", locate(row, table, env), f"also used by {keeper.label}")
        else:
            outcome = _uninstall_row(row, table, env)
        done[row.location_key] = outcome
        outcomes.append(outcome)
    launcher, launcher_action = _remove_launcher_if_unused(table, env, scope)
    return Report(scope, launcher, launcher_action, tuple(outcomes))


def _uninstall_row(row: Row, table: Table, env: Env) -> Outcome:
    location = locate(row, table, env)
    if location is None:
        return Outcome(row, "absent", None)
    removed = False
    try:
        if location.registry_key and env.registry is not None:
            removed = env.registry.delete(location.registry_key)
            if _still_referenced(location.manifest, table, env):
                # On Windows, Chromium and Edge keys point to one chromium manifest file.
                return Outcome(row, "removed" if removed else "absent", location)
        if location.manifest.is_file():
            location.manifest.unlink()
            removed = True
    except OSError as error:
        return Outcome(row, "failed", location, _os_error_hint(error, row.scope))
    return Outcome(row, "removed" if removed else "absent", location)


def _still_referenced(manifest: Path, table: Table, env: Env) -> bool:
    """Whether some registry key of this OS still names ``manifest``."""
    assert env.registry is not None
    return any(
        row.registry_key and env.registry.read_default(row.registry_key) == str(manifest)
        for row in table.select(env.os)
    )


def _remove_launcher_if_unused(table: Table, env: Env, scope: str) -> tuple[Path, str]:
    path = launcher_path(env, scope)
    if not path.exists():
        return path, "absent"
    for row in table.select(env.os):
        if row_status(row, table, env).host == path:
            return path, "kept"
    path.unlink()
    return path, "removed"


def install_into(manifest_dir: Path, family: str, *, env: Env | None = None) -> Path:
    """Write the launcher and a ``family`` manifest into ``manifest_dir``; return the manifest.

    For tests and power users who point a browser at a folder of their own, e.g. Chromium
    started with ``--user-data-dir=D`` reads ``D/NativeMessagingHosts/metanet.companion.json``.
    ``family`` is ``chromium`` or ``firefox`` (a browser key such as ``chrome`` also works).
    The launcher goes where ``metanet install`` puts it: ``$METANET_HOME/bin`` if set.
    """
    env = env or Env.current()
    table = load_table()
    if family in table.families:
        chosen = table.families[family]
    elif family in table.browsers:
        chosen = table.browsers[family].family
    else:
        choices = sorted(table.families)
        raise UnknownBrowser(f"unknown browser family {family!r}: use one of {choices}")
    launcher, _action = write_launcher(env)
    require_host_path(launcher, env.os)
    manifest_dir = Path(manifest_dir)
    make_folder(manifest_dir, 0o700)
    path = manifest_dir / table.manifest_filename
    write_file(path, dumps(render(table, chosen, launcher)), MANIFEST_MODE)
    return path


def _rows(table: Table, env: Env, scope: str, browsers: Iterable[str] | None) -> list[Row]:
    if scope not in {"user", "system"}:
        raise InstallError(f"scope must be 'user' or 'system', not {scope!r}")
    wanted = None if browsers is None else list(browsers)
    for name in wanted or []:
        if name not in table.browsers:
            raise UnknownBrowser(f"unknown browser {name!r}: use one of {sorted(table.browsers)}")
    return table.select(env.os, scope, wanted)


def _os_error_hint(error: OSError, scope: str) -> str:
    where = f" ({error.filename})" if error.filename else ""
    hint = ""
    if isinstance(error, PermissionError) and scope == "system":
        hint = ": system-wide registration needs root (sudo) or an administrator prompt"
    return f"{error.strerror or error}{where}{hint}"
