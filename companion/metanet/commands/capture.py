"""``metanet capture FILE --url URL``: store a saved page as if the extension sent it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from metanet.commands.output import emit, fail, json_option


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


def _describe(result: dict[str, Any]) -> str:
    lines = [
        f"Capture #{result['capture_id']}: {result['outcome']} "
        f"(site {result['site']}, page kind {result['kind'] or '-'})",
        f"  {result['accounts_seen']} accounts, {result['ties_seen']} ties",
    ]
    if result["error"]:
        lines.append(f"  problem: {result['error']}")
    if result.get("person"):
        lines.append(f"  person: {result['person']['name']} (#{result['person']['id']})")
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
    from metanet.actions import HostContext, capture
    from metanet.protocol import BadRequest

    ctx = HostContext()
    try:
        result = capture(ctx, {"url": url, "html": read_page(file), "title": None})
    except BadRequest as exc:
        fail(exc.message, as_json, exc.code)
    finally:
        ctx.close()
    emit(result, as_json, _describe)
