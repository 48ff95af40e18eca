"""``metanet circle …``: clubs, chapters, employers and schools as networks of their own."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from metanet.circles import KINDS
from metanet.commands.output import Command, emit, json_option, open_store, options_as, words
from metanet.i18n import Words, texts

if TYPE_CHECKING:
    from metanet.services.circles import (
        CircleListing,
        CircleMember,
        CirclePage,
        CircleSummary,
        Joined,
        PersonCircle,
        RosterImported,
    )

kind_option = click.option(
    "--kind", type=click.Choice(KINDS), help="What it is: club, association, chapter, …"
)
from_option = click.option("--from", "start_year", type=click.IntRange(1900, 2100))
to_option = click.option("--to", "end_year", type=click.IntRange(1900, 2100))


@dataclass(frozen=True)
class CircleFacts:
    """What ``circle create`` and ``circle edit`` say about a circle (None: not given)."""

    kind: str | None
    place: str | None
    start_year: int | None
    end_year: int | None


def circle_facts(place_help: str) -> Callable[[Command], Command]:
    """``--kind``, ``--place``, ``--from`` and ``--to``, handed over as ``facts``."""
    place = click.option("--place", help=place_help)
    return options_as("facts", CircleFacts, kind_option, place, from_option, to_option)


@click.group("circle")
def circle_group() -> None:
    """Circles: the golf club, the breakfast chapter, a firm's colleagues, a school's year.

    Members of one circle are weakly connected (the bigger the circle, the weaker), and
    introduction paths may pass through a circle. CIRCLE is an id (3) or a name.
    """


def summary_line(w: Words, c: CircleSummary) -> str:
    """ "#3 Golfclub Starnberg (club, Starnberg, 48 members)"."""
    parts = [texts.circle_kind(w, c["kind"])]
    if c["place"]:
        parts.append(c["place"])
    span = texts.years(w, c["start_year"], c["end_year"])
    if span:
        parts.append(span)
    parts.append(w.ngettext("%(num)s member", "%(num)s members", c["members"]))
    if c["origin"] != "user":
        parts.append(texts.circle_origin(w, c["origin"]))
    if c["rating"] is not None:
        parts.append(w.gettext("your rating %(rating)s", rating=w.number(c["rating"], 2)))
    if c["dismissed"]:
        parts.append(w.gettext("dismissed"))
    return f"#{c['id']} {c['name']} ({', '.join(parts)})"


def person_circles_line(w: Words, circles: list[PersonCircle]) -> str:
    """ "in circles: Golfclub Starnberg (48 members), KTH (employer, 2020–2021)"."""
    said = []
    for c in circles:
        facts = [texts.circle_kind(w, c["kind"])]
        span = texts.years(w, c["start_year"], c["end_year"], c["current"])
        facts.append(span or w.ngettext("%(num)s member", "%(num)s members", c["members"]))
        said.append(f"{c['name']} ({', '.join(facts)})")
    return w.gettext("in circles: %(circles)s", circles="; ".join(said))


def _summary_text(c: CircleSummary) -> str:
    return summary_line(words(), c)


@circle_group.command("create")
@click.argument("name")
@circle_facts("Where it meets or is: a town, a district.")
@json_option
def create_command(name: str, facts: CircleFacts, as_json: bool) -> None:
    """Make a circle.

    \b
    Example:
      metanet circle create "Golfclub Starnberg" --kind club --place Starnberg
    """
    from metanet.services.circles import create

    with open_store(as_json) as store:
        data = create(
            store, name, kind=facts.kind or "other", place=facts.place,
            start_year=facts.start_year, end_year=facts.end_year,
        )  # fmt: skip
    emit(data, as_json, _summary_text)


@circle_group.command("list")
@click.option("--all", "everything", is_flag=True, help="Also dismissed and one-member circles.")
@json_option
def list_command(everything: bool, as_json: bool) -> None:
    """Your circles, by name.

    \b
    Example:
      metanet circle list --all
    """
    from metanet.services.circles import listing

    with open_store(as_json) as store:
        data = listing(store, everything=everything)

    def text(d: CircleListing) -> str:
        w = words()
        lines = [summary_line(w, c) for c in d["circles"]] or [
            w.gettext('No circles yet: metanet circle create "Golfclub Starnberg" --kind club')
        ]
        if d["hidden"]:
            lines.append(
                w.ngettext(
                    "(%(num)s more: dismissed, or inferred with one member; --all lists it)",
                    "(%(num)s more: dismissed, or inferred with one member; --all lists them)",
                    d["hidden"],
                )
            )
        return "\n".join(lines)

    emit(data, as_json, text)


def reach_text(w: Words, member: CircleMember) -> str:
    reach = member["reach"]
    if reach["degree"] == -1:
        return w.gettext("you")
    if reach["degree"] == 1:
        return w.gettext("you know them: %(via)s", via=texts.places(w, reach["via"]))
    if reach["degree"] >= 2 and reach["introducer"]:
        return w.ngettext(
            "through %(name)s (%(num)s hop)", "through %(name)s (%(num)s hops)",
            reach["degree"], name=reach["introducer"]["name"],
        )  # fmt: skip
    return w.gettext("no path found")


def member_line(w: Words, m: CircleMember) -> str:
    facts = [texts.member_source(w, m["source"])]
    span = texts.years(w, m["start_year"], m["end_year"], m["current"])
    if span:
        facts.append(span)
    if m["title"]:
        facts.append(m["title"])
    return f"  {m['name']} (#{m['person_id']}): {reach_text(w, m)} [{'; '.join(facts)}]"


@circle_group.command("show")
@click.argument("circle")
@json_option
def show_command(circle: str, as_json: bool) -> None:
    """A circle's members and how you reach each.

    \b
    Example:
      metanet circle show "Golfclub Starnberg"
    """
    from metanet.services.circles import circle_page, find_circle

    with open_store(as_json) as store:
        data = circle_page(store, find_circle(store, circle))

    def text(d: CirclePage) -> str:
        w = words()
        lines = [summary_line(w, d["circle"])]
        lines += [member_line(w, m) for m in d["members"]]
        if d["total"] > len(d["members"]):
            lines.append(
                "  " + w.gettext("… and %(n)s more", n=w.number(d["total"] - len(d["members"])))
            )
        return "\n".join(lines)

    emit(data, as_json, text)


@circle_group.command("rename")
@click.argument("circle")
@click.argument("name")
@json_option
def rename_command(circle: str, name: str, as_json: bool) -> None:
    """Give a circle another name.

    \b
    Example:
      metanet circle rename 3 "GC Starnberg e.V."
    """
    from metanet.services.circles import edit, find_circle

    with open_store(as_json) as store:
        data = edit(store, find_circle(store, circle), name=name)
    emit(data, as_json, _summary_text)


@circle_group.command("edit")
@click.argument("circle")
@circle_facts("Where it meets or is (empty: none).")
@json_option
def edit_command(circle: str, facts: CircleFacts, as_json: bool) -> None:
    """Change a circle's kind, place or years.

    \b
    Example:
      metanet circle edit "Abi 1998" --kind school --from 1989 --to 1998
    """
    from metanet.services.circles import edit, find_circle

    years = (facts.start_year, facts.end_year)
    with open_store(as_json) as store:
        data = edit(
            store, find_circle(store, circle), kind=facts.kind, place=facts.place,
            years=years if years != (None, None) else None,
        )  # fmt: skip
    emit(data, as_json, _summary_text)


@circle_group.command("merge")
@click.argument("keep")
@click.argument("other")
@json_option
def merge_command(keep: str, other: str, as_json: bool) -> None:
    """Merge OTHER into KEEP: its members join KEEP and OTHER is gone.

    \b
    Example:
      metanet circle merge "KTH Royal Institute of Technology" "KTH"
    """
    from metanet.services.circles import find_circle, merge

    with open_store(as_json) as store:
        data = merge(store, find_circle(store, keep), find_circle(store, other))
    emit(
        data,
        as_json,
        lambda d: (
            summary_line(words(), d["circle"])
            + "\n"
            + words().ngettext("%(num)s member moved.", "%(num)s members moved.", d["moved"])
        ),
    )


@circle_group.command("delete")
@click.argument("circle")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def delete_command(circle: str, yes: bool, as_json: bool) -> None:
    """Delete a circle you made and its memberships (nobody is deleted). A circle read from
    pages or profiles is dismissed instead.

    \b
    Example:
      metanet circle delete "Golfclub Starnberg" --yes
    """
    from metanet.services.circles import delete, find_circle

    with open_store(as_json) as store:
        circle_id = find_circle(store, circle)
        if not yes and not as_json:
            click.confirm(
                words().gettext("Delete circle %(name)s?", name=store.circle(circle_id)["name"]),
                abort=True,
            )
        data = delete(store, circle_id)
    emit(
        data,
        as_json,
        lambda d: words().ngettext(
            "Circle #%(id)s deleted with %(num)s membership.",
            "Circle #%(id)s deleted with %(num)s memberships.",
            d["memberships"],
            id=d["circle_id"],
        ),
    )


def _joined_text(d: Joined) -> str:
    w = words()
    if d["added"]:
        return w.gettext("#%(person)s is now in %(circle)s.", person=d["person_id"],
                         circle=summary_line(w, d["circle"]))  # fmt: skip
    return w.gettext("#%(person)s was already in %(circle)s.", person=d["person_id"],
                     circle=summary_line(w, d["circle"]))  # fmt: skip


@circle_group.command("add")
@click.argument("circle")
@click.argument("who")
@click.option("--new", is_flag=True, help="WHO is a new person's name (known only offline).")
@from_option
@to_option
@json_option
def add_command(
    circle: str, who: str, new: bool, start_year: int | None, end_year: int | None, as_json: bool
) -> None:
    """Add WHO to a circle: a profile URL, an id, a name or "me"; with --new, a person
    not known yet.

    \b
    Example:
      metanet circle add "Golfclub Starnberg" "Bernd Keller" --from 2015
    """
    from metanet.services.circles import add_member, find_circle

    with open_store(as_json) as store:
        data = add_member(
            store, find_circle(store, circle), who, new=new, start_year=start_year,
            end_year=end_year,
        )  # fmt: skip
    emit(data, as_json, _joined_text)


@circle_group.command("remove")
@click.argument("circle")
@click.argument("who")
@json_option
def remove_command(circle: str, who: str, as_json: bool) -> None:
    """Take WHO out of a circle (a page or profile that names them again does not bring
    them back).

    \b
    Example:
      metanet circle remove "Golfclub Starnberg" "Bernd Keller"
    """
    from metanet.services.circles import find_circle, remove_member

    with open_store(as_json) as store:
        data = remove_member(store, find_circle(store, circle), who)
    emit(
        data,
        as_json,
        lambda d: words().gettext("Removed from circle #%(id)s.", id=d["circle_id"]),
    )


def roster_text(d: RosterImported) -> str:
    w = words()
    counts = ", ".join(
        f"{texts.roster_outcome(w, outcome)}: {w.number(n)}"
        for outcome, n in sorted(d["counts"].items())
    )
    lines = [summary_line(w, d["circle"]), "  " + counts]
    for row in d["rows"]:
        if row["outcome"] in ("matched", "suggested") and row["other"]:
            lines.append(
                f"  {w.gettext('line %(line)s', line=row['line'])}: {row['name']} → "
                f"{texts.roster_outcome(w, row['outcome'])} {row['other']['name']} "
                f"(#{row['other']['person_id']})"
            )
    if d["counts"].get("suggested"):
        lines.append("  " + w.gettext("Confirm or reject the suggestions: metanet suggestions"))
    return "\n".join(lines)


@circle_group.command("import")
@click.argument("circle")
@click.argument("source", type=click.File("rb"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("csv", "vcard", "text")),
    help="csv (a header row), vcard, or text (a name per line, optionally company and "
    "e-mail); found from the content when left out.",
)
@json_option
def import_command(circle: str, source: Any, fmt: str | None, as_json: bool) -> None:
    """Import a member list into a circle (a file, or - for what you paste).

    People are matched with those you know: the same e-mail address or profile link
    merges, a name alone is only suggested. A list with a bad row or a duplicate is
    refused as a whole, naming each line.

    \b
    Example:
      metanet circle import "Golfclub Starnberg" mitglieder.csv
    """
    from metanet.circles.roster import RosterRefused
    from metanet.services.circles import find_circle, import_roster

    data: RosterImported | None = None
    with open_store(as_json) as store:
        try:
            data = import_roster(store, find_circle(store, circle), source.read(), fmt=fmt)
        except RosterRefused as exc:
            _refused(exc, as_json)
    assert data is not None
    emit(data, as_json, roster_text)


def _refused(exc: Any, as_json: bool) -> None:
    """A refused member list: every bad line, in the reader's words (``--json``: codes)."""
    problems = [p.as_dict() for p in exc.problems]
    if as_json:
        error = {"code": "bad_request", "message": str(exc), "problems": problems}
        json.dump({"ok": False, "error": error}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        w = words()
        click.echo(w.gettext("Error: the member list was not imported, nothing changed:"), err=True)
        for problem in problems:
            click.echo("  " + texts.roster_problem(w, problem), err=True)
    raise SystemExit(1)


@circle_group.command("dismiss")
@click.argument("circle")
@click.option("--undo", is_flag=True, help="Take a dismissed circle back.")
@json_option
def dismiss_command(circle: str, undo: bool, as_json: bool) -> None:
    """Set a circle aside (an inferred one that means nothing): it connects nobody.

    \b
    Example:
      metanet circle dismiss "Universidad de Guayaquil"
    """
    from metanet.services.circles import dismiss, find_circle

    with open_store(as_json) as store:
        data = dismiss(store, find_circle(store, circle), undo=undo)
    emit(data, as_json, _summary_text)


@circle_group.command("rate")
@click.argument("circle")
@click.argument("strength", required=False, type=click.FloatRange(0, 1, min_open=True))
@click.option("--clear", is_flag=True, help="Forget your rating: the size decides again.")
@json_option
def rate_command(circle: str, strength: float | None, clear: bool, as_json: bool) -> None:
    """How well a circle's members know each other, 0-1 (your word wins over its size).

    \b
    Example:
      metanet circle rate "BNI Chapter Isartal" 0.6
    """
    from metanet.services.circles import find_circle, rate

    if strength is None and not clear:
        raise click.UsageError("give a STRENGTH from 0 to 1, or --clear")
    with open_store(as_json) as store:
        data = rate(store, find_circle(store, circle), None if clear else strength)
    emit(data, as_json, _summary_text)
