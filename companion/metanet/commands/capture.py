"""``metanet capture FILE --url URL``: store a saved page as if the extension sent it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from metanet.services.pages import Captured

from metanet.commands.output import emit, json_option, open_store


def read_page(path: Path) -> str:
    """A saved page as text: UTF-8, else the encoding the page declares or looks like."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from bs4.dammit import UnicodeDammit

        guess = UnicodeDammit(raw, is_html=True)
        if guess.unicode_markup is None:
            raise click.ClickException(f"{path}: cannot tell the text encoding") from None
        return str(guess.unicode_markup)


def _describe(result: Captured) -> str:
    lines = [
        f"Capture #{result.capture_id}: {result.outcome} "
        f"(site {result.site}, page kind {result.kind or '-'})",
        f"  {result.accounts_seen} accounts, {result.ties_seen} ties",
    ]
    if result.error:
        lines.append(f"  problem: {result.error}")
    person = result.person
    if person is not None:
        lines.append(f"  person: {person['name']} (#{person['id']})")
    return "\n".join(lines)


@click.command("capture")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The address the page was saved from.")
@json_option
def capture_command(file: Path, url: str, as_json: bool) -> None:
    """Store a saved HTML page, parsed as if the extension had captured it.

    \b
    Example:
      metanet capture ~/Downloads/profile.html --url https://www.linkedin.com/in/someone/
    """
    from metanet.services.pages import capture

    html = read_page(file)
    with open_store(as_json) as store:
        result = capture(store, url, html)
    emit(result, as_json, _describe)
