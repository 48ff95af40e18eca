"""``metanet demo``: a fresh database from the bundled sample data, then the summary page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import click

from metanet.commands.output import fail

DEMO_SPARE_PORTS = 20


def _prepare_home() -> Path:
    """A new temporary data folder, unless METANET_HOME names one (which must be empty)."""
    if os.environ.get("METANET_HOME"):
        from metanet import paths
        from metanet.store import Store

        with Store() as store:
            if store.counts()["persons"]:
                fail(
                    f"{paths.database()} already holds data; the demo only fills an empty "
                    "database. Unset METANET_HOME to use a temporary folder."
                )
        return paths.home()
    folder = Path(tempfile.mkdtemp(prefix="metanet-demo-"))
    os.environ["METANET_HOME"] = str(folder)
    return folder


def _hop_text(hop: dict[str, Any]) -> str:
    return f"{hop['name']} ({', '.join(hop['via'])})" if hop["via"] else "you"


def story(store: Any, loaded: dict[str, Any]) -> str:
    """What the demo prints: the sample data and the question it answers."""
    from metanet.services.answers import mutual, paths
    from metanet.services.people import person_summary

    counts = store.counts()
    target = loaded["index"]["katharina"]["person"]
    who = person_summary(store, target)
    headline = next((a["headline"] for a in who["accounts"] if a["headline"]), "")
    networks = sorted(
        {a["network"] for p in store.list_people(500) for a in store.person_accounts(p["id"])}
    )
    lines = [
        f"Sample network: {counts['persons']} people, {counts['accounts']} accounts on "
        f"{len(networks)} networks ({', '.join(networks)}), {counts['ties']} network ties, "
        f"{counts['relations']} offline relations.",
        f"Sample pages captured: {len(loaded['captures'])} "
        f"({', '.join(c['outcome'] for c in loaded['captures'])}).",
        "",
        f"You want to meet {who['name']} — {headline}.",
        "Best introduction paths, ranked by tie strength (score = product of the hops):",
    ]
    for path in paths(store, target)["paths"]:
        hops = " → ".join(_hop_text(hop) for hop in path["hops"])
        lines.append(f"  {path['score']:.2f}: {hops}")
    colleague = loaded["index"]["frank"]["person"]
    shared = mutual(store, colleague)
    lines.append(
        f"Shared connections with {store.person(colleague)['name']}, "
        f"her Prokurist: {shared['total']}"
    )
    for person in shared["people"]:
        lines.append(
            f"  {person['name']} (you: {', '.join(person['you'])}; "
            f"them: {', '.join(person['them'])})"
        )
    return "\n".join(lines)


@click.command("demo")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    help="Port of the summary page; if it is taken, the next free one (up to 20 further).",
)
@click.option("--no-open", is_flag=True, help="Do not open the summary page in a browser.")
def demo_command(port: int, no_open: bool) -> None:
    """Fill a fresh database with sample data and serve the summary page.

    The database goes to a new temporary folder unless METANET_HOME is set (then it must
    be empty). The sample tells Metanet's story: your Facebook friend's neighbour is the
    golf partner of the managing director you want to meet.

    \b
    Example:
      metanet demo --no-open
    """
    folder = _prepare_home()
    from metanet.demo.seed import load
    from metanet.store import Store
    from metanet.web.server import ServerError, serve

    with Store() as store:
        loaded = load(store)
        click.echo(f"Metanet demo — data folder {folder}")
        click.echo(story(store, loaded))
    click.echo("")
    try:
        serve(port, not no_open, spare_ports=DEMO_SPARE_PORTS)
    except ServerError as exc:
        raise click.ClickException(str(exc)) from None
