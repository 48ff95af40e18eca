"""``metanet install`` / ``metanet uninstall``, and the rows ``metanet doctor`` prints.

The commands only translate between people and :mod:`metanet.nativehost.installer`: options
in, one sentence per browser out (or one JSON document with ``--json``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from metanet.commands.output import emit, fail, json_option
from metanet.nativehost.environment import Env, UnsupportedPlatform
from metanet.nativehost.installer import InstallError, Outcome, Report, install, uninstall
from metanet.nativehost.manifest import HostPathError
from metanet.nativehost.status import doctor_rows
from metanet.nativehost.table import load_table

BROWSER_KEYS = sorted(load_table().browsers)

system_option = click.option(
    "--system",
    is_flag=True,
    help="For every account on this computer: system folders (Linux, macOS) or HKLM "
    "(Windows). Usually needs sudo or an administrator prompt. Default: your account only.",
)
browser_option = click.option(
    "--browser",
    "browsers",
    multiple=True,
    type=click.Choice(BROWSER_KEYS),
    help="Only this browser; repeat for several. Default: every supported browser.",
)


def doctor_report() -> list[dict[str, Any]]:
    """One row per browser location of this OS for ``metanet doctor``.

    Keys: browser, os, scope, path, detected, registered, ok, problem, fix. Empty on an OS
    the table does not cover (there is nothing to check there).
    """
    try:
        env = Env.current()
    except UnsupportedPlatform:
        return []
    return doctor_rows(env)


@click.command("install")
@system_option
@browser_option
@json_option
def install_command(system: bool, browsers: tuple[str, ...], as_json: bool) -> None:
    """Let the Metanet extension talk to this companion (native messaging).

    Writes a small launcher, <data folder>/bin/metanet-host, and for each browser found on
    this computer a host manifest in the folder (or, on Windows, the registry key) where
    that browser looks for it. Browsers that are not found are skipped; running it again
    rewrites only what changed, e.g. after moving Metanet to another Python.

    \b
    Example:
      metanet install
      metanet install --browser chromium --browser firefox --json
      sudo metanet install --system
    """
    report = _run(lambda: install("system" if system else "user", browsers or None), as_json)
    emit(report.to_dict(), as_json, lambda _data: _install_text(report))
    if report.failed or not any(o.action != "skipped" for o in report.outcomes):
        raise SystemExit(1)


@click.command("uninstall")
@system_option
@browser_option
@json_option
def uninstall_command(system: bool, browsers: tuple[str, ...], as_json: bool) -> None:
    """Remove what `metanet install` registered with your browsers.

    Deletes our host manifests (and registry keys on Windows), and the launcher once no
    browser uses it. Nothing else is touched: your data stays in the data folder.

    \b
    Example:
      metanet uninstall
      metanet uninstall --browser firefox
      sudo metanet uninstall --system
    """
    report = _run(lambda: uninstall("system" if system else "user", browsers or None), as_json)
    emit(report.to_dict(), as_json, lambda _data: _uninstall_text(report))
    if report.failed:
        raise SystemExit(1)


def _run(action: Callable[[], Report], as_json: bool) -> Report:
    try:
        return action()
    except (HostPathError, InstallError, UnsupportedPlatform) as error:
        fail(str(error), as_json, code="install_failed")
        raise  # unreachable: fail() exits


def _install_text(report: Report) -> str:
    lines = [f"Launcher: {report.launcher} ({report.launcher_action})"]
    skipped = [o.row.label for o in report.outcomes if o.action == "skipped"]
    for outcome in report.outcomes:
        if outcome.action == "skipped":
            continue
        lines.append(_install_line(outcome))
        if outcome.row.caveat and outcome.action != "failed":
            lines.append(f"  Note: {outcome.row.caveat}")
            lines.append(f"  Fix: {outcome.row.caveat_fix}")
    if skipped:
        lines.append(f"Not found on this computer, skipped: {', '.join(skipped)}.")
    if not any(o.action not in {"skipped", "failed"} for o in report.outcomes):
        lines.append("No supported browser was found, so nothing was registered.")
    return "\n".join(lines)


def _install_line(outcome: Outcome) -> str:
    name = outcome.row.label
    if outcome.action == "failed":
        return f"{name}: FAILED, {outcome.detail}."
    assert outcome.location is not None
    where = f"wrote {outcome.location.manifest}"
    if outcome.location.registry_key:
        where += f" and pointed {outcome.location.registry_key} to it"
    extra = f", {outcome.detail}" if outcome.detail else ""
    return f"{name}: {where} ({outcome.action}{extra})."


def _uninstall_text(report: Report) -> str:
    lines = []
    for outcome in report.outcomes:
        where = outcome.location.describe() if outcome.location else "(no location)"
        if outcome.action == "removed":
            lines.append(f"{outcome.row.label}: removed {where}.")
        elif outcome.action == "kept":
            lines.append(f"{outcome.row.label}: kept {where}, {outcome.detail}.")
        elif outcome.action == "failed":
            lines.append(f"{outcome.row.label}: FAILED, {outcome.detail}.")
    if not lines:
        lines.append("Nothing was registered, so nothing was removed.")
    launcher = {"removed": "removed", "kept": "kept (still used)", "absent": "not present"}
    lines.append(f"Launcher {report.launcher}: {launcher[report.launcher_action]}.")
    return "\n".join(lines)
