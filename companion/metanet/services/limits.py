"""How much each input may hold, checked once here for every front: the native host, the
command line and the summary page refuse the same way (an :class:`~metanet.errors.
InvalidInput`, through the one error table: ``bad_request``, exit status 1, HTTP 400).

Without bounds one input could cost everyone: a 5 MiB search query went unanswered for
minutes, and a 60,000-word partner request, saved, made every later capture (which runs
the saved requests again) five times slower. The bounds are far above what a person types.
"""

from __future__ import annotations

import re

from metanet.errors import InvalidInput

#: a search or a saved request: "Geschäftsführerin Maschinenbau München" is 3 words
QUERY_CHARS = 300
QUERY_WORDS = 16
#: a note on a person or a request
NOTE_CHARS = 2_000
#: a partner's request as pasted (a header, query, hops and note lines)
REQUEST_TEXT_CHARS = 4_000
#: saved requests run again after every capture and import
SAVED_REQUESTS = 100
#: a person's name, as typed or as the popup read it from the page
NAME_CHARS = 200
#: how a person is named in a command or a form: a URL, an id or a name
WHO_CHARS = 2_000
#: a page's or profile's address (LinkedIn's with tracking parameters: ~1,000)
URL_CHARS = 8_192
#: control characters (line breaks and tabs aside) are never part of what a person types
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bounded(value: str, field: str, chars: int, *, words: int | None = None) -> str:
    """``value`` unchanged, or :class:`InvalidInput` naming the field and its bound."""
    if _CONTROL.search(value):
        raise InvalidInput(f"'{field}' contains a control character", field=field)
    if len(value) > chars:
        raise InvalidInput(
            f"'{field}' is {len(value):,} characters long; at most {chars:,} are accepted",
            field=field,
        )
    if words is not None and len(value.split()) > words:
        raise InvalidInput(
            f"'{field}' has {len(value.split()):,} words; at most {words} are accepted",
            field=field,
        )
    return value


def search_text(value: str, field: str = "query") -> str:
    return bounded(value, field, QUERY_CHARS, words=QUERY_WORDS)


def note(value: str | None, field: str = "note") -> str | None:
    return None if value is None else bounded(value, field, NOTE_CHARS)


def name(value: str | None, field: str = "name") -> str | None:
    return None if value is None else bounded(value, field, NAME_CHARS)


def url(value: str, field: str = "url") -> str:
    return bounded(value, field, URL_CHARS)
