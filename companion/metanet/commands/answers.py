"""Answer commands: introduction paths, reach, search, search requests and tie ratings."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from metanet.answers import SEARCH_HOPS
from metanet.commands.card import request_card_command
from metanet.commands.output import (
    emit,
    emit_answer,
    emit_removed,
    json_option,
    open_store,
    record_id,
    words,
)
from metanet.i18n import N_, Words, texts

if TYPE_CHECKING:
    from metanet.answers.shapes import Found, Match, PathsAnswer, Reach, SearchAnswer
    from metanet.services.requests import PartnerRequest, Requests


def _hop_text(w: Words, hop: dict[str, Any]) -> str:
    if not hop["via"]:
        return w.gettext("you")
    name = texts.person_name(w, hop["name"])
    return f"{name} ({texts.places(w, hop['via'])}; {w.number(hop['strength'], 2)})"


def no_me_text(w: Words) -> str:
    return w.gettext("Declare your own accounts first: metanet me add URL")


def paths_text(data: PathsAnswer) -> str:
    w = words()
    if data["reason"] == "no_me":
        return no_me_text(w)
    if data["reason"] == "is_me":
        return w.gettext("That is you.")
    if data["reason"]:
        return w.ngettext(
            "No path within %(num)s hop.", "No path within %(num)s hops.", data["max_hops"]
        )
    lines = [
        w.ngettext(
            "Best introduction paths (up to %(num)s hop, strongest first):",
            "Best introduction paths (up to %(num)s hops, strongest first):",
            data["max_hops"],
        )
    ]
    for n, path in enumerate(data["paths"], 1):
        score = w.gettext("score %(score)s", score=w.number(path["score"], 3))
        hops = " → ".join(_hop_text(w, hop) for hop in path["hops"])
        lines.append(f"{n}. {score}: {hops}")
        for hop in path["hops"][1:]:
            name = texts.person_name(w, hop["name"])
            lines.append(f"     {name}: {texts.reasons(w, hop['why'])}")
    if data["bounded"]:
        lines.append(w.gettext("(the search skipped part of a very large neighbourhood)"))
    return "\n".join(lines)


@click.command("paths")
@click.argument("who")
@click.option(
    "-k", "k", default=3, show_default=True, type=click.IntRange(1, 20), help="How many paths."
)
@click.option("--max-hops", default=4, show_default=True, type=click.IntRange(1, 4))
@json_option
def paths_command(who: str, k: int, max_hops: int, as_json: bool) -> None:
    """The best introduction paths from you to WHO, ranked by tie strength.

    Every hop says how the two know each other and why the tie is strong.

    \b
    Example:
      metanet paths "Dr. Katharina Berger"
    """
    from metanet.services.answers import paths
    from metanet.services.people import find_person

    with open_store(as_json) as store:
        data = paths(store, find_person(store, who), k=k, max_hops=max_hops)
    emit_answer(data, as_json, paths_text)


def reach_text(d: Reach) -> str:
    w = words()
    if d.get("reason") == "no_me":
        return no_me_text(w)
    merged, naive, coverage = d["merged"], d["naive"], d["coverage"]
    lines = [
        w.ngettext("Degree 1: %(num)s person", "Degree 1: %(num)s people", merged["degree1"])
        + "; "
        + w.gettext("degree 2: %(n)s unique", n=w.number(merged["degree2"])),
        "  "
        + w.ngettext(
            "naive: %(num)s contact with %(naive)s contacts between them, %(unique)s unique",
            "naive: %(num)s contacts with %(naive)s contacts between them, %(unique)s unique",
            merged["degree1"],
            naive=w.number(naive["degree2"]),
            unique=w.number(merged["degree2"]),
        ),
    ]
    for name, n in d["networks"].items():
        lines.append(
            f"  {texts.network(w, name)}: "
            + w.gettext(
                "degree 1 %(d1)s, degree 2 %(d2)s",
                d1=w.number(n["degree1"]),
                d2=w.number(n["degree2"]),
            )
        )
    lines.append(
        "  "
        + w.ngettext(
            "contact lists known for %(known)s of %(num)s contact",
            "contact lists known for %(known)s of %(num)s contacts",
            coverage["contacts"],
            known=w.number(coverage["contact_lists_known"]),
        )
    )
    lines.append("  " + degree3_text(w, d["degree3_estimate"]))
    return "\n".join(lines)


def degree3_text(w: Words, estimate: dict[str, Any]) -> str:
    if estimate["estimate"] is None:
        return w.gettext("degree 3: not enough contact lists known for an estimate")
    return w.gettext(
        "degree 3: ~%(estimate)s (an estimate only: it assumes your second degree knows as "
        "many people as your contacts do, ~%(mean)s, with the same overlap, %(unique)s unique)",
        estimate=w.number(estimate["estimate"]),
        mean=w.number(round(estimate["mean_list"])),
        unique=w.percent(estimate["unique_share"]),
    )


@click.command("reach")
@json_option
def reach_command(as_json: bool) -> None:
    """How many people you reach at degrees 1 and 2, per network and merged.

    \b
    Example:
      metanet reach --json
    """
    from metanet.services.answers import reach

    with open_store(as_json) as store:
        data = reach(store)
    emit_answer(data, as_json, reach_text)


def hit_lines(w: Words, p: Found) -> list[str]:
    """One search hit as the CLI shows it: id, name and facts; how far and through whom;
    why it matched."""
    title, company = p.get("headline") or p.get("role"), p.get("company")
    if title and company and company in title:  # "Geschäftsführerin bei Berger GmbH"
        company = None
    shown = ", ".join(str(f) for f in dict.fromkeys([title, company, p.get("location")]) if f)
    how = [w.gettext("degree %(n)s", n=w.number(p["degree"]))]
    intro, through = p["introducer"], p["through"]
    if intro and through:
        how.append(
            w.gettext(
                "introducer %(name)s (through %(through)s)",
                name=intro["name"],
                through=through["name"],
            )
        )
    elif intro:
        how.append(w.gettext("introducer %(name)s", name=intro["name"]))
    else:
        how.append(w.gettext("you know them directly"))
    how.append(w.gettext("path strength %(score)s", score=w.number(p["score"], 2)))
    lines = [f"  #{p['person_id']} {p['name']}" + (f": {shown}" if shown else "")]
    lines.append("     " + ", ".join(how))
    if p.get("why"):
        lines.append("     " + w.gettext("matches: %(why)s", why=texts.match_reasons(w, p["why"])))
    return lines


def beyond_text(w: Words, d: SearchAnswer, command: str) -> str | None:
    """What one hop further would find, when nothing is found within the hops asked."""
    beyond = d.get("beyond")
    if not beyond or not beyond["total"]:
        return None
    if beyond["hops"] is None:
        return w.ngettext(
            "%(num)s person further away matches (more than 3 hops, or not connected to you).",
            "%(num)s people further away match (more than 3 hops, or not connected to you).",
            beyond["total"],
        )
    further = f"{command} --hops {beyond['hops']}"
    return w.ngettext(
        "%(num)s person within %(hops)s hops matches: %(command)s",
        "%(num)s people within %(hops)s hops match: %(command)s",
        beyond["total"],
        hops=w.number(beyond["hops"]),
        command=further,
    )


def search_text(d: SearchAnswer) -> str:
    w = words()
    if d.get("reason") == "no_me":
        return no_me_text(w)
    within = w.ngettext("within %(num)s hop", "within %(num)s hops", d["hops"])
    lines = [
        w.ngettext(
            "%(num)s person %(within)s matches “%(query)s”",
            "%(num)s people %(within)s match “%(query)s”",
            d["total"],
            within=within,
            query=d["query"],
        )
    ]
    for p in d["people"]:
        lines += hit_lines(w, p)
    if len(d["people"]) < d["total"]:
        lines.append(
            w.ngettext(
                "(the best one shown; --limit shows more)",
                "(the best %(num)s shown; --limit shows more)",
                len(d["people"]),
            )
        )
    further = beyond_text(w, d, f"metanet search {shlex.quote(d['query'])}")
    if further:
        lines.append(further)
    return "\n".join(lines)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--hops",
    default=SEARCH_HOPS,
    show_default=True,
    type=click.IntRange(1, 3),
    help="How far from you: 1 your contacts, 2 theirs, 3 one further.",
)
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(1, 200), help="At most so many."
)
@json_option
def search_command(query: tuple[str, ...], hops: int, limit: int, as_json: bool) -> None:
    """People within 1-3 hops matching QUERY: roles, companies, cities, names.

    Words are found as people write them: "Geschäftsführer" also finds a
    Geschäftsführerin, "Geschaeftsfuehrer" or a Managing Director/CEO (role synonyms,
    German and English, and your own: metanet synonyms); "Vertrieb" a
    Vertriebsleiterin (parts of compound words); "Geschäftsf" or "Geschäftsf*" what
    begins so; "Mueller" Müller, "Yilmaz" Yılmaz. Every word must match. Whole-word
    matches come first, then parts and beginnings; within each, the closest and best
    introduced people. Each hit says why it matched.

    \b
    Examples:
      metanet search Geschäftsführer München
      metanet search "Head of Sales" Stuttgart --hops 2
      metanet search Vertrieb --json
    """
    from metanet.services.answers import search

    with open_store(as_json) as store:
        data = search(store, " ".join(query), hops=hops, limit=limit)
    emit_answer(data, as_json, search_text)


@click.command("rate")
@click.argument("a")
@click.argument("b")
@click.option("--strength", required=True, type=click.FloatRange(0, 1, min_open=True))
@json_option
def rate_command(a: str, b: str, strength: float, as_json: bool) -> None:
    """Rate how strong the tie between A and B is (0-1); "me" is you. Your rating wins.

    \b
    Example:
      metanet rate me "Anna Schmidt" --strength 0.9
    """
    from metanet.services.answers import rate
    from metanet.services.people import person_or_me

    with open_store(as_json) as store:
        data = rate(store, person_or_me(store, a), person_or_me(store, b), strength)
    emit(
        data,
        as_json,
        lambda d: words().gettext(
            "Tie #%(a)s-#%(b)s rated %(strength)s.",
            a=d["a"],
            b=d["b"],
            strength=words().number(d["strength"], 2),
        ),
    )


@click.group("requests")
def requests_group() -> None:
    """Search requests ("Suchaufträge"): saved searches that tell you about new matches."""


requests_group.add_command(request_card_command)


def _matches_text(w: Words, head: str, matches: list[Match]) -> str:
    count = w.ngettext("%(num)s match", "%(num)s matches", len(matches))
    lines = [f"{head}: {count}"]
    for p in matches[:20]:
        lines += hit_lines(w, p)
    return "\n".join(lines)


@requests_group.command("add")
@click.argument("query", nargs=-1, required=True)
@click.option("--hops", default=SEARCH_HOPS, show_default=True, type=click.IntRange(1, 3))
@click.option("--note", help="Why you are looking (goes along when you export it).")
@json_option
def requests_add(query: tuple[str, ...], hops: int, note: str | None, as_json: bool) -> None:
    """Save a search request; it is re-run after every capture and import.

    It matches as metanet search does (forms, role synonyms, parts of words); new
    matches show on the overview, in the extension's badge and in requests list.

    \b
    Example:
      metanet requests add Geschäftsführer Maschinenbau München --note "Zulieferer gesucht"
    """
    from metanet.services.requests import add

    with open_store(as_json) as store:
        data = add(store, " ".join(query), hops=hops, note=note)
    emit(
        data,
        as_json,
        lambda d: _matches_text(
            words(),
            words().gettext("Request #%(id)s saved: “%(query)s”", id=d["id"], query=d["query"]),
            d["matches"],
        ),
    )


@requests_group.command("list")
@json_option
def requests_list(as_json: bool) -> None:
    """Your saved requests, with new matches since you last looked.

    \b
    Example:
      metanet requests list
    """
    from metanet.services.requests import listing

    with open_store(as_json) as store:
        data = listing(store, mark_seen=True)

    def text(d: Requests) -> str:
        w = words()
        origins = {"mine": w.gettext("yours"), "partner": w.gettext("a partner's")}
        lines = [
            f"#{r['id']} “{r['query']}” ("
            + w.ngettext("%(num)s hop", "%(num)s hops", r["hops"])
            + f", {origins.get(r['origin'], r['origin'])}): "
            + w.ngettext("%(num)s match", "%(num)s matches", r["matches"])
            + ", "
            + w.ngettext("%(num)s new", "%(num)s new", r["new"])
            for r in d["requests"]
        ] or [w.gettext("No saved requests: metanet requests add QUERY")]
        for n in d["notices"]:
            if n["introducer"]:
                how = w.gettext("introducer: %(name)s", name=n["introducer"]["name"])
            else:
                how = w.gettext("you know them directly")
            new = w.gettext("new for #%(id)s", id=n["request_id"])
            lines.append(f"  {new}: {n['name']} ({how})")
        return "\n".join(lines)

    emit(data, as_json, text)


@requests_group.command("remove")
@click.argument("request_id", type=record_id)
@json_option
def requests_remove(request_id: int, as_json: bool) -> None:
    """Delete a saved request and its matches.

    \b
    Example:
      metanet requests remove 3
    """
    from metanet.services.requests import remove

    emit_removed(remove, N_("Request #%(id)s removed."), request_id, as_json)


@requests_group.command("export")
@click.argument("request_id", type=record_id)
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path))
def requests_export(request_id: int, output: Path | None) -> None:
    """Write a request as a short text to hand to a network partner.

    \b
    Example:
      metanet requests export 3 -o request.txt
    """
    from metanet.services.requests import export_text

    with open_store() as store:
        text = export_text(store, request_id)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@requests_group.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option(
    "--answer", is_flag=True, help="Print the answer to send back: names and introducers only."
)
@json_option
def requests_import(source: Any, answer: bool, as_json: bool) -> None:
    """Take a partner's request (a file, or - for stdin): who in your network matches?

    \b
    Example:
      metanet requests import request.txt --answer
    """
    from metanet.services.requests import import_text

    with open_store(as_json) as store:
        data = import_text(store, source.read(), answer=answer)

    def text(d: PartnerRequest) -> str:
        if "answer" in d:
            return str(d["answer"]).rstrip("\n")
        w = words()
        head = w.gettext("Partner request #%(id)s “%(query)s”", id=d["id"], query=d["query"])
        return _matches_text(w, head, d["matches"])

    emit(data, as_json, text)


@requests_group.command("answer")
@click.argument("request_id", type=record_id)
@click.option(
    "--share",
    "person_ids",
    type=record_id,
    multiple=True,
    help="A matching person (id) to name in the answer; repeat it. Default: every match.",
)
def requests_answer(request_id: int, person_ids: tuple[int, ...]) -> None:
    """The answer to a partner's request: only the people you choose, with their introducer.

    Your graph never leaves: the answer names people and who would introduce them.
    Run `metanet requests import FILE` first, then pick from its matches.

    \b
    Example:
      metanet requests answer 7 --share 12 --share 15
    """
    from metanet.services.requests import answer_text

    with open_store() as store:
        text = answer_text(store, request_id, list(person_ids) or None)
    sys.stdout.write(text)
