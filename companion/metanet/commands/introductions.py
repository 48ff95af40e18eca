"""Introductions you give and receive: record one, move it on, follow up, givers gain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from metanet.commands.output import (
    Command,
    emit,
    emit_removed,
    json_option,
    open_store,
    options_as,
    words,
)
from metanet.i18n import N_, Words
from metanet.i18n import meeting as said

if TYPE_CHECKING:
    from metanet.answers.introductions import Introduction
    from metanet.services.introductions import Balances, Introductions

STATE_CHOICE = click.Choice(["offered", "made", "met", "closed", "declined"])


@dataclass(frozen=True)
class News:
    """What recording or moving on an introduction says besides its state."""

    note: str | None
    value: float | None
    on: str | None


def _news(note_help: str) -> Callable[[Command], Command]:
    """``--note``, ``--value`` and ``--on``, handed over as ``news``; then ``--json``."""
    note = click.option("--note", help=note_help)
    value = click.option(
        "--value", type=click.FloatRange(0), help="What it was worth (e.g. in euros)."
    )
    on = click.option("--on", "on", metavar="YYYY-MM-DD", help="When (default: now).")
    packed = options_as("news", News, note, value, on)
    return lambda command: packed(json_option(command))


def introduction_line(w: Words, i: Introduction) -> str:
    """“#3 Frank Wagner → Peter Neumann (for Peter Neumann; made 3 Mar 2026)”."""
    to = i["to"]["name"] if i["to"] else (i["partner"]["name"] if i["partner"] else "?")
    head = f"#{i['id']} {i['person']['name'] or '?'} → {to or '?'}"
    details = []
    if i["direction"] == "received":
        by = i["introducer"]["name"] if i["introducer"] else None
        by = by or (i["partner"]["name"] if i["partner"] else "?")
        details.append(w.gettext("from %(name)s", name=by))
    elif i["partner"]:
        details.append(w.gettext("for %(name)s", name=i["partner"]["name"]))
    details.append(f"{said.state(w, i['state'])} {w.date(i['updated_at'])}")
    if i["value"]:
        details.append(w.gettext("value %(value)s", value=w.number(i["value"], 2)))
    line = f"{head} ({'; '.join(details)})"
    return f"{line}: {i['note']}" if i["note"] else line


def history_text(w: Words, i: Introduction) -> str:
    lines = [introduction_line(w, i)]
    for e in i["events"]:
        note = f": {e['note']}" if e["note"] else ""
        lines.append(f"  {w.date(e['at'])} {said.state(w, e['state'])}{note}")
    return "\n".join(lines)


@click.command("introduce")
@click.argument("who")
@click.option("--to", "to", required=True, help="To whom: a partner or a person (name, id, URL).")
@click.option("--for", "partner", help="For which partner (default: the one you introduce to).")
@click.option("--by", "by", help="Who introduced, when it was not you (a partner introduces "
              "someone to you: --to me --by PARTNER).")  # fmt: skip
@click.option("--state", default="offered", show_default=True, type=STATE_CHOICE)
@_news("What it is about.")
def introduce_command(
    who: str, to: str, partner: str | None, by: str | None, state: str, news: News, as_json: bool
) -> None:
    """Record an introduction of WHO to a partner or person.

    A made introduction (made, met, closed) strengthens the ties among the people it
    names; `metanet paths` shows it and says why.

    \b
    Examples:
      metanet introduce "Frank Wagner" --to "Peter Neumann" --note "sucht einen Prokuristen"
      metanet introduce "Max Muster" --to me --by "Anna Schmidt" --state made
    """
    from metanet.services.introductions import introduce
    from metanet.services.people import find_person

    with open_store(as_json) as store:
        data = introduce(
            store, find_person(store, who), to=to, by=by, partner=partner, note=news.note,
            value=news.value, state=state, on=news.on,
        )  # fmt: skip
    emit(data, as_json, lambda d: history_text(words(), d))


@click.group("introductions")
def introductions_group() -> None:
    """Introductions you gave and received, their states, and givers gain per partner."""


@introductions_group.command("list")
@click.option("--person", help="Only those naming this person.")
@click.option("--partner", help="Only those for (or from) this partner.")
@json_option
def introductions_list(person: str | None, partner: str | None, as_json: bool) -> None:
    """Every introduction, newest news first.

    \b
    Example:
      metanet introductions list --partner "Peter Neumann"
    """
    from metanet.services.introductions import listing

    with open_store(as_json) as store:
        data = listing(store, person=person, partner=partner)

    def text(d: Introductions) -> str:
        w = words()
        shown = [introduction_line(w, i) for i in d["introductions"]]
        return "\n".join(shown) or w.gettext(
            "No introductions yet: metanet introduce WHO --to WHOM"
        )

    emit(data, as_json, text)


@introductions_group.command("state")
@click.argument("introduction_id", type=int)
@click.argument("state", type=STATE_CHOICE)
@_news("What happened.")
def introductions_state(introduction_id: int, state: str, news: News, as_json: bool) -> None:
    """Move an introduction on: offered → made → met → closed, or declined.

    \b
    Example:
      metanet introductions state 3 made --note "per E-Mail vorgestellt"
    """
    from metanet.services.introductions import change_state

    with open_store(as_json) as store:
        data = change_state(
            store, introduction_id, state, note=news.note, value=news.value, on=news.on
        )
    emit(data, as_json, lambda d: history_text(words(), d))


@introductions_group.command("remove")
@click.argument("introduction_id", type=int)
@json_option
def introductions_remove(introduction_id: int, as_json: bool) -> None:
    """Delete an introduction recorded by mistake, with its history.

    \b
    Example:
      metanet introductions remove 3
    """
    from metanet.services.introductions import remove

    emit_removed(remove, N_("Introduction #%(id)s removed."), introduction_id, as_json)


@introductions_group.command("follow-up")
@click.option("--days", default=14, show_default=True, type=click.IntRange(1, 3650))
@json_option
def introductions_follow_up(days: int, as_json: bool) -> None:
    """Open introductions with no news for 14 days: time to ask how it went.

    \b
    Example:
      metanet introductions follow-up
    """
    from metanet.services.introductions import follow_up

    with open_store(as_json) as store:
        data = follow_up(store, days=days)

    def text(d: Introductions) -> str:
        w = words()
        shown = [introduction_line(w, i) for i in d["introductions"]]
        return "\n".join(shown) or w.ngettext(
            "Nothing to follow up: every open introduction had news in the last %(num)s day.",
            "Nothing to follow up: every open introduction had news in the last %(num)s days.",
            days,
        )

    emit(data, as_json, text)


@introductions_group.command("partners")
@json_option
def introductions_partners(as_json: bool) -> None:
    """Givers gain: per partner, the introductions you gave and received.

    \b
    Example:
      metanet introductions partners
    """
    from metanet.services.introductions import balances

    with open_store(as_json) as store:
        data = balances(store)

    def text(d: Balances) -> str:
        w = words()
        lines = []
        for b in d["partners"]:
            given, received = b["given"], b["received"]
            lines.append(
                f"{b['partner']['name']}: "
                + w.gettext(
                    "given %(given)s (%(made)s made), received %(received)s (%(got)s made)",
                    given=w.number(given["count"]),
                    made=w.number(given["made"]),
                    received=w.number(received["count"]),
                    got=w.number(received["made"]),
                )
            )
        return "\n".join(lines) or w.gettext("No partners yet: metanet meeting import FILE")

    emit(data, as_json, text)
