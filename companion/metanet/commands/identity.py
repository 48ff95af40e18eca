"""Identity commands: merge, split, the review queue of suggestions, and undo."""

from __future__ import annotations

from typing import Any

import click

from metanet.commands.output import emit, fail, json_option, words
from metanet.i18n import texts


def _open_store() -> Any:
    from metanet.store import Store

    return Store()


def _account_of(store: Any, text: str, as_json: bool) -> int:
    """The account a profile URL names, or the first account of the person named."""
    from metanet import sites
    from metanet.queries import find_person
    from metanet.store import NotFound

    try:
        if "://" in text:
            ref = sites.normalise(text)
            account = store.account(ref) if ref else None
            if account is None:
                raise NotFound(f"no known account has the profile {text}")
            return int(account["id"])
        accounts = store.person_accounts(find_person(store, text))
        return int(accounts[0]["id"])
    except NotFound as exc:
        fail(str(exc), as_json, "not_found")
        raise


def _decide(action: Any, *args: Any, as_json: bool) -> Any:
    from metanet.identity.decisions import DecisionError
    from metanet.store import NotFound

    try:
        return action(*args)
    except NotFound as exc:
        fail(str(exc), as_json, "not_found")
    except DecisionError as exc:
        fail(str(exc), as_json, "bad_request")


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
    from metanet.identity.decisions import confirm

    with _open_store() as store:
        a_id, b_id = _account_of(store, a, as_json), _account_of(store, b, as_json)
        decision = _decide(confirm, store, a_id, b_id, as_json=as_json)
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
    from metanet.identity.decisions import split
    from metanet.queries import find_person
    from metanet.store import NotFound

    with _open_store() as store:
        try:
            person_id = find_person(store, who)
        except NotFound as exc:
            fail(str(exc), as_json, "not_found")
        accounts = store.person_accounts(person_id)
        if not urls:
            listing = "; ".join(f"{a['network']}: {a['profile_url'] or a['key']}" for a in accounts)
            fail(
                f"name an account to split off with --account URL ({listing})",
                as_json,
                "bad_request",
            )
        moved = [_account_of(store, url, as_json) for url in urls]
        decision = _decide(split, store, person_id, moved, as_json=as_json)
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
@click.argument("decision_id", type=int)
@json_option
def undo_command(decision_id: int, as_json: bool) -> None:
    """Undo a merge decision (its id is in `metanet person X` under merge history).

    Undoing a merge splits the accounts again and remembers they are different; undoing a
    rejection lets the pair be suggested again; undoing a split merges back.

    \b
    Example:
      metanet undo 17
    """
    from metanet.identity.decisions import undo

    with _open_store() as store:
        decision = _decide(undo, store, decision_id, as_json=as_json)
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
    from metanet.identity.suggestions import review_queue
    from metanet.queries import find_person
    from metanet.store import NotFound

    with _open_store() as store:
        try:
            person_id = find_person(store, who) if who else None
        except NotFound as exc:
            fail(str(exc), as_json, "not_found")
        queue = review_queue(store, person_id=person_id, limit=limit)
    emit(queue, as_json, _describe_queue)


def _settle(number: int, verdict: str, as_json: bool) -> None:
    from metanet.identity.decisions import confirm, reject
    from metanet.identity.suggestions import suggestion

    with _open_store() as store:
        row = _decide(suggestion, store, number, as_json=as_json)
        action = confirm if verdict == "confirm" else reject
        said = {"code": f"suggestion_{verdict}ed", "suggestion": number}
        reason = [said, *row["reasons"]]
        decision = _decide(
            lambda: action(store, row["a_account_id"], row["b_account_id"], reason=reason),
            as_json=as_json,
        )
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
@click.argument("number", type=int)
@json_option
def confirm_command(number: int, as_json: bool) -> None:
    """Confirm suggestion NUMBER: the two are one person.

    \b
    Example:
      metanet suggestions confirm 12
    """
    _settle(number, "confirm", as_json)


@suggestions_group.command("reject")
@click.argument("number", type=int)
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
    from metanet.identity import resolve_all

    with _open_store() as store:
        data = resolve_all(store).as_dict()
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
