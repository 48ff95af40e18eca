"""``metanet doctor``: what is installed, where the data is, and what to fix."""

from __future__ import annotations

from typing import Any

import click

from metanet.commands.output import emit, json_option


def collect() -> dict[str, Any]:
    """Every check as data; the text view and ``--json`` print the same facts."""
    from metanet import __version__, paths
    from metanet.nativehost.commands import doctor_report
    from metanet.secret import backend_status
    from metanet.store import Store, StoreError

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
            report["parser_failures"] = [
                c for c in store.list_captures(limit=200) if c["outcome"] == "parser_failed"
            ][:10]
    except (StoreError, OSError) as exc:
        report["database_problem"] = str(exc)
    return report


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
    for failure in report.get("parser_failures", []):
        lines.append(
            f"Parser failure: capture #{failure['id']} {failure['url']}: {failure['error']}"
        )
    return "\n".join(lines)


@click.command("doctor")
@json_option
def doctor_command(as_json: bool) -> None:
    """Check the installation: host registration per browser, database, keyring.

    \b
    Example:
      metanet doctor
    """
    emit(collect(), as_json, _text)
