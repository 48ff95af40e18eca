"""The summary page's security rules, one small aiohttp middleware each (the README lists
them under "The summary page").

The page shows everyone the user knows; the threats are other web sites open in the same
browser (reading our pages or JSON, sending forms to us, DNS rebinding onto 127.0.0.1) and
hostile strings inside captured pages. Order, outermost first (see :func:`middlewares`):

1. :func:`security_headers` — on every response, errors included.
2. :func:`host_allowlist` — refuse any Host but our loopback names (DNS rebinding).
3. language — pick en/de (web/i18n.py); needed by the pages the next two render.
4. :func:`fetch_metadata` — unsafe methods and ``/api/`` only from our own origin.
5. :func:`require_login` — a valid session cookie, except for the login route and assets.
"""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from metanet import __version__
from metanet.web import i18n
from metanet.web.keys import session_id
from metanet.web.render import message

log = logging.getLogger(__name__)

# Strict CSP: only our own files run or style the page, nothing may frame it, forms post
# only to us. Captured text is escaped anyway; this is the second wall if escaping fails.
IDENTITY_HEADER = "X-Metanet"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",  # no guessing a JSON reply is a script
    "Referrer-Policy": "no-referrer",  # our URLs (login token, person ids) stay here
    "Cross-Origin-Opener-Policy": "same-origin",  # no window handle for an opener site
    "Cross-Origin-Resource-Policy": "same-origin",  # no <script>/<img> embedding elsewhere
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers too old to know it
    # Tells the extension and the launcher that this port is Metanet's summary page, not
    # another local service (the launcher's /healthz probe checks it too).
    IDENTITY_HEADER: f"metanet/{__version__}",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Paths open without a session: the login itself, the stylesheet it uses, and the probe
# the launcher uses to see that our server (not something else) answers on the port.
PUBLIC_PATHS = frozenset({"/login", "/healthz"})
PUBLIC_PREFIXES = ("/static/",)


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text + "\n", content_type="text/plain")


def _apply_headers(response: web.StreamResponse, path: str) -> None:
    response.headers.update(HEADERS)
    if not path.startswith(PUBLIC_PREFIXES):
        # Pages and JSON hold personal data: not in the browser's disk cache.
        response.headers["Cache-Control"] = "no-store"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Headers on every response, including errors raised by inner layers and crashes."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        _apply_headers(exc, request.path)
        raise
    except Exception:
        log.exception("error while handling %s %s", request.method, request.path)
        response = _plain(500, "Internal error in the Metanet summary page; see its log.")
    _apply_headers(response, request.path)
    return response


def host_allowlist(port: int) -> Middleware:
    """Refuse requests whose Host is not one of our loopback names (DNS rebinding).

    A hostile site can make its own name resolve to 127.0.0.1; the browser then sends our
    server that site's name as Host and treats our answers as same-origin to it. Checking
    Host defeats this (as Jupyter Server does): only the literal
    loopback names with our port are answered.
    """
    allowed = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
    if port == 80:  # browsers omit the default port
        allowed |= {"127.0.0.1", "localhost", "[::1]"}

    @web.middleware
    async def check_host(request: web.Request, handler: Handler) -> web.StreamResponse:
        values = request.headers.getall("Host", [])
        if len(values) != 1:
            return _plain(400, "Exactly one Host header is required.")
        if values[0].strip().lower() not in allowed:
            # 421 Misdirected Request: this server is not the one for that name.
            return _plain(
                421,
                f"This is the Metanet summary page; open it as http://127.0.0.1:{port}/ "
                "(other host names are refused to protect against DNS rebinding).",
            )
        return await handler(request)

    return check_host


@web.middleware
async def fetch_metadata(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Only our own pages may change state or read the JSON API.

    Unsafe methods (anything but GET/HEAD/OPTIONS) need ``Sec-Fetch-Site: same-origin``;
    a browser that sends no Sec-Fetch-Site must send an ``Origin`` equal to ours. (The
    Fetch Metadata approach from web.dev "Protect your resources from web attacks with
    Fetch Metadata", with the Origin check of the OWASP CSRF cheat sheet as fallback.)
    SameSite=Strict alone is not enough: another port on 127.0.0.1 is the *same site*, so
    a page served there would get our cookie sent along.

    ``/api/`` reads need ``same-origin`` or ``none`` (typed into the address bar): every
    browser in use sends Sec-Fetch-Site to loopback addresses, so a missing header is
    refused too. CORP same-origin and the Strict cookie stop cross-site reads as well;
    this check also covers other local origins.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if request.method not in SAFE_METHODS:
        if site is not None:
            allowed = site == "same-origin"
        else:
            # Host was checked by host_allowlist, so this is our own origin.
            allowed = request.headers.get("Origin") == f"http://{request.host.lower()}"
        if not allowed:
            return _plain(403, "Cross-site request refused: only the summary page may do this.")
    elif request.path.startswith("/api/") and site not in ("same-origin", "none"):
        return _plain(403, "Cross-site read refused: the API answers only the summary page.")
    return await handler(request)


@web.middleware
async def require_login(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Everything but the login route and static assets needs a live session cookie."""
    if request.path in PUBLIC_PATHS or request.path.startswith(PUBLIC_PREFIXES):
        return await handler(request)
    if session_id(request) is None:
        if request.path.startswith("/api/"):
            return web.json_response(
                {"error": {"code": "login_required", "message": "log in first"}}, status=401
            )
        return message(request, "login_needed_title", "login_needed_text", status=401)
    return await handler(request)


def middlewares(port: int) -> list[Middleware]:
    """The security middlewares in order, outermost first."""
    return [
        security_headers,
        host_allowlist(port),
        i18n.language_middleware,
        fetch_metadata,
        require_login,
    ]
