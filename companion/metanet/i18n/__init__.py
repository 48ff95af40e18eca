"""Words at the edge: message catalogs, plurals, numbers and dates in the reader's language.

The domain returns codes and data (``{"code": "shared_contacts", "n": 3}``); the summary
page and the CLI turn them into words here, through gettext catalogs
(``locale/<lang>/LC_MESSAGES/metanet.po``) and Babel's CLDR formats: 47.341.491 and
6. Dez. 2026 on a German page, 47,341,491 and Dec 6, 2026 on an English one.

Why the ``.po`` files are read at run time (with Babel) instead of shipping compiled
``.mo`` files: nothing has to be built, so an editable install, a wheel and a fresh clone
running ``make demo`` all read the very file a translator edited, and no stale ``.mo`` can
hide a change. Parsing both catalogs costs a few milliseconds once per process (they are
cached), which neither the CLI nor the server notices.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import TypeVar

from babel import Locale
from babel.dates import TIMEDELTA_UNITS, format_skeleton, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

_K = TypeVar("_K")

LANGUAGES = ("en", "de")
DEFAULT = "en"
DOMAIN = "metanet"
LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (a table of texts)."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Like :func:`N_` for a message with a plural form (said later with ``ngettext``)."""
    return singular, plural


def NP_(context: str, message: str) -> tuple[str, str]:
    """Like :func:`N_` for a word with several meanings, told apart by ``context``."""
    return context, message


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The catalog of ``lang`` (read once per process; fuzzy entries are left out)."""
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def supported(lang: str | None) -> str:
    """``lang`` if it is one of ours (``de_DE.UTF-8`` counts as ``de``), else English."""
    code = (lang or "").split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The terminal's language, as gettext picks it: LANGUAGE (a list), then LC_ALL,
    LC_MESSAGES and LANG; German if that says German, English otherwise."""
    env = os.environ if environ is None else environ
    locale = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    if env.get("LANGUAGE") and locale.split(".")[0] not in ("", "C", "POSIX"):
        # GNU gettext reads LANGUAGE only when a real locale is set (not C/POSIX).
        for candidate in env["LANGUAGE"].split(":"):
            code = candidate.split("_")[0].lower()
            if code in LANGUAGES:
                return code
    return supported(locale)


def _when(value: object) -> datetime | None:
    """A stored time (ISO 8601, UTC) as an aware datetime; None for anything else."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


#: Babel's ``format_timedelta`` switches to the next larger unit at 0.85 of it (its default)
_AGO_THRESHOLD = 0.85
#: how many numbers and relative times a language keeps said (a page says a few hundred)
_SAID_KEPT = 4096


def ago_key(seconds: float) -> tuple[str, int, bool]:
    """The unit, rounded value and direction Babel's ``format_timedelta`` (threshold 0.85,
    granularity second, with direction) picks for ``seconds``: its words depend on these
    alone, so two times with one key are said alike (the same loop as Babel's)."""
    for unit, per_unit in TIMEDELTA_UNITS:
        value = abs(seconds) / per_unit
        if value >= _AGO_THRESHOLD or unit == "second":
            if unit == "second" and value > 0:
                value = max(1, value)
            return unit, round(value), seconds >= 0
    raise AssertionError("the last unit is the second")  # pragma: no cover


class Words:
    """Everything one language needs to say something: texts, plurals, numbers, dates.

    Babel's number and relative-time formats cost 20-50 µs each; a page of ties says
    hundreds, mostly the same few, so the numbers (int and float), shares and relative
    times said are kept (at most ``_SAID_KEPT`` each: a key is a number with its digits,
    a share, or a unit with its value)."""

    def __init__(self, lang: str) -> None:
        self.lang = supported(lang)
        self.locale = Locale.parse(self.lang)
        self._translations = translations(self.lang)
        self._numbers: dict[tuple[float, int | None, type], str] = {}
        self._percents: dict[tuple[float, type], str] = {}
        self._agos: dict[tuple[str, int, bool], str] = {}

    def text(self, message: str) -> str:
        """The catalog's text for ``message``, parameters not filled in."""
        return self._translations.gettext(message)

    def plural(self, singular: str, plural: str, n: int) -> str:
        """The catalog's singular or plural form for ``n``, parameters not filled in."""
        return self._translations.ngettext(singular, plural, n)

    def in_context(self, context: str, message: str) -> str:
        """The catalog's text for ``message`` in ``context`` (one English word, two meanings)."""
        return str(self._translations.pgettext(context, message))

    def gettext(self, message: str, **params: object) -> str:
        """The text in this language; ``%(name)s`` filled from ``params``."""
        text = self.text(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        """The singular or plural form the language wants for ``n``; ``%(num)s`` is ``n``
        written with the language's separators."""
        params.setdefault("num", self.number(n))
        return self.plural(singular, plural, n) % params

    def number(self, value: float | int | None, digits: int | None = None) -> str:
        """47.341.491 / 47,341,491; with ``digits``, that many decimals (0,85 / 0.85)."""
        if value is None:
            return ""
        key = (value, digits, type(value))
        said = self._numbers.get(key)
        if said is None:
            pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
            said = format_decimal(value, format=pattern, locale=self.locale)
            said = _keep(self._numbers, key, said) if type(value) in (int, float) else str(said)
        return said

    def percent(self, share: float) -> str:
        """0.42 as 42 % / 42%."""
        key = (share, type(share))
        said = self._percents.get(key)
        if said is None:
            said = format_percent(share, locale=self.locale)
            said = _keep(self._percents, key, said) if type(share) in (int, float) else str(said)
        return said

    def date(self, value: object) -> str:
        """A stored time as a date: 6. Dez. 2026 / Dec 6, 2026 (local time); "" if none."""
        if isinstance(value, date) and not isinstance(value, datetime):
            return str(format_skeleton("yMMMd", value, locale=self.locale))
        when = _when(value)
        if when is None:
            return str(value) if value else ""
        return str(format_skeleton("yMMMd", when.astimezone(), locale=self.locale))

    def month(self, value: object) -> str:
        """A stored time as its month: März 2026 / March 2026 (local time); "" if none."""
        when = _when(value)
        if when is None:
            return str(value) if value else ""
        return str(format_skeleton("yMMMM", when.astimezone(), locale=self.locale))

    def datetime(self, value: object) -> str:
        """A stored time with hours: 6. Dez. 2026, 10:22 (local time); "" if none."""
        when = _when(value)
        if when is None:
            return str(value) if value else ""
        local = when.astimezone()
        day = format_skeleton("yMMMd", local, locale=self.locale)
        clock = format_skeleton("Hm", local, locale=self.locale)
        return str(self.locale.datetime_formats["medium"]).format(clock, day)

    def ago(self, value: object, now: dt.datetime | None = None) -> str:
        """A stored time relative to now: "3 days ago" / "vor 3 Tagen" (Babel's CLDR
        units, rounded as Babel rounds); "" if none."""
        when = _when(value)
        if when is None:
            return str(value) if value else ""
        delta = when - (now or dt.datetime.now(UTC))
        key = ago_key(delta.total_seconds())
        said = self._agos.get(key)
        if said is None:
            said = format_timedelta(delta, add_direction=True, locale=self.locale)
            said = _keep(self._agos, key, said)
        return said


def _keep(said: dict[_K, str], key: _K, text: object) -> str:
    """``text`` kept under ``key`` (the oldest half dropped when full)."""
    if len(said) >= _SAID_KEPT:
        for old in list(said)[: _SAID_KEPT // 2]:
            del said[old]
    said[key] = str(text)
    return said[key]


@cache
def words(lang: str) -> Words:
    """The (shared, immutable) words of ``lang``."""
    return Words(lang)
