"""``metanet doctor``: what is installed, where the data is, and what to fix."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

import click

from metanet.commands.output import emit, json_option, words
from metanet.i18n import texts

if TYPE_CHECKING:
    from metanet.services.captures import ParserHealth


def collect() -> dict[str, Any]:
    """Every check as data; the text view and ``--json`` print the same facts."""
    from metanet import __version__, paths
    from metanet.errors import MetanetError
    from metanet.nativehost.commands import doctor_report
    from metanet.secret import backend_status
    from metanet.services import backup
    from metanet.services.captures import parser_health
    from metanet.services.settings import region_setting
    from metanet.store import Store, forget_key

    report: dict[str, Any] = {
        "version": __version__,
        "data_folder": str(paths.home()),
        "database": str(paths.database()),
        "log": str(paths.log_file()),
        "browsers": doctor_report(),
        "keyring": backend_status(),
    }
    try:
        with Store() as store:
            report["counts"] = store.counts()
            report["parser_health"] = parser_health(store)
            report["phone_region"] = region_setting(store)
            report["forgotten"] = store.forgotten_counts()
            report["forget_key_missing"] = bool(
                report["forgotten"].get(forget_key.KEYED) and store.forget_key() is None
            )
            report["backup"] = backup.status(store)
            report["parser_failures"] = [
                c for c in store.list_captures(limit=200) if c["outcome"] == "parser_failed"
            ][:10]
    except (MetanetError, OSError, sqlite3.DatabaseError) as exc:
        report["database_problem"] = str(exc)
    report["problems"] = problems(report)
    return report


def problems(report: dict[str, Any]) -> list[str]:
    """What doctor found wrong, one line each; any makes it exit with status 1."""
    from metanet import paths

    found = []
    if "database_problem" in report:
        found.append(f"the database cannot be opened: {report['database_problem']}")
    if report.get("forget_key_missing"):
        found.append(
            "the key of the forgotten list is missing (it sits beside the database, "
            f"{paths.database()}.forget-key): forgotten people would be stored again"
        )
    found += _backup_problems(report.get("backup"), report.get("counts", {}))
    folder = paths.home()
    if paths.readable_by_others(folder):
        found.append(f"other users can read the data folder: fix with chmod 700 {folder}")
    for row in report["browsers"]:
        if row.get("detected") and not row.get("ok"):
            found.append(f"{row['browser']} ({row['scope']}): {row.get('problem') or 'not ok'}")
    return found


def _backup_problems(state: dict[str, Any] | None, counts: dict[str, int]) -> list[str]:
    """A missing backup folder; no good backup for 7 days (once there is data to lose)."""
    if state is None:
        return []
    if state["folder_missing"]:
        return [
            f"the backup folder {state['folder']} is missing (a disk not plugged in?): "
            "no automatic backups until it is back, or choose another with "
            "`metanet backup --auto FOLDER`"
        ]
    if state["stale"] and (state["last_at"] or state["folder"]):
        last = state["last_at"] or "never"
        return [f"the last good backup is older than 7 days ({last}): run `metanet backup`"]
    return []


def _text(report: dict[str, Any]) -> str:
    lines = [
        f"Metanet {report['version']}",
        f"Data folder: {report['data_folder']}",
        f"Database:    {report['database']}",
        f"Log:         {report['log']}",
    ]
    if "database_problem" in report:
        lines.append(f"  PROBLEM: {report['database_problem']}")
    else:
        counts = report["counts"]
        lines.append("  " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        unkeyed = report["forgotten"].get("sha256", 0)
        if unkeyed:
            listed = (
                "1 forgotten profile is" if unkeyed == 1 else f"{unkeyed} forgotten profiles are"
            )
            lines.append(
                f"  {listed} listed under the old unkeyed hash (a copy of the database can "
                "confirm them); each is re-keyed when Metanet meets it again"
            )
    state = report.get("backup")
    if state is not None:
        lines.append(f"Backups:     last {state['last_at'] or 'never'}; automatic: "
                     f"{state['folder'] or 'off (metanet backup --auto FOLDER)'}")  # fmt: skip
    if "phone_region" in report:
        lines.append(f"Phones:      {texts.region_setting(words(), report['phone_region'])}")
    keyring = report["keyring"]
    lines.append(f"Keyring:     {keyring.get('summary') or keyring}")
    lines.append("Browsers (native-messaging host):")
    detected = [row for row in report["browsers"] if row.get("detected")]
    for row in detected or report["browsers"][:0]:
        if not row.get("ok"):
            state = "NOT OK"
        elif row.get("registered"):
            state = "registered, ok"
        else:
            state = "not registered (not needed)"
        lines.append(f"  {row['browser']} ({row['scope']}): {state} — {row['path']}")
        if row.get("problem"):
            lines.append(f"      problem: {row['problem']}")
        if row.get("fix"):
            lines.append(f"      fix: {row['fix']}")
    if not detected:
        lines.append("  no supported browser found on this machine")
    lines += _health_lines(report.get("parser_health", []))
    for failure in report.get("parser_failures", []):
        lines.append(
            f"Parser failure: capture #{failure['id']} {failure['url']}: {failure['error']}"
        )
    lines += [f"PROBLEM: {problem}" for problem in report["problems"]]
    lines.append("All checks passed." if not report["problems"] else "Some checks failed.")
    return "\n".join(lines)


def _health_lines(health: list[ParserHealth]) -> list[str]:
    """Parser health per site, in the reader's words (the capture log page's table)."""
    if not health:
        return []
    w = words()
    lines = [w.gettext("Parser health (latest captures):")]
    for entry in health:
        counts = [
            w.ngettext("%(num)s stored", "%(num)s stored", entry["stored"]),
            w.ngettext("%(num)s partly read", "%(num)s partly read", entry["partly_read"]),
            w.ngettext("%(num)s unsupported", "%(num)s unsupported", entry["unsupported"]),
            w.ngettext("%(num)s failed", "%(num)s failed", entry["parser_failed"]),
        ]
        where = entry["site"] or "?"
        if entry["parser"] and entry["parser"] != entry["site"]:
            where += f" ({entry['parser']})"
        lines.append(f"  {where}: {', '.join(counts)}")
        for code, n in sorted(entry["readings"].items()):
            lines.append(f"      {w.number(n)} × {texts.reading(w, code)}")
    return lines


@click.command("doctor")
@json_option
def doctor_command(as_json: bool) -> None:
    """Check the installation: host registration per browser, database, keyring, and that
    the data folder is private. Exits with status 1 when anything needs fixing.

    \b
    Example:
      metanet doctor
    """
    report = collect()
    emit(report, as_json, _text)
    if report["problems"]:
        raise SystemExit(1)
