"""Your own 360° card (per network the facts you choose), and your requests as cards."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from metanet.commands.output import emit, fail, json_option, open_store, words
from metanet.i18n import Words, texts
from metanet.i18n import meeting as said

if TYPE_CHECKING:
    from metanet.card import Card
    from metanet.services.card import RequestCard

PRESET = click.Choice(["partners", "everyone"])


def card_text(w: Words, card: Card) -> str:
    lines = [card["name"]]
    for e in card["entries"]:
        facts = [e["headline"], e["company"], e["role"], e["location"], *e["emails"], *e["phones"]]
        shown = ", ".join(f for f in facts if f)
        lines.append(
            f"  {texts.network(w, e['network'])}: "
            + " · ".join(p for p in (e["url"] or "", shown) if p)
        )
    hidden = [n for n in card["networks"] if not card["choices"].get(n)]
    if hidden:
        lines.append(
            "  "
            + w.gettext(
                "not shown: %(networks)s", networks=", ".join(texts.network(w, n) for n in hidden)
            )
        )
    return "\n".join(lines)


def _choices(shows: tuple[str, ...], facts: tuple[str, ...]) -> dict[str, list[str]]:
    """``xing=profile,company`` options as network → facts (``xing=`` hides XING)."""
    chosen: dict[str, list[str]] = {}
    for show in shows:
        network, eq, listed = show.partition("=")
        if not eq or not network.strip():
            fail(f"--show wants NETWORK=FACT,FACT (facts: {', '.join(facts)}), not {show!r}")
        chosen[network.strip().lower()] = [f.strip() for f in listed.split(",") if f.strip()]
    return chosen


@click.command("card")
@click.option("--preset", default="partners", show_default=True, type=PRESET)
@click.option(
    "--show", "shows", multiple=True, metavar="NETWORK=FACTS",
    help="What a network shows on this preset's card, e.g. xing=profile,company,role "
    "(facts: profile, headline, company, role, location, email, phone; xing= shows nothing). "
    "Repeat it; it is remembered.",
)  # fmt: skip
@click.option("--vcard", "vcard_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the card as a vCard 4.0 file.")  # fmt: skip
@click.option("--qr", "qr_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a QR code of the vCard (PNG).")  # fmt: skip
@json_option
def card_command(
    preset: str,
    shows: tuple[str, ...],
    vcard_file: Path | None,
    qr_file: Path | None,
    as_json: bool,
) -> None:
    """Your own card: per network the facts you choose, for partners or for everyone.
    Nothing leaves your computer unless you write the vCard or the QR code and hand it on.

    \b
    Examples:
      metanet card
      metanet card --preset everyone --show facebook= --show xing=profile,company,role
      metanet card --vcard sabine.vcf --qr sabine.png
    """
    from metanet.card import FACTS
    from metanet.services import card as service

    with open_store(as_json) as store:
        if shows:
            current = service.my_card(store, preset)["choices"]
            service.save_choices(store, preset, {**current, **_choices(shows, FACTS)})
        data = service.card_page(store, preset)
        if vcard_file:
            vcard_file.write_text(data["vcard"], encoding="utf-8", newline="")
        if qr_file:
            qr_file.write_bytes(service.qr_png(store, preset))
    emit(data, as_json, lambda d: card_text(words(), d))


def request_card_text(d: RequestCard) -> str:
    return said.request_card_text(words(), d).rstrip("\n")


@click.command("card")
@click.argument("request_id", type=int)
@click.option("--how", help="How partners should introduce you (remembered).")
@click.option(
    "--qr", "qr_file", type=click.Path(dir_okay=False, path_type=Path),
    help="Write a QR code of the request (PNG) that a partner's Metanet imports.",
)  # fmt: skip
@json_option
def request_card_command(
    request_id: int, how: str | None, qr_file: Path | None, as_json: bool
) -> None:
    """One of your requests as a card to hand out ("Suchauftrag"): whom you seek, why,
    how to introduce you, and a QR code a partner imports with `metanet meeting import`.

    \b
    Examples:
      metanet requests card 3 --how "Per E-Mail an sabine@example.org"
      metanet requests card 3 --qr suchauftrag.png
    """
    from metanet.card import qr_png
    from metanet.services import card as service

    with open_store(as_json) as store:
        data = (
            service.set_introduce_how(store, request_id, how)
            if how is not None
            else service.request_card(store, request_id)
        )
        if qr_file:
            qr_file.write_bytes(qr_png(data["text"]))
    emit(data, as_json, request_card_text)
