"""Templates: the Jinja environment and one ``render`` every page goes through.

Everything shown on these pages may come from a captured page, and captured pages are
hostile input (DESIGN.md §5). So autoescaping is on for every template, no template marks
anything ``|safe``, and links to stored URLs go through :func:`http_url`, which drops any
scheme but http(s) (a ``javascript:`` profile URL becomes plain text, not a link).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web

from metanet.web import i18n
from metanet.web.keys import session_id

TEMPLATES = Path(__file__).parent / "templates"

NETWORK_NAMES = {
    "xing": "XING",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "mastodon": "Mastodon",
    "github": "GitHub",
    "instagram": "Instagram",
    "addressbook": "Address book",
    "offline": "Offline",
}


def http_url(value: object) -> str:
    """``value`` if it is an absolute http(s) URL, else "" (the template shows text)."""
    if not isinstance(value, str):
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def when(value: object) -> str:
    """Stored times are ISO 8601 in UTC; show them as ``2024-05-01 10:22 UTC``."""
    if not isinstance(value, str) or not value:
        return ""
    text = value.replace("T", " ")
    for suffix in ("+00:00", "Z"):
        if text.endswith(suffix):
            return text[: -len(suffix)][:16] + " UTC"
    return text[:16]


def network_name(value: object) -> str:
    return NETWORK_NAMES.get(str(value), str(value))


def setup(app: web.Application) -> None:
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # explicit, although aiohttp_jinja2 defaults to it
        undefined=jinja2.StrictUndefined,
        default_helpers=False,
        filters={"when": when, "network_name": network_name, "http_url": http_url},
    )


def render(
    request: web.Request, template: str, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    """Render a page with what every page needs: texts, language, login state.

    ``context`` may override those (the login and logout pages know better than the
    cookie the request came with).
    """
    lang = i18n.language(request)
    # The language links keep the page, except /login (its token is spent) and the
    # answers to a POST (a GET there would not mean the same).
    here = request.path if request.method == "GET" and request.path != "/login" else "/"
    base = {
        "t": i18n.translator(lang),
        "lang": lang,
        "languages": i18n.LANGUAGES,
        "here": here,
        "logged_in": session_id(request) is not None,
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def message(
    request: web.Request,
    title_key: str,
    text_key: str,
    *,
    status: int,
    link: bool = False,
    **extra: Any,
) -> web.Response:
    """A page with one heading and one sentence (errors, login needed, logged out)."""
    context = {"title_key": title_key, "text_key": text_key, "home_link": link, **extra}
    return render(request, "message.html", context, status=status)
