"""``metanet capture FILE --url URL``: store a saved page as if the extension sent it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from metanet.services.pages import Captured

from metanet.commands.output import emit, json_option, open_store, words
from metanet.i18n import texts


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
    w = words()
    lines = [
        w.gettext(
            "Capture #%(id)s: %(outcome)s (site %(site)s, page kind %(kind)s)",
            id=result.capture_id,
            outcome=texts.outcome(w, result.outcome),
            site=result.site,
            kind=texts.page_kind(w, result.kind) if result.kind else "-",
        ),
        "  "
        + w.ngettext("%(num)s account", "%(num)s accounts", result.accounts_seen)
        + ", "
        + w.ngettext("%(num)s tie", "%(num)s ties", result.ties_seen),
    ]
    if result.kind not in (None, "profile", "not_found"):
        owner = result.person["name"] if result.person else None
        whose = None if result.yours else texts.person_name(w, owner)
        lines.append(
            "  "
            + w.gettext(
                "saved: %(listed)s (%(new)s new)",
                listed=texts.listed(w, result.kind, result.listed, whose),
                new=w.number(result.new),
            )
        )
    if result.partly_read:
        lines.append("  " + texts.reading(w, result.partly_read))
    if result.error:
        lines.append("  " + w.gettext("problem: %(error)s", error=result.error))
    person = result.person
    if person is not None:
        lines.append(
            "  "
            + w.gettext(
                "person: %(name)s (#%(id)s)",
                name=texts.person_name(w, person["name"]),
                id=person["id"],
            )
        )
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
