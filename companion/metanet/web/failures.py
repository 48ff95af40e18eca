"""What the summary page answers when a service fails: the one error table's HTTP status.

A view that has a better page for a failure (the form again, with the field marked)
catches it itself; everything else arrives here. ``/api/`` answers JSON in the protocol's
shape (``{"error": {"code", "message"}}``); a page that was not found gets the "Not
found" page, any other failure a plain line of text with its status.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from metanet.services.errors import error_row
from metanet.web.render import message


def error_response(request: web.Request, exc: BaseException) -> web.Response | None:
    """The response for ``exc``, or None when it is not the user's to fix (a bug)."""
    row = error_row(exc)
    if row is None:
        return None
    if request.path.startswith("/api/"):
        return web.json_response({"error": row.error(exc)}, status=row.http_status)
    if row.http_status == 404:
        return message(request, "not_found_title", "not_found_text", status=404, link=True)
    return web.Response(status=row.http_status, text=row.message(exc))


@web.middleware
async def failures(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:
        response = error_response(request, exc)
        if response is None:
            raise
        return response
