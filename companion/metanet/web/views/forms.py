"""Small helpers the summary page's POST handlers share: ids from the URL, form fields,
and the answer to a form (303 back to a page, so reloading does not post again)."""

from __future__ import annotations

from aiohttp import web

from metanet.model import MAX_ID

MAX_FIELD = 2000  # a note or label; longer text is refused, not cut


def whole_number(raw: object, name: str, *, high: int = MAX_ID) -> int:
    """A whole number from 1 to ``high`` written in ASCII digits; anything else is a 400.

    (``str.isdigit`` alone also accepts "٣" and "²", and an unbounded number overflows
    SQLite: both were 500s.)
    """
    text = raw if isinstance(raw, str) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= high):
        raise web.HTTPBadRequest(text=f"{name} must be a whole number from 1 to {high}")
    return int(text)


def path_id(request: web.Request, name: str) -> int:
    """An id from the route (its pattern already allows digits only)."""
    return int(request.match_info[name])


def text_field(form: dict[str, str], name: str, *, limit: int = MAX_FIELD) -> str:
    """A trimmed text field ("" when missing); longer than ``limit`` is a 400."""
    value = form.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise web.HTTPBadRequest(text=f"{name} must be text of at most {limit} characters")
    return value.strip()


async def form_fields(request: web.Request) -> dict[str, str]:
    """The url-encoded form's single-valued text fields."""
    data = await request.post()
    return {k: v for k, v in data.items() if isinstance(v, str)}


async def form_ids(request: web.Request, name: str) -> list[int]:
    """Every value of a repeated numeric field (checkboxes); anything else is a 400."""
    return [whole_number(value, name) for value in (await request.post()).getall(name, [])]


def back_to(location: str) -> web.HTTPSeeOther:
    """Post/redirect/get: the browser shows ``location`` after the form."""
    return web.HTTPSeeOther(location=location)
