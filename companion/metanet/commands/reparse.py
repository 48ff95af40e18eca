"""``metanet reparse``: read every stored page again with the current parsers."""

from __future__ import annotations

import click

from metanet.commands.output import emit, json_option, open_store


@click.command("reparse")
@click.option("--dry-run", is_flag=True, help="Only report what would change; store nothing.")
@json_option
def reparse_command(dry_run: bool, as_json: bool) -> None:
    """Re-run the current parsers over every stored page and report what changed.

    New accounts and ties are added; nothing an earlier capture saw is deleted. Each
    changed capture is listed with its outcome, parser, page kind and counts, before →
    after.

    \b
    Example:
      metanet reparse
      metanet reparse --dry-run --json
    """
    from metanet.reparse import describe
    from metanet.services.pages import reparse

    with open_store(as_json) as store:
        report = reparse(store, dry_run=dry_run)
    emit(report.as_dict(), as_json, lambda _data: describe(report))
