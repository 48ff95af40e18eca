"""People commands: declare your accounts, add offline people, relate them, show a person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from metanet.commands.output import emit, emit_answer, json_option, open_store, words
from metanet.i18n import Words, texts

if TYPE_CHECKING:
    from metanet.answers.shapes import SharedAnswer
    from metanet.services.people import PersonView
    from metanet.store import AccountView


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
    emit(
        data,
        as_json,
        lambda d: words().gettext(
            "Your %(network)s account %(key)s is now yours (me).",
            network=texts.network(words(), d["network"]),
            key=d["key"],
        ),
    )


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
    emit(
        data,
        as_json,
        lambda d: words().gettext("Added %(name)s (#%(id)s).", name=d["name"], id=d["person_id"]),
    )


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
    emit(
        data,
        as_json,
        lambda d: f"#{d['a']} – #{d['b']}: {texts.offline_label(words(), d['label'])}.",
    )


def _card_line(w: Words, facts: dict[str, list[dict[str, Any]]]) -> str:
    """Role at company, city: each once, the newest value (conflicts are listed apart)."""
    newest = {field: str(values[0]["value"]) for field, values in facts.items() if values}
    role, company = newest.get("role"), newest.get("company")
    if role and company:
        job = w.gettext("%(role)s at %(company)s", role=role, company=company)
    else:
        job = role or company or newest.get("headline", "")
    return ", ".join(part for part in (job, newest.get("location")) if part)


def _account_line(w: Words, account: AccountView) -> str:
    if account["network"] == "offline":  # its key is internal: say what it is
        return "  " + w.gettext("known offline (no network account)")
    where = account["profile_url"] or account["key"]
    headline = f" — {account['headline']}" if account.get("headline") else ""
    return f"  {texts.network(w, account['network'])}: {where}{headline}"


def _history_line(w: Words, d: dict[str, Any]) -> str:
    verdict = w.gettext("same person") if d["decision"] == "same" else w.gettext("not the same")
    source = {"user": w.gettext("by you"), "auto": w.gettext("automatic")}.get(d["source"])
    undone = ", " + w.gettext("undone %(when)s", when=w.date(d["undone_at"]))
    pair = (
        f"{d['a_name'] or '?'} ({texts.network(w, d['a_network'])}) / "
        f"{d['b_name'] or '?'} ({texts.network(w, d['b_network'])})"
    )
    return (
        f"    #{d['id']} {w.date(d['created_at'])} {verdict} ({source or d['source']}): "
        f"{pair}: {texts.reasons(w, d['reasons'])}{undone if d['undone_at'] else ''}"
    )


def _describe_person(data: PersonView) -> str:
    w = words()
    you = "  — " + w.gettext("this is you") if data["is_me"] else ""
    lines = [f"{data['name']} (#{data['id']}){you}"]
    card = _card_line(w, data.get("facts", {}))
    if card:
        lines.append(f"  {card}")
    lines += [_account_line(w, account) for account in data["accounts"]]
    for field in data.get("conflicts", []):
        seen = "; ".join(
            f"{v['value']} ({', '.join(texts.network(w, n) for n in v['networks'])}, "
            + w.gettext("seen %(when)s", when=w.date(v["last_seen"]))
            + ")"
            for v in data["facts"][field]
        )
        lines.append(
            "  "
            + w.gettext("%(field)s differs: %(values)s", field=texts.field(w, field), values=seen)
        )
    if data["knows"]:
        lines.append("  " + w.gettext("knows:"))
        for other in data["knows"]:
            lines.append(
                f"    {other['name']} (#{other['person_id']}): {texts.places(w, other['via'])}"
            )
    if data.get("ties"):
        lines.append("  " + w.gettext("ties (evidence):"))
        for tie in data["ties"]:
            seen = w.ngettext("seen %(num)s time", "seen %(num)s times", tie["evidence"])
            since = w.gettext("since %(when)s", when=w.date(tie["first_seen"]))
            lines.append(
                f"    {tie['name']} (#{tie['person_id']}): {texts.network(w, tie['network'])} "
                f"{texts.tie_kind(w, tie['kind'])}, {seen}, {since}"
            )
    if data.get("circles"):
        from metanet.commands.circles import person_circles_line

        lines.append("  " + person_circles_line(w, data["circles"]))
    if data.get("merge_history"):
        lines.append("  " + w.gettext("merge history:"))
        lines += [_history_line(w, d) for d in data["merge_history"]]
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
        w = words()
        if d.get("reason") == "no_me":
            return w.gettext("Declare your own accounts first: metanet me add URL")
        rows = [w.ngettext("%(num)s shared connection", "%(num)s shared connections", d["total"])]
        rows += [
            f"  {p['name']}: "
            + w.gettext(
                "you via %(you)s; them via %(them)s",
                you=texts.places(w, p["you"]),
                them=texts.places(w, p["them"]),
            )
            for p in d["people"]
        ]
        return "\n".join(rows)

    emit_answer(data, as_json, text)
