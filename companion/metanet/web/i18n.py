"""How a request picks the summary page's language, and the texts views name by key.

The language comes from ``?lang=de|en`` (remembered in a cookie), else the cookie, else
the browser's Accept-Language, else English. The words themselves come from the message
catalogs (:mod:`metanet.i18n`): templates call ``_()``/``ngettext()``, views name a text by
a key of :data:`KEYED` (a test checks every catalog has every message).
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from metanet.i18n import DEFAULT, LANGUAGES, N_, Words, words

__all__ = ["DEFAULT", "KEYED", "LANGUAGES", "choose", "language", "words_for"]

COOKIE = "metanet_lang"

#: texts the views name by key (message pages, form errors), so views stay free of words
KEYED: dict[str, str] = {
    "not_found_title": N_("Not found"),
    "not_found_text": N_("There is no such page or person."),
    "error_network_confirm": N_("Tick the box to confirm removing the network."),
    "error_wipe_confirm": N_("Nothing was deleted: type WIPE in capital letters to confirm."),
    "wiped_title": N_("Everything wiped"),
    "wiped_text": N_("All data was deleted. The summary now works on a fresh, empty database."),
    "login_refused_used": N_("It was already used: each link works only once."),
    "login_refused_expired": N_("It has expired: a link is valid for two minutes."),
    "login_refused_invalid": N_("It is not a valid Metanet login link."),
    "login_refused_title": N_("This login link does not work"),
    "logged_out_title": N_("Logged out"),
    "logged_out_text": N_("You are logged out of the summary page."),
    "login_needed_title": N_("Please log in"),
    "login_needed_text": N_(
        "Open the summary from the Metanet extension (“Open summary”), or run `metanet serve` "
        "in a terminal and open the link it prints."
    ),
    "login_continue_title": N_("Logged in"),
    "error_strength": N_("The strength must be a number from 0 to 1."),
    "error_no_me": N_(
        "Declare your own accounts first: an offline relation is between you and this person."
    ),
    "error_label": N_("Please enter how you know this person, e.g. “neighbour”."),
    "error_relate": N_("This relation cannot be recorded."),
    "error_split": N_("Choose at least one account, but not all of them, to split off."),
    "review_done_title": N_("Already decided"),
    "review_done_text": N_("This suggestion was already decided or no longer applies."),
    "undo_failed_title": N_("Cannot undo"),
    "undo_failed_text": N_("This decision was already undone or cannot be undone any more."),
    "requests_bad_query": N_("Enter at least one word to search for."),
    "paths_nobody": N_("Nobody known by that name or profile."),
    "error_circle_name": N_("Please give the circle a name (at most 200 characters)."),
    "error_circle_years": N_(
        "The years must be whole years from 1900 to 2100, the first one first."
    ),
    "error_circle_rating": N_("The rating must be a number above 0 and at most 1."),
    "error_circle_merge": N_("Choose another circle to merge into this one."),
    "error_circle_delete": N_(
        "This circle comes from captured pages and would come back with the next one: "
        "dismiss it instead."
    ),
    "error_circle_who": N_(
        "Nobody known by that name, id or profile: tick “new person” to add them."
    ),
    "error_roster": N_(
        "The member list was not imported; nothing changed. Please fix these lines:"
    ),
    "error_roster_empty": N_("Paste a member list or choose a file (at most 1 MB)."),
    "upload_failed_title": N_("The file could not be imported"),
    "upload_missing": N_("Choose a file to import."),
    "upload_too_large": N_("The file is larger than 200 MB; nothing was kept."),
    "upload_busy": N_("Another import is still running. Please wait until it has finished."),
    "meeting_nothing": N_(
        "No request found: paste one per line (“Partner: what they seek”) or choose a CSV "
        "or request files."
    ),
    "meeting_bad_date": N_("The day must be a date (YYYY-MM-DD)."),
    "introduction_refused": N_(
        "This introduction cannot move to that state any more (it is closed or declined, "
        "or already further)."
    ),
}


def from_accept_language(header: str | None) -> str | None:
    """The supported language the browser prefers most (``de-DE,de;q=0.9,en;q=0.5``)."""
    best_lang: str | None = None
    best_quality = 0.0
    for part in (header or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        if lang not in LANGUAGES:
            continue
        quality = 1.0
        params = params.strip().lower()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        # Strictly greater: on equal quality the browser's earlier entry wins.
        if quality > best_quality:
            best_lang, best_quality = lang, quality
    return best_lang


def choose(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The language for a request: explicit switch, then remembered choice, then browser."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    return from_accept_language(accept_language) or DEFAULT


def words_for(request: web.Request) -> Words:
    """The words of this request's language."""
    return words(language(request))


def language(request: web.Request) -> str:
    """The language of this request's pages."""
    return choose(
        request.query.get("lang"),
        request.cookies.get(COOKIE),
        request.headers.get("Accept-Language"),
    )


@web.middleware
async def language_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Remember a ``?lang=`` switch in a cookie (pages read the language via :func:`language`)."""
    switch = request.query.get("lang")
    response = await handler(request)
    if switch in LANGUAGES:
        response.set_cookie(COOKIE, switch, path="/", httponly=True, samesite="Strict")
    return response
