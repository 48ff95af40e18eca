"""Your own 360° card (choose per network what it shows; print it, download its vCard,
show its QR code) and your search requests as cards to hand out ("Suchauftrag")."""

from __future__ import annotations

from aiohttp import web

from metanet import card as cards
from metanet.services import card
from metanet.services.people import NoMe
from metanet.web.keys import STORE
from metanet.web.render import file_response, render
from metanet.web.views.forms import back_to, form_fields, path_id, text_field

routes = web.RouteTableDef()


def _preset(raw: object) -> str:
    text = str(raw or "partners")
    if text not in cards.PRESETS:
        raise web.HTTPBadRequest(text=f"preset must be one of {', '.join(cards.PRESETS)}")
    return text


@routes.get("/card")
async def card_page(request: web.Request) -> web.StreamResponse:
    preset = _preset(request.query.get("preset"))
    context = {"preset": preset, "presets": cards.PRESETS, "facts": cards.FACTS}
    try:
        return render(
            request, "card.html", {**context, **card.card_page(request.app[STORE], preset)}
        )
    except NoMe:
        return render(request, "card.html", {**context, "no_me": True})


@routes.post("/card")
async def save_card(request: web.Request) -> web.StreamResponse:
    """The ticked facts per network (``show`` = ``network:fact``); unticked ones are hidden."""
    data = await request.post()
    preset = _preset(data.get("preset"))
    store = request.app[STORE]
    networks = card.my_card(store, preset)["networks"]
    chosen: dict[str, list[str]] = {network: [] for network in networks}
    for value in data.getall("show", []):
        network, _, fact = str(value).partition(":")
        if network not in chosen or fact not in cards.FACTS:
            raise web.HTTPBadRequest(text="show must be network:fact of your own networks")
        chosen[network].append(fact)
    card.save_choices(store, preset, chosen)
    raise back_to(f"/card?preset={preset}")


@routes.get("/card/vcard")
async def card_vcard(request: web.Request) -> web.StreamResponse:
    preset = _preset(request.query.get("preset"))
    return file_response(card.vcard(request.app[STORE], preset), "text/vcard", f"card-{preset}.vcf")


@routes.get("/card/qr.png")
async def card_qr(request: web.Request) -> web.StreamResponse:
    preset = _preset(request.query.get("preset"))
    return file_response(card.qr_png(request.app[STORE], preset), "image/png", f"card-{preset}.png")


@routes.get(r"/requests/{request_id:\d{1,18}}/card")
async def request_card(request: web.Request) -> web.StreamResponse:
    """One of your requests as a printable card with a QR code a partner imports."""
    store = request.app[STORE]
    return render(
        request, "request_card.html", dict(card.request_card(store, path_id(request, "request_id")))
    )


@routes.post(r"/requests/{request_id:\d{1,18}}/card")
async def request_card_how(request: web.Request) -> web.StreamResponse:
    """How partners should introduce you (shown on the card)."""
    request_id = path_id(request, "request_id")
    how = text_field(await form_fields(request), "how", limit=500)
    card.set_introduce_how(request.app[STORE], request_id, how)
    raise back_to(f"/requests/{request_id}/card")
