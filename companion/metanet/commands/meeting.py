"""The breakfast meeting: import every partner's request at once, then what you can give."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from metanet.commands.output import emit, json_option, open_store, words
from metanet.i18n import meeting as said

if TYPE_CHECKING:
    from metanet.answers.meeting import Imported
    from metanet.services.meeting import Give


@click.group("meeting")
def meeting_group() -> None:
    """The breakfast meeting: partners' search requests in, introductions out."""


def imported_text(d: Imported) -> str:
    w = words()
    lines = []
    if d["meeting"] is not None:
        lines.append(
            w.ngettext(
                "%(meeting)s: %(num)s request imported",
                "%(meeting)s: %(num)s requests imported",
                len(d["requests"]),
                meeting=said.meeting_title(w, d["meeting"]),
            )
        )
        for r in d["requests"]:
            lines.append(f"  #{r['id']} {r['partner']['name']}: {said.request_line(w, r)}")
    else:
        lines.append(w.gettext("Nothing imported."))
    if d["duplicates"]:
        lines.append(
            w.ngettext(
                "%(num)s request was there already",
                "%(num)s requests were there already",
                d["duplicates"],
            )
        )
    if d["refused"]:
        lines.append(
            w.ngettext("%(num)s row left out:", "%(num)s rows left out:", len(d["refused"]))
        )
        lines += [f"  {said.refusal(w, r)}: {r['text']}" for r in d["refused"]]
    lines.append(w.gettext("Next: metanet meeting give"))
    return "\n".join(lines)


def _file_name(file: Any) -> str:
    """The file's name as refusals show it ("" for standard input)."""
    name = str(getattr(file, "name", ""))
    return "" if name in ("-", "<stdin>") else Path(name).name


@meeting_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.File("r", encoding="utf-8-sig"))
@click.option("--title", help="What the meeting is called (e.g. “Unternehmerfrühstück”).")
@click.option("--on", "held_on", metavar="YYYY-MM-DD", help="The day of the meeting.")
@click.option("--into", "meeting_id", type=int, help="Add to this meeting instead of a new one.")
@json_option
def meeting_import(
    files: tuple[Any, ...],
    title: str | None,
    held_on: str | None,
    meeting_id: int | None,
    as_json: bool,
) -> None:
    """Import every partner's search request at once: a CSV, a pasted list
    (- for stdin) or several request files; odd rows are left out, each with its line.

    \b
    A CSV names its columns (German or English):
      Partner;sucht;Firma;Rolle;Ort;Branche;Notiz
      Anna Schmidt;Steuerberater;;;Rosenheim;;für ihre Bäckerei
    A pasted list has one request per line:
      Anna Schmidt: Steuerberater; Ort: Rosenheim
      Thomas Müller: Prokurist
        Firma: Berger Maschinenbau

    \b
    Examples:
      metanet meeting import fruehstueck.csv --title "Unternehmerfrühstück" --on 2026-03-03
      pbpaste | metanet meeting import -
      metanet meeting import anna.txt thomas.txt peter.txt
    """
    from metanet.services.meeting import import_texts

    texts = [(_file_name(f), f.read()) for f in files]
    with open_store(as_json) as store:
        data = import_texts(store, texts, title=title, held_on=held_on, meeting_id=meeting_id)
    emit(data, as_json, imported_text)


def give_text(d: Give) -> str:
    w = words()
    if d["meeting"] is None:
        return w.gettext("No meeting yet: metanet meeting import FILE")
    if d.get("reason") == "no_me":
        return w.gettext("Declare your own accounts first: metanet me add URL")
    return said.give_text(w, d).rstrip("\n")


@meeting_group.command("give")
@click.option("--meeting", "meeting_id", type=int, help="Which meeting (default: the latest).")
@click.option(
    "--per", "per_request", default=3, show_default=True, type=click.IntRange(1, 20),
    help="Candidates per request.",
)  # fmt: skip
@json_option
def meeting_give(meeting_id: int | None, per_request: int, as_json: bool) -> None:
    """What I can give: per partner and request the best candidates, who would introduce
    them and how strong the path is. The text is ready for a messenger.

    \b
    Examples:
      metanet meeting give
      metanet meeting give --per 5 > give.txt
      metanet meeting give --json
    """
    from metanet.services.meeting import give

    with open_store(as_json) as store:
        data = give(store, meeting_id, per_request=per_request)
    emit(data, as_json, give_text)
