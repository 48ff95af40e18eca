"""Templates: the Jinja environment and one ``render`` every page goes through.

Everything shown on these pages may come from a captured page, and captured pages are
hostile input. So autoescaping is on for every template, no template marks anything
``|safe`` (only the catalogs' own texts count as markup; their parameters are escaped), and
links to stored URLs go through :func:`http_url`, which drops any scheme but http(s) (a
``javascript:`` profile URL becomes plain text, not a link).

Words come from the message catalogs in the page's language (``lang`` in the context):
``_()``, ``ngettext()``, ``pgettext()`` in templates, and filters that say numbers, dates,
networks, kinds, outcomes, "where known" and reasons (:mod:`metanet.i18n.texts`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from jinja2.runtime import Context
from markupsafe import Markup

from metanet.i18n import Words, texts, words
from metanet.i18n import meeting as meeting_words
from metanet.web import i18n
from metanet.web.kept_pages import KeptPages, note_time_said
from metanet.web.keys import KEPT_PAGES, session_id

TEMPLATES = Path(__file__).parent / "templates"


def http_url(value: object) -> str:
    """``value`` if it is an absolute http(s) URL, else "" (the template shows text)."""
    if not isinstance(value, str):
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else ""


def _words(context: Context) -> Words:
    return words(str(context.get("lang") or i18n.DEFAULT))


@jinja2.pass_context
def _gettext(context: Context, message: str, **params: Any) -> Markup:
    """``_("…")`` in a template: the catalog's text (trusted), parameters escaped."""
    return Markup(_words(context).text(message)) % params


@jinja2.pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **params: Any) -> Markup:
    """``ngettext("%(num)s person", "%(num)s people", n)``: ``num`` is ``n`` written with
    the page's separators."""
    w = _words(context)
    params.setdefault("num", w.number(n))
    return Markup(w.plural(singular, plural, n)) % params


@jinja2.pass_context
def _pgettext(context: Context, ctx: str, message: str, **params: Any) -> Markup:
    return Markup(_words(context).in_context(ctx, message)) % params


@jinja2.pass_context
def _keyed(context: Context, key: str) -> str:
    """A text a view names by key (:data:`metanet.web.i18n.KEYED`)."""
    return _words(context).gettext(i18n.KEYED[key])


@jinja2.pass_context
def _ago(context: Context, value: object) -> Markup | str:
    """A stored time as "3 days ago" in a ``<time>`` whose ``datetime`` is the stored
    value and whose title is the exact local time (shown on hover)."""
    w = _words(context)
    relative = w.ago(value)
    note_time_said(value, relative)
    if not relative or not isinstance(value, str):
        return relative
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        value, w.datetime(value), relative
    )


def initials(name: object) -> str:
    """Up to two initials of a name, titles ("Dr.") left out: "Katharina Berger" → "KB"."""
    parts = [part for part in str(name or "").split() if not part.endswith(".")]
    picked = parts[:1] + parts[1:][-1:]
    return "".join(part[0] for part in picked).upper() or "?"


def _with_words(say: Callable[..., str | None]) -> Callable[..., str | None]:
    """A filter that says a value in the page's language."""

    @jinja2.pass_context
    def apply(context: Context, value: Any, *args: Any) -> str | None:
        return say(_words(context), value, *args)

    return apply


FILTERS: dict[str, Callable[..., Any]] = {
    "http_url": http_url,
    "initials": initials,
    "job": _with_words(texts.card),
    "number": _with_words(Words.number),
    "percent": _with_words(Words.percent),
    "date": _with_words(Words.date),
    "month": _with_words(Words.month),
    "when": _with_words(Words.datetime),
    "ago": _ago,
    "strength_words": _with_words(texts.strength),
    "path_strength_words": _with_words(texts.path_strength),
    "tie_evidence": _with_words(texts.tie_evidence),
    "network_name": _with_words(texts.network),
    "tie_kind": _with_words(texts.tie_kind),
    "outcome": _with_words(texts.outcome),
    "page_kind": _with_words(texts.page_kind),
    "reading": _with_words(texts.reading),
    "change": _with_words(texts.change),
    "field": _with_words(texts.field),
    "offline_label": _with_words(texts.offline_label),
    "places": _with_words(texts.places),
    "reasons": _with_words(texts.reasons),
    "circle_kind": _with_words(texts.circle_kind),
    "circle_origin": _with_words(texts.circle_origin),
    "member_source": _with_words(texts.member_source),
    "roster_outcome": _with_words(texts.roster_outcome),
    "roster_problem": _with_words(texts.roster_problem),
    "years": _with_words(texts.years),
    "only_members": _with_words(texts.only_members),
    "person_name": _with_words(texts.person_name),
    "page_says": _with_words(texts.page_says),
    "named_only": _with_words(texts.named_only),
    "match_reasons": _with_words(texts.match_reasons),
    "sources": _with_words(texts.sources),
    "after_name": _with_words(texts.after_name),
    # the breakfast meeting (metanet.i18n.meeting)
    "intro_state": _with_words(meeting_words.state),
    "state_action": _with_words(meeting_words.state_action),
    "refusal": _with_words(meeting_words.refusal),
    "request_line": _with_words(meeting_words.request_line),
    "meeting_title": _with_words(meeting_words.meeting_title),
    "card_fact": _with_words(meeting_words.card_fact),
}


def setup(app: web.Application) -> None:
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # explicit, although aiohttp_jinja2 defaults to it
        undefined=jinja2.StrictUndefined,
        default_helpers=False,
        extensions=["jinja2.ext.i18n"],
        filters=FILTERS,
    )
    # Our gettext functions read the page's language from the context and already work
    # the "newstyle" way (escaping, %-parameters); they replace the extension's defaults.
    env.globals.update(
        _=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, keyed=_keyed
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    app[KEPT_PAGES] = KeptPages()


def language_links(request: web.Request) -> list[tuple[str, str]]:
    """(language, address) for the switch: the same page with the same query, in the other
    language — except /login (its token is spent) and the answer to a POST (a GET there
    would not mean the same), which lead to the overview."""
    keep = request.method == "GET" and request.path != "/login"
    query = [(k, v) for k, v in request.query.items() if k != "lang"] if keep else []
    path = request.path if keep else "/"
    return [(code, f"{path}?{urlencode([*query, ('lang', code)])}") for code in i18n.LANGUAGES]


def render(
    request: web.Request,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    keep: bool = False,
) -> web.Response:
    """Render a page with what every page needs: texts, language, login state.

    ``context`` may override those (the login and logout pages know better than the
    cookie the request came with). ``keep``: a page people come back to unchanged; the
    page rendered last from the same context is served again (:mod:`.kept_pages`).
    """
    lang = i18n.language(request)
    base = {
        "lang": lang,
        "language_links": language_links(request),
        "section": "/" + request.path.strip("/").split("/", 1)[0],
        "logged_in": session_id(request) is not None,
    }
    full = {**base, **context}
    if not keep:
        return aiohttp_jinja2.render_template(template, request, full, status=status)
    html = request.app[KEPT_PAGES].page(
        template,
        full,
        lambda: aiohttp_jinja2.render_string(template, request, full),
        words(lang).ago,
    )
    return web.Response(text=html, content_type="text/html", status=status)


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


def file_response(
    body: str | bytes, content_type: str, filename: str, *, inline: bool = False
) -> web.Response:
    """A file the browser saves as ``filename`` (``inline``: shows it, saved under that name);
    text goes out as UTF-8."""
    how = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f'{how}; filename="{filename}"'}
    if isinstance(body, str):
        return web.Response(text=body, content_type=content_type, headers=headers)
    return web.Response(body=body, content_type=content_type, headers=headers)
