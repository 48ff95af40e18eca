"""People commands: declare your accounts, add offline people, relate them, show a person."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from metanet.commands.output import emit, emit_answer, json_option, open_store, words
from metanet.i18n import Words, texts

if TYPE_CHECKING:
    from metanet.answers.shapes import SaidShared, SharedAnswer
    from metanet.contact import Way
    from metanet.services.me import MeAdded
    from metanet.services.people import PersonView


@click.group("me")
def me_group() -> None:
    """Your own accounts: ties of these accounts are your first degree."""


@me_group.command("add")
@click.argument("url")
@click.option("--name", help="Your name on that account (asked for when no page says it).")
@json_option
def me_add(url: str, name: str | None, as_json: bool) -> None:
    """Declare a profile URL as one of your own accounts.

    \b
    Example:
      metanet me add https://www.linkedin.com/in/your-name/ --name "Jana Example"
    """
    from metanet.services.me import me_add as declare
    from metanet.services.me import my_name

    with open_store(as_json) as store:
        if name is None and not as_json and interactive() and not my_name(store, url):
            name = click.prompt(
                words().gettext("Your name, as people know you (Enter: none)"),
                default="",
                show_default=False,
            )
        data = declare(store, url, name=name)
    emit(data, as_json, _me_added)


def interactive() -> bool:
    """Whether someone types at this terminal (a pipe or a script gets no question)."""
    return sys.stdin.isatty()


def _me_added(d: MeAdded) -> str:
    w = words()
    lines = [
        w.gettext(
            "Your %(network)s account %(key)s is now yours (me).",
            network=texts.network(w, d["network"]),
            key=d["key"],
        )
    ]
    if not d["named"]:
        lines.append(
            w.gettext(
                "Metanet does not know your name yet: capture your own profile, or run "
                "`metanet me add URL --name NAME`. Until then you are “you”."
            )
        )
    return "\n".join(lines)


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
    city = newest.get("location", "").split(",")[0].strip()
    if role or company:
        return texts.card(w, role, company, city)
    return texts.card(w, None, newest.get("headline"), city)


def _said_by(card: str, headline: str | None) -> bool:
    """Whether the card line already says what a headline says ("Inhaber bei X" beside
    "Inhaber at X"): every word of the headline's but the joining ones is on the card."""
    if not headline:
        return True
    from metanet.folding import fold

    words = set(fold(card).replace(",", " ").split())
    joining = {"at", "bei", "@", "-", "–", "|", "·", "and", "und"}
    return all(word in words or word in joining for word in fold(headline).split())


def _seen(w: Words, way: Way) -> str:
    sources = texts.sources(w, way["sources"])
    seen = w.gettext("seen %(when)s", when=w.date(way["last_seen"])) if way["last_seen"] else ""
    return "; ".join(part for part in (sources, seen) if part)


def _contact_lines(w: Words, data: PersonView, card: str) -> list[str]:
    """E-mail addresses, phone numbers, websites, then each network's profile (with its
    headline where the card does not say it) and the accounts that have no page."""
    contact = data["contact"]
    email, phone, website = w.gettext("E-mail"), w.gettext("Phone"), w.gettext("Website")
    lines = [f"  {email}: {way['shown']} ({_seen(w, way)})" for way in contact["emails"]]
    for way in contact["phones"]:
        forms = [way["shown"], way["international"]]
        number = " · ".join(dict.fromkeys(f for f in forms if f))
        lines.append(f"  {phone}: {number} ({_seen(w, way)})")
    lines += [f"  {website}: {way['shown']} ({_seen(w, way)})" for way in contact["websites"]]
    headlines = {a["profile_url"]: a.get("headline") for a in data["accounts"]}
    differ = "headline" in data.get("conflicts", [])  # listed with its networks below
    for way in contact["profiles"]:
        headline = headlines.get(way["value"])
        said = "" if differ or _said_by(card, headline) else f" — {headline}"
        lines.append(
            f"  {texts.network(w, way['network'])}: {way['value']}{said} ({_seen(w, way)})"
        )
    for account in data["accounts"]:
        if account["network"] == "offline":  # its key is internal: say what it is
            lines.append("  " + w.gettext("known offline (no network account)"))
        elif not (account["profile_url"] or "").startswith(("http://", "https://")):
            seen = w.gettext("seen %(when)s", when=w.date(account["last_seen"]))
            entry = w.gettext("entry without a profile page")
            lines.append(f"  {texts.network(w, account['network'])}: {entry} ({seen})")
    return lines


def _history_line(w: Words, d: dict[str, Any]) -> str:
    verdict = w.gettext("same person") if d["decision"] == "same" else w.gettext("not the same")
    source = {"user": w.gettext("by you"), "auto": w.gettext("automatic")}.get(d["source"])
    undone = ", " + w.gettext("undone %(when)s", when=w.date(d["undone_at"]))
    pair = (
        f"{texts.person_name(w, d['a_name'])} ({texts.network(w, d['a_network'])}) / "
        f"{texts.person_name(w, d['b_name'])} ({texts.network(w, d['b_network'])})"
    )
    return (
        f"    #{d['id']} {w.date(d['created_at'])} {verdict} ({source or d['source']}): "
        f"{pair}: {texts.reasons(w, d['reasons'])}{undone if d['undone_at'] else ''}"
    )


def _said_lines(w: Words, said: list[SaidShared], known: int) -> list[str]:
    """What the person's pages say about shared connections, and whom they name only."""
    lines = ["  " + texts.page_says(w, entry, known) for entry in said]
    names = texts.named_only(w, said)
    return lines + (["  " + names] if names else [])


def _describe_person(data: PersonView) -> str:
    w = words()
    you = "  — " + w.gettext("this is you") if data["is_me"] else ""
    lines = [f"{texts.person_name(w, data['name'])} (#{data['id']}){you}"]
    card = _card_line(w, data.get("facts", {}))
    if card:
        lines.append(f"  {card}")
    lines += _contact_lines(w, data, card)
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
    lines += _said_lines(w, data.get("said_shared", []), data.get("shared_total", 0))

    def who(person_id: int, name: str | None) -> str:
        if person_id == data.get("me_id"):
            return w.gettext("you")
        return f"{texts.person_name(w, name)} (#{person_id})"

    if data["knows"]:
        lines.append("  " + w.gettext("knows:"))
        for other in data["knows"]:
            where = texts.places(w, other["via"])
            lines.append(f"    {who(other['person_id'], other['name'])}: {where}")
    if data.get("ties"):
        lines.append("  " + w.gettext("ties (evidence):"))
        for tie in data["ties"]:
            seen = w.ngettext("seen %(num)s time", "seen %(num)s times", tie["evidence"])
            since = w.gettext("since %(when)s", when=w.date(tie["first_seen"]))
            lines.append(
                f"    {who(tie['person_id'], tie['name'])}: "
                f"{texts.tie_on(w, tie['network'], tie['kind'])}, {seen}, {since}"
            )
    if data.get("interaction", {}).get("why"):
        said = texts.reasons(w, data["interaction"]["why"])
        lines.append("  " + w.gettext("with you: %(what)s", what=said))
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
        rows += _said_lines(w, d.get("said", []), d["total"])
        rows += [
            f"  {texts.person_name(w, p['name'])}: "
            + w.gettext(
                "you via %(you)s; them via %(them)s",
                you=texts.places(w, p["you"]),
                them=texts.places(w, p["them"]),
            )
            for p in d["people"]
        ]
        return "\n".join(rows)

    emit_answer(data, as_json, text)
