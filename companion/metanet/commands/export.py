"""``metanet export``: the whole meta-network in a format other tools read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from metanet import paths
from metanet.commands.output import fail, open_store
from metanet.export import FORMATS


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="The file format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
def export_command(fmt: str, output: Path | None) -> None:
    """Export every person, account and tie: JSON, CSV (one row per account), GraphML or
    GEXF (the person graph, for Gephi) or vCard 4.0 (one card per person).

    \b
    Example:
      metanet export --format gexf -o network.gexf
      metanet export --format csv > people.csv
    """
    from metanet.services.data import export

    with open_store() as store:
        if output is None:
            export(store, fmt, sys.stdout)
            return
        try:
            out = paths.open_private(output)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        with out:
            export(store, fmt, out)
    click.echo(f"Wrote {output}", err=True)
