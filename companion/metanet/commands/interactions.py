"""``metanet interactions …`` (import, review, assign) and ``metanet revive``: what you
did with whom, counted from your exports, and the ties it says are worth reviving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from metanet.commands.output import emit, emit_answer, json_option, open_store, record_id, words
from metanet.i18n import Words


@click.group("interactions")
def interactions_group() -> None:
    """What you did with whom: messages, meetings, endorsements, recommendations.

    Counted per person and month from your exports; no message text, subject or event
    title is ever stored.

    \b
    Example:
      metanet interactions import ~/Downloads/Basic_LinkedInDataExport.zip
    """


def _imported(data: dict[str, Any]) -> str:
    return describe_import(words(), data)


def describe_import(w: Words, data: dict[str, Any]) -> str:
    """What an import of interaction added, in words."""
    if not data["new"]:
        return w.gettext(
            "%(file)s: nothing new (%(events)s already counted).",
            file=data["filename"],
            events=w.number(data["events"]),
        )
    lines = [
        w.gettext("%(file)s:", file=data["filename"])
        + " "
        + w.ngettext(
            "%(num)s new interaction counted", "%(num)s new interactions counted", data["new"]
        )
        + ", "
        + w.ngettext("%(num)s person", "%(num)s people", data["people"])
        + "."
    ]
    if data["unassigned"]:
        lines.append(
            "  "
            + w.ngettext(
                "%(num)s sender or attendee matched nobody (or several people): "
                "metanet interactions review",
                "%(num)s senders or attendees matched nobody (or several people): "
                "metanet interactions review",
                data["unassigned"],
            )
        )
    return "\n".join(lines)


@interactions_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--me", "me", multiple=True, help="Your own e-mail address (repeatable); found "
              "from your accounts or the mailbox itself when not given.")  # fmt: skip
@json_option
def import_command(file: Path, me: tuple[str, ...], as_json: bool) -> None:
    """Count interactions from FILE: an mbox, an iCalendar (.ics) file, the LinkedIn
    export ZIP, or Facebook's or Instagram's "Download Your Information" ZIP.

    Only who, when and how often are kept. Importing a newer export adds only what is new.

    \b
    Example:
      metanet interactions import ~/Takeout/Mail/All\\ mail.mbox
    """
    from metanet.services.interactions import import_interactions

    with open_store(as_json) as store:
        result = import_interactions(store, file, me=me)
    emit(result.as_dict(), as_json, _imported)


def _review(rows: list[dict[str, Any]]) -> str:
    w = words()
    if not rows:
        return w.gettext("Every sender and attendee is matched to one of your people.")
    lines = [
        w.gettext("Not matched to one person (assign with: metanet interactions assign WHO ID):")
    ]
    for row in rows:
        count = w.ngettext("%(num)s interaction", "%(num)s interactions", int(row["n"]))
        last = w.gettext("last %(when)s", when=w.date(row["last_at"]))
        lines.append(f"  {row['who']}  {row['label'] or ''}  ({count}, {last})")
    return "\n".join(lines)


@interactions_group.command("review")
@json_option
def review_command(as_json: bool) -> None:
    """Senders and attendees that matched nobody, or a name several people have.

    \b
    Example:
      metanet interactions review
    """
    from metanet.services.interactions import review

    with open_store(as_json) as store:
        rows = review(store)
    emit(rows, as_json, _review)


@interactions_group.command("assign")
@click.argument("who")
@click.argument("person_id", type=record_id)
@json_option
def assign_command(who: str, person_id: int, as_json: bool) -> None:
    """Give WHO's counts (as `review` lists it) to the person PERSON_ID.

    \b
    Example:
      metanet interactions assign email:anna@example.com 42
    """
    from metanet.services.interactions import assign

    with open_store(as_json) as store:
        moved = assign(store, who, person_id)
    said = words().gettext("%(who)s → #%(id)s.", who=who, id=person_id)
    emit({"who": who, "person_id": person_id, "rows": moved}, as_json, lambda _: said)


def describe_revive(w: Words, data: dict[str, Any]) -> str:
    if data.get("reason") == "no_me":
        return w.gettext("Declare your own accounts first: metanet me add URL")
    lines = [w.gettext("Dormant ties worth reviving (close once, silent for a year):")]
    if not data["dormant"]:
        lines.append("  " + w.gettext("none (import your messages: metanet interactions import)"))
    for row in data["dormant"]:
        lines.append(
            f"  {row['name']} (#{row['person_id']}): "
            + w.gettext("last %(when)s", when=w.month(row["last"]))
            + ", "
            + w.ngettext(
                "reaches %(num)s person you reach through nobody else",
                "reaches %(num)s people you reach through nobody else",
                row["only_via"],
            )
        )
    lines.append(w.gettext("Bridges (their contacts overlap least with yours):"))
    if not data["bridges"]:
        lines.append("  " + w.gettext("none yet"))
    for row in data["bridges"]:
        lines.append(
            f"  {row['name']} (#{row['person_id']}): "
            + w.gettext(
                "%(shared)s of their %(total)s contacts are yours",
                shared=w.number(row["shared"]),
                total=w.number(row["contacts"]),
            )
            + ", "
            + w.ngettext(
                "reaches %(num)s person you reach through nobody else",
                "reaches %(num)s people you reach through nobody else",
                row["only_via"],
            )
        )
    return "\n".join(lines)


@click.command("revive")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@json_option
def revive_command(limit: int, as_json: bool) -> None:
    """Dormant ties worth reviving, and bridges to circles you do not otherwise reach.

    \b
    Example:
      metanet revive --limit 20
    """
    from metanet.services.interactions import revive

    with open_store(as_json) as store:
        data = revive(store, limit)
    emit_answer(data, as_json, lambda d: describe_revive(words(), d))
