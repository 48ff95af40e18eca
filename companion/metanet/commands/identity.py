"""Identity commands: merge, split, the review queue of suggestions, and undo."""

from __future__ import annotations

from typing import Any

import click

from metanet.commands.output import emit, fail, json_option, open_store, record_id, words
from metanet.i18n import texts


@click.command("merge")
@click.argument("a")
@click.argument("b")
@json_option
def merge_command(a: str, b: str, as_json: bool) -> None:
    """Say that A and B are the same person; their accounts become one person.

    A and B are profile URLs, ids (42) or unambiguous names. Undo with `metanet undo ID`.

    \b
    Example:
      metanet merge https://www.xing.com/profile/Max_Mustermann "Max Mustermann (Facebook)"
    """
    from metanet.services.identity import merge

    with open_store(as_json) as store:
        decision = merge(store, a, b)
        data = {"decision_id": decision.id, "person_id": decision.person_id}
    emit(
        data,
        as_json,
        lambda d: words().gettext(
            "Merged into #%(person)s (undo: metanet undo %(decision)s).",
            person=d["person_id"],
            decision=d["decision_id"],
        ),
    )


@click.command("split")
@click.argument("who")
@click.option("--account", "urls", multiple=True, help="Profile URL of an account to split off.")
@json_option
def split_command(who: str, urls: tuple[str, ...], as_json: bool) -> None:
    """Split accounts off a person that were wrongly merged; remembered as "not the same".

    Without --account it lists the person's accounts to choose from.

    \b
    Example:
      metanet split "Thomas Müller" --account https://www.xing.com/profile/Thomas_Mueller2
    """
    from metanet.services.identity import account_of, split_off
    from metanet.services.people import find_person

    with open_store(as_json) as store:
        person_id = find_person(store, who)
        accounts = store.person_accounts(person_id)
        if not urls:
            listing = "; ".join(f"{a['network']}: {a['profile_url'] or a['key']}" for a in accounts)
            fail(
                f"name an account to split off with --account URL ({listing})",
                as_json,
                "bad_request",
            )
        decision = split_off(store, person_id, [account_of(store, url) for url in urls])
        data = {
            "decision_id": decision.id,
            "person_id": decision.person_id,
            "new_person_id": decision.other_person_id,
        }
    emit(
        data,
        as_json,
        lambda d: words().gettext(
            "Split off as #%(person)s (undo: metanet undo %(decision)s).",
            person=d["new_person_id"],
            decision=d["decision_id"],
        ),
    )


@click.command("undo")
@click.argument("decision_id", type=record_id)
@json_option
def undo_command(decision_id: int, as_json: bool) -> None:
    """Undo a merge decision (its id is in `metanet person X` under merge history).

    Undoing a merge splits the accounts again and remembers they are different; undoing a
    rejection lets the pair be suggested again; undoing a split merges back.

    \b
    Example:
      metanet undo 17
    """
    from metanet.services.identity import undo_decision

    with open_store(as_json) as store:
        decision = undo_decision(store, decision_id)
        data = {
            "decision_id": decision_id,
            "person_id": decision.person_id,
            "other_person_id": decision.other_person_id,
        }
    emit(
        data,
        as_json,
        lambda d: words().gettext("Undone decision #%(id)s.", id=d["decision_id"]),
    )


def _describe_queue(queue: list[dict[str, Any]]) -> str:
    w = words()
    if not queue:
        return w.gettext("No open suggestions.")
    lines = []
    for item in queue:
        a, b = item["a"], item["b"]
        lines.append(
            f"[{item['id']}] {w.percent(item['score'])}  {a['name']} (#{a['person_id']}, "
            f"{texts.network(w, a['network'])}) = {b['name']} (#{b['person_id']}, "
            f"{texts.network(w, b['network'])})?"
        )
        lines.append(f"      {texts.reasons(w, item['reasons'])}")
    lines.append(
        w.gettext("Confirm with `metanet suggestions confirm N`, reject with `... reject N`.")
    )
    return "\n".join(lines)


@click.group("suggestions", invoke_without_command=True)
@click.option("--person", "who", help="Only suggestions about this person.")
@click.option("--limit", default=20, show_default=True, help="How many to list.")
@json_option
@click.pass_context
def suggestions_group(ctx: click.Context, who: str | None, limit: int, as_json: bool) -> None:
    """The review queue: accounts that may be the same person, best first, with why.

    \b
    Example:
      metanet suggestions
      metanet suggestions confirm 12
      metanet suggestions reject 13
    """
    if ctx.invoked_subcommand is not None:
        return
    from metanet.services.identity import queue
    from metanet.services.people import find_person

    with open_store(as_json) as store:
        found = queue(store, person_id=find_person(store, who) if who else None, limit=limit)
    emit(found, as_json, _describe_queue)


def _settle(number: int, verdict: str, as_json: bool) -> None:
    from metanet.services.identity import settle

    with open_store(as_json) as store:
        decision = settle(store, number, verdict)
        data = {
            "decision_id": decision.id,
            "decision": decision.decision,
            "person_id": decision.person_id,
        }
    emit(
        data,
        as_json,
        lambda d: words().gettext(
            "Recorded as decision #%(id)s (%(verdict)s).",
            id=d["decision_id"],
            verdict=words().gettext("same person")
            if d["decision"] == "same"
            else words().gettext("not the same"),
        ),
    )


@suggestions_group.command("confirm")
@click.argument("number", type=record_id)
@json_option
def confirm_command(number: int, as_json: bool) -> None:
    """Confirm suggestion NUMBER: the two are one person.

    \b
    Example:
      metanet suggestions confirm 12
    """
    _settle(number, "confirm", as_json)


@suggestions_group.command("reject")
@click.argument("number", type=record_id)
@json_option
def reject_command(number: int, as_json: bool) -> None:
    """Reject suggestion NUMBER: not the same person; it is never suggested again.

    \b
    Example:
      metanet suggestions reject 13
    """
    _settle(number, "reject", as_json)


@suggestions_group.command("rebuild")
@json_option
def rebuild_command(as_json: bool) -> None:
    """Resolve every account again: exact merges, then fresh suggestions.

    Your decisions stay as they are.

    \b
    Example:
      metanet suggestions rebuild
    """
    from metanet.services.identity import rebuild

    with open_store(as_json) as store:
        data = rebuild(store).as_dict()
    emit(
        data,
        as_json,
        lambda d: words().ngettext(
            "%(num)s account: %(merges)s merged on exact evidence, %(suggestions)s suggestions "
            "(%(seconds)s s).",
            "%(num)s accounts: %(merges)s merged on exact evidence, %(suggestions)s suggestions "
            "(%(seconds)s s).",
            d["accounts"],
            merges=words().number(d["merges"]),
            suggestions=words().number(d["suggestions"]),
            seconds=words().number(d["seconds"], 1),
        ),
    )
