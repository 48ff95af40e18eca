"""``metanet import FILE``: official exports and address books into the meta-network."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from metanet.commands.output import emit, json_option, open_store
from metanet.imports.detect import FORMATS

SHOWN_CHANGES = 25  # per kind in the text report; --json has them all
PROGRESS_FROM = 500  # smaller imports finish before a bar would be worth drawing


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _describe_change(change: dict[str, Any]) -> str:
    name = change["name"] or change["key"]
    if change["change"] == "changed":
        return f"{name}: {change['field']} {change['old'] or '-'} → {change['new'] or '-'}"
    return str(name)


def describe(data: dict[str, Any]) -> str:
    """The text report: what was imported and what changed since the last export."""
    if data["already_imported"]:
        return (
            f"{data['filename']}: already imported (import #{data['import_id']}, same content); "
            "nothing changed."
        )
    counts = [
        f"{data['entries']} contacts",
        f"{data['accounts']} accounts",
        f"{data['ties']} ties",
    ]
    if data["skipped"]:
        counts.append(f"{_count(data['skipped'], 'empty entry', 'empty entries')} skipped")
    if data["forgotten"]:
        counts.append(
            f"{_count(data['forgotten'], 'forgotten person', 'forgotten people')} left out"
        )
    lines = [
        f"Imported {data['filename']} ({data['format']}) as import #{data['import_id']}: "
        + ", ".join(counts)
        + "."
    ]
    for part in data["parts"]:
        if len(data["parts"]) > 1:
            lines.append(f"  {part['name']}: {part['format']}, {part['entries']} contacts")
        if part["first_import"]:
            lines.append(f"  First import of {part['source']}: nothing to compare with yet.")
    titles = {"added": "New", "removed": "No longer listed", "changed": "Changed"}
    for kind, title in titles.items():
        found = [c for c in data["changes"] if c["change"] == kind]
        if not found:
            continue
        lines.append(f"  {title} ({len(found)}):")
        lines += [f"    {_describe_change(c)}" for c in found[:SHOWN_CHANGES]]
        if len(found) > SHOWN_CHANGES:
            lines.append(f"    … and {len(found) - SHOWN_CHANGES} more (--json lists all)")
    if not data["changes"] and not all(p["first_import"] for p in data["parts"]):
        lines.append("  No changes since the previous export.")
    for notice in data["request_notices"]:
        via = (notice["introducer"] or {}).get("name")
        lines.append(
            f'  Search request "{notice["query"]}" matches {notice["name"]}'
            + (f" (introducer: {via})" if via else "")
        )
    if not data["suggested"] and not data["already_imported"]:
        lines.append("  For merge suggestions across networks: metanet suggestions rebuild")
    return "\n".join(lines)


class _ProgressBar:
    """A progress callback that draws a bar on stderr once the total is known.

    Small imports finish before a bar is worth drawing, and ``--json`` output stays clean.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_FROM:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Importing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="Read the file as this format instead of detecting it from the content.",
)
@json_option
def import_command(file: Path, fmt: str | None, as_json: bool) -> None:
    """Import an official export or an address book: the file or the ZIP as delivered.

    \b
    Formats (detected from the content):
      linkedin   Connections.csv, or the whole LinkedIn data ZIP
      facebook   friends.json / your_friends.json, or the "Download Your Information" ZIP
      instagram  followers_1.json / following.json, or the Instagram ZIP
      vcard      .vcf address books (vCard 2.1, 3.0, 4.0), e.g. from a phone or XING
      google     Google Contacts CSV (old and current header)
      mastodon   following_accounts.csv, or the old one-handle-per-line list
    Importing the same file twice changes nothing; a newer export of the same list
    shows who is new, who is gone and whose job changed.

    \b
    Example:
      metanet import ~/Downloads/Basic_LinkedInDataExport_11-28-2026.zip
    """
    from metanet.services.imports import import_file

    progress = _ProgressBar(enabled=not as_json)
    try:
        with open_store(as_json) as store:
            result = import_file(store, file, fmt=fmt, progress=progress)
    finally:
        progress.close()
    emit(result.as_dict(), as_json, describe)
