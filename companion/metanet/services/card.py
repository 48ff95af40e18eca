"""Your own 360° card, and your search requests as cards to hand out ("Suchauftrag").

Made from the store on request; nothing leaves the computer unless the user downloads,
prints or shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from metanet import card as cards
from metanet.answers import requests as saved
from metanet.card import Card
from metanet.errors import Refused
from metanet.services.people import me_id
from metanet.store import Store


class CardPage(Card):
    """The card, its vCard and the vCard's QR code (an SVG ``data:`` URI)."""

    vcard: str
    qr: str


class RequestCard(TypedDict):
    """One of your search requests as a card: whom you seek, why, how to introduce you."""

    request: dict[str, Any]
    name: str
    how: str | None
    links: list[dict[str, str]]  # your profile links from the "partners" card
    text: str  # what the QR code holds: the request as a partner imports it
    qr: str


def _accounts(store: Store) -> tuple[str, list[Any], dict[int, list[tuple[str, str]]]]:
    me = store.person(me_id(store))
    accounts = list(store.person_accounts(int(me["id"])))
    identifiers = {int(a["id"]): store.account_identifiers(int(a["id"])) for a in accounts}
    name = me["name"] or next((a["name"] for a in accounts if a["name"]), "") or ""
    return name, accounts, identifiers


def my_card(store: Store, preset: str = "partners") -> Card:
    """Your card in ``preset``: the facts chosen per network (or the preset's default)."""
    cards.check_preset(preset)
    name, accounts, identifiers = _accounts(store)
    networks = sorted({a["network"] for a in accounts})
    choices = cards.effective_choices(preset, networks, store.card_choices(preset))
    return cards.build(preset, name, accounts, identifiers, choices)


def card_page(store: Store, preset: str = "partners") -> CardPage:
    card = my_card(store, preset)
    text = cards.vcard(card)
    return {**card, "vcard": text, "qr": cards.qr_svg_data_uri(text)}


def save_choices(store: Store, preset: str, choices: Mapping[str, Iterable[str]]) -> Card:
    """Choose which facts each network shows on the ``preset`` card."""
    cards.check_preset(preset)
    _, accounts, _ = _accounts(store)
    store.save_card_choices(preset, cards.clean_choices(choices, {a["network"] for a in accounts}))
    return my_card(store, preset)


def vcard(store: Store, preset: str = "partners") -> str:
    return cards.vcard(my_card(store, preset))


def qr_png(store: Store, preset: str = "partners") -> bytes:
    """The QR code of the card's vCard, as a PNG."""
    return cards.qr_png(cards.vcard(my_card(store, preset)))


def _mine(store: Store, request_id: int) -> dict[str, Any]:
    request = saved.get(store, request_id)
    if request["origin"] != "mine":
        raise Refused(f"request #{request_id} is a partner's; only your own become cards")
    return request


def request_card(store: Store, request_id: int) -> RequestCard:
    """A request of yours as a card: the text and a QR code a partner can import
    (`metanet meeting import`), with your profile links from the "partners" card."""
    request = _mine(store, request_id)
    mine = my_card(store, "partners")
    text = saved.export_text(store, request_id)
    links = [{"network": e["network"], "url": e["url"]} for e in mine["entries"] if e["url"]]
    return {
        "request": request,
        "name": mine["name"],
        "how": request.get("introduce_how"),
        "links": links,
        "text": text,
        "qr": cards.qr_svg_data_uri(text),
    }


def set_introduce_how(store: Store, request_id: int, how: str) -> RequestCard:
    """How partners should introduce you, for one of your requests (shown on its card)."""
    from metanet.errors import InvalidInput

    _mine(store, request_id)
    text = " ".join(how.split())
    if len(text) > 500:
        raise InvalidInput("at most 500 characters", field="how")
    saved.set_introduce_how(store, request_id, text or None)
    return request_card(store, request_id)
