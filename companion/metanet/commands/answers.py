"""Answer commands: introduction paths, reach, search, search requests and tie ratings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from metanet.commands.output import emit, json_option, open_store

if TYPE_CHECKING:
    from metanet.answers.shapes import PathsAnswer, Reach, SearchAnswer
    from metanet.services.requests import PartnerRequest, Requests


def _hop_text(hop: dict[str, Any]) -> str:
    if not hop["via"]:
        return "you"
    return f"{hop['name']} ({', '.join(hop['via'])}; {hop['strength']:.2f})"


def paths_text(data: PathsAnswer) -> str:
    if data["reason"]:
        return str(data["message"])
    lines = [f"Best introduction paths (up to {data['max_hops']} hops, strongest first):"]
    for n, path in enumerate(data["paths"], 1):
        lines.append(f"{n}. score {path['score']:.3f}: " + " → ".join(map(_hop_text, path["hops"])))
        for hop in path["hops"][1:]:
            lines.append(f"     {hop['name']}: {'; '.join(hop['why'])}")
    if data["bounded"]:
        lines.append("(the search skipped part of a very large neighbourhood)")
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
    emit(data, as_json, paths_text)


def reach_text(d: Reach) -> str:
    if d.get("reason") == "no_me":
        return "Declare your own accounts first: metanet me add URL"
    lines = [
        f"Degree 1: {d['merged']['degree1']} people; degree 2: {d['merged']['degree2']} unique",
        f"  naive: {d['naive']['text']}",
    ]
    for name, n in d["networks"].items():
        lines.append(f"  {name}: degree 1 {n['degree1']}, degree 2 {n['degree2']}")
    lines.append(f"  {d['coverage']['text']}")
    lines.append(
        f"  degree 3: ~{d['degree3_estimate']['estimate']} ({d['degree3_estimate']['label']})"
    )
    return "\n".join(lines)


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
    emit(data, as_json, reach_text)


def search_text(d: SearchAnswer) -> str:
    if d.get("reason") == "no_me":
        return "Declare your own accounts first: metanet me add URL"
    lines = [f"{d['total']} people within {d['hops']} hops match '{d['query']}'"]
    for p in d["people"]:
        intro = f", introducer {p['introducer']['name']}" if p["introducer"] else ""
        facts = ", ".join(str(p[k]) for k in ("headline", "location") if p.get(k))
        lines.append(f"  {p['name']} (degree {p['degree']}{intro}) {facts}")
    return "\n".join(lines)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--hops", default=2, show_default=True, type=click.IntRange(1, 3))
@json_option
def search_command(query: tuple[str, ...], hops: int, as_json: bool) -> None:
    """People within 1-3 hops matching QUERY (company, role, city, any words).

    \b
    Example:
      metanet search Geschäftsführer München --hops 3
    """
    from metanet.services.answers import search

    with open_store(as_json) as store:
        data = search(store, " ".join(query), hops=hops)
    emit(data, as_json, search_text)


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
    emit(data, as_json, lambda d: f"Tie #{d['a']}-#{d['b']} rated {d['strength']:.2f}.")


@click.group("requests")
def requests_group() -> None:
    """Search requests ("Suchaufträge"): saved searches that tell you about new matches."""


def _match_line(p: Any) -> str:
    intro = p["introducer"]["name"] if p.get("introducer") else "you know them"
    return f"  {p['name']} (degree {p['degree']}, introducer: {intro})"


@requests_group.command("add")
@click.argument("query", nargs=-1, required=True)
@click.option("--hops", default=2, show_default=True, type=click.IntRange(1, 3))
@click.option("--note", help="Why you are looking (goes along when you export it).")
@json_option
def requests_add(query: tuple[str, ...], hops: int, note: str | None, as_json: bool) -> None:
    """Save a search request; it is re-run after every capture.

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
        lambda d: "\n".join(
            [f"Request #{d['id']} saved: '{d['query']}', {len(d['matches'])} matches now"]
            + [_match_line(p) for p in d["matches"][:20]]
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
        lines = [
            f"#{r['id']} '{r['query']}' ({r['hops']} hops, {r['origin']}): "
            f"{r['matches']} matches, {r['new']} new"
            for r in d["requests"]
        ] or ["No saved requests: metanet requests add QUERY"]
        for n in d["notices"]:
            intro = n["introducer"]["name"] if n["introducer"] else "you know them"
            lines.append(f"  new for #{n['request_id']}: {n['name']} (introducer: {intro})")
        return "\n".join(lines)

    emit(data, as_json, text)


@requests_group.command("remove")
@click.argument("request_id", type=int)
@json_option
def requests_remove(request_id: int, as_json: bool) -> None:
    """Delete a saved request and its matches.

    \b
    Example:
      metanet requests remove 3
    """
    from metanet.services.requests import remove

    with open_store(as_json) as store:
        data = remove(store, request_id)
    emit(data, as_json, lambda d: f"Request #{d['removed']} removed.")


@requests_group.command("export")
@click.argument("request_id", type=int)
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
        return "\n".join(
            [f"Partner request #{d['id']} '{d['query']}': {len(d['matches'])} matches"]
            + [_match_line(p) for p in d["matches"][:20]]
        )

    emit(data, as_json, text)


@requests_group.command("answer")
@click.argument("request_id", type=int)
@click.option(
    "--share",
    "person_ids",
    type=int,
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
