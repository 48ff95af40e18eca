"""People commands: declare your accounts, add offline people, relate them, show a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from metanet.commands.output import emit, json_option, open_store

if TYPE_CHECKING:
    from metanet.answers.shapes import SharedAnswer
    from metanet.services.people import PersonView


@click.group("me")
def me_group() -> None:
    """Your own accounts: ties of these accounts are your first degree."""


@me_group.command("add")
@click.argument("url")
@json_option
def me_add(url: str, as_json: bool) -> None:
    """Declare a profile URL as one of your own accounts.

    \b
    Example:
      metanet me add https://www.linkedin.com/in/your-name/
    """
    from metanet.services.me import me_add as declare

    with open_store(as_json) as store:
        data = declare(store, url)
    emit(data, as_json, lambda d: f"Your {d['network']} account {d['key']} is now yours (me).")


@click.command("add")
@click.argument("name")
@click.option("--note", help="What you know about them (where you met, …).")
@json_option
def add_command(name: str, note: str | None, as_json: bool) -> None:
    """Add a person you know offline (no network account needed).

    \b
    Example:
      metanet add "Bernd Keller" --note "neighbour of Anna, plays golf in Feldafing"
    """
    from metanet.services.relations import add_person

    with open_store(as_json) as store:
        data = add_person(store, name, note=note)
    emit(data, as_json, lambda d: f"Added {d['name']} (#{d['person_id']}).")


@click.command("relate")
@click.argument("a")
@click.argument("b")
@click.option("--as", "label", required=True, help="The relation: neighbour, golf partner, …")
@click.option("--strength", type=click.FloatRange(0, 1), help="How strong, 0 to 1.")
@json_option
def relate_command(a: str, b: str, label: str, strength: float | None, as_json: bool) -> None:
    """Record that A and B know each other offline; "me" is you.

    \b
    Example:
      metanet relate "Anna Schmidt" "Bernd Keller" --as neighbour
    """
    from metanet.services.people import person_or_me
    from metanet.services.relations import relate

    with open_store(as_json) as store:
        data = relate(
            store, person_or_me(store, a), person_or_me(store, b), label, strength=strength
        )
    emit(data, as_json, lambda d: f"#{d['a']} and #{d['b']}: {d['label']}.")


def _describe_person(data: PersonView) -> str:
    lines = [f"{data['name']} (#{data['id']}){'  — this is you' if data['is_me'] else ''}"]
    for account in data["accounts"]:
        facts = ", ".join(
            str(account[k]) for k in ("headline", "company", "location") if account.get(k)
        )
        lines.append(f"  {account['network']}: {account['profile_url'] or account['key']}")
        if facts:
            lines.append(f"      {facts}")
    for field in data.get("conflicts", []):
        seen = "; ".join(
            f"{v['value']} ({', '.join(v['networks'])}, seen {v['last_seen'][:10]})"
            for v in data["facts"][field]
        )
        lines.append(f"  {field} differs: {seen}")
    if data["knows"]:
        lines.append("  knows:")
        for other in data["knows"]:
            lines.append(
                f"    {other['name']} (#{other['person_id']}) via {', '.join(other['via'])}"
            )
    if data.get("ties"):
        lines.append("  ties (evidence):")
        for tie in data["ties"]:
            lines.append(
                f"    {tie['name']} (#{tie['person_id']}): {tie['network']} {tie['kind']}, "
                f"{tie['evidence']}x since {tie['first_seen'][:10]}"
            )
    if data.get("merge_history"):
        lines.append("  merge history:")
        for d in data["merge_history"]:
            verdict = "same" if d["decision"] == "same" else "not the same"
            undone = f", undone {d['undone_at'][:10]}" if d["undone_at"] else ""
            lines.append(
                f"    #{d['id']} {d['created_at'][:10]} {verdict} ({d['source']}): "
                f"{d['a_name'] or '?'} ({d['a_network']}) / {d['b_name'] or '?'} "
                f"({d['b_network']}): {d['reason']}{undone}"
            )
    return "\n".join(lines)


@click.command("person")
@click.argument("who")
@json_option
def person_command(who: str, as_json: bool) -> None:
    """Show a person: accounts on every network, facts and their conflicts, whom they know
    (ties with evidence) and the merge history (decision ids for `metanet undo`).

    WHO is a profile URL, an id (42) or an unambiguous name.

    \b
    Example:
      metanet person "Katharina Berger"
    """
    from metanet.services.people import person_or_me, person_view

    with open_store(as_json) as store:
        data = person_view(store, person_or_me(store, who))
    emit(data, as_json, _describe_person)


@click.command("mutual")
@click.argument("who")
@json_option
def mutual_command(who: str, as_json: bool) -> None:
    """People both you and WHO know, with where each side knows them from.

    \b
    Example:
      metanet mutual https://www.linkedin.com/in/someone/
    """
    from metanet.services.answers import mutual
    from metanet.services.people import find_person

    with open_store(as_json) as store:
        data = mutual(store, find_person(store, who))

    def text(d: SharedAnswer) -> str:
        if d.get("reason") == "no_me":
            return "Declare your own accounts first: metanet me add URL"
        rows = [f"{d['total']} shared connections"]
        rows += [
            f"  {p['name']}: you via {', '.join(p['you'])}; them via {', '.join(p['them'])}"
            for p in d["people"]
        ]
        return "\n".join(rows)

    emit(data, as_json, text)
