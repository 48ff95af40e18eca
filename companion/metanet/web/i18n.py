"""The summary page's texts in English and German, and how a request picks one.

The language comes from ``?lang=de|en`` (remembered in a cookie), else the cookie, else
the browser's Accept-Language, else English. Keys are the same in every language (a test
checks), so a missing translation shows up in review, not as a blank on the page.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from aiohttp.typedefs import Handler

LANGUAGES = ("en", "de")
DEFAULT = "en"
COOKIE = "metanet_lang"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "app_title": "Metanet summary",
        "nav_people": "People",
        "nav_captures": "Capture log",
        "logout": "Log out",
        "language": "Language",
        "you": "you",
        "no_name": "(no name)",
        "people_title": "People",
        "people_empty": "No people stored yet. Open a profile in your browser and capture it "
        "with the Metanet extension.",
        "more": "More",
        "back": "Back",
        "col_name": "Name",
        "col_networks": "Networks",
        "col_accounts": "Accounts",
        "col_last_seen": "Last seen",
        "accounts_title": "Accounts",
        "col_network": "Network",
        "col_headline": "Headline",
        "col_company": "Company",
        "col_role": "Role",
        "col_location": "Location",
        "col_profile": "Profile",
        "col_first_seen": "First seen",
        "ties_title": "Knows",
        "ties_empty": "No ties known yet.",
        "col_how": "How",
        "col_since": "Since",
        "dir_both": "both ways",
        "dir_out": "outgoing",
        "dir_in": "incoming",
        "captures_title": "Capture log",
        "captures_empty": "No pages captured yet.",
        "col_received": "Received",
        "col_outcome": "Outcome",
        "col_site": "Site",
        "col_kind": "Kind",
        "col_parser": "Parser",
        "col_page": "Page",
        "col_found": "Accounts / ties",
        "col_owner": "Whose page",
        "col_error": "Error",
        "login_needed_title": "Please log in",
        "login_needed_text": "Open the summary from the Metanet extension (“Open summary”), "
        "or run `metanet serve` in a terminal and open the link it prints.",
        "login_refused_title": "This login link does not work",
        "login_refused_used": "It was already used: each link works only once.",
        "login_refused_expired": "It has expired: a link is valid for two minutes.",
        "login_refused_invalid": "It is not a valid Metanet login link.",
        "login_continue_title": "Logged in",
        "login_continue": "Continue to your summary",
        "logged_out_title": "Logged out",
        "logged_out_text": "You are logged out of the summary page.",
        "not_found_title": "Not found",
        "not_found_text": "There is no such page or person.",
    },
    "de": {
        "app_title": "Metanet-Übersicht",
        "nav_people": "Personen",
        "nav_captures": "Erfassungsprotokoll",
        "logout": "Abmelden",
        "language": "Sprache",
        "you": "Sie",
        "no_name": "(ohne Namen)",
        "people_title": "Personen",
        "people_empty": "Noch keine Personen gespeichert. Öffnen Sie ein Profil im Browser und "
        "erfassen Sie es mit der Metanet-Erweiterung.",
        "more": "Weitere",
        "back": "Zurück",
        "col_name": "Name",
        "col_networks": "Netzwerke",
        "col_accounts": "Konten",
        "col_last_seen": "Zuletzt gesehen",
        "accounts_title": "Konten",
        "col_network": "Netzwerk",
        "col_headline": "Titelzeile",
        "col_company": "Firma",
        "col_role": "Position",
        "col_location": "Ort",
        "col_profile": "Profil",
        "col_first_seen": "Zuerst gesehen",
        "ties_title": "Kennt",
        "ties_empty": "Noch keine Verbindungen bekannt.",
        "col_how": "Wie",
        "col_since": "Seit",
        "dir_both": "gegenseitig",
        "dir_out": "ausgehend",
        "dir_in": "eingehend",
        "captures_title": "Erfassungsprotokoll",
        "captures_empty": "Noch keine Seiten erfasst.",
        "col_received": "Empfangen",
        "col_outcome": "Ergebnis",
        "col_site": "Website",
        "col_kind": "Art",
        "col_parser": "Parser",
        "col_page": "Seite",
        "col_found": "Konten / Verbindungen",
        "col_owner": "Wessen Seite",
        "col_error": "Fehler",
        "login_needed_title": "Bitte anmelden",
        "login_needed_text": "Öffnen Sie die Übersicht über die Metanet-Erweiterung "
        "(„Übersicht öffnen“) oder führen Sie `metanet serve` im Terminal aus und öffnen Sie "
        "den angezeigten Link.",
        "login_refused_title": "Dieser Anmeldelink funktioniert nicht",
        "login_refused_used": "Er wurde schon benutzt: Jeder Link gilt nur einmal.",
        "login_refused_expired": "Er ist abgelaufen: Ein Link gilt zwei Minuten.",
        "login_refused_invalid": "Das ist kein gültiger Metanet-Anmeldelink.",
        "login_continue_title": "Angemeldet",
        "login_continue": "Weiter zur Übersicht",
        "logged_out_title": "Abgemeldet",
        "logged_out_text": "Sie sind von der Übersicht abgemeldet.",
        "not_found_title": "Nicht gefunden",
        "not_found_text": "Diese Seite oder Person gibt es nicht.",
    },
}


def translator(lang: str) -> Callable[[str], str]:
    """``t(key)`` for templates: the text in ``lang``, else English, else the key itself."""
    table = STRINGS.get(lang, STRINGS[DEFAULT])

    def t(key: str) -> str:
        return table.get(key) or STRINGS[DEFAULT].get(key) or key

    return t


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
