"""The user's country, for phone numbers written without one ("089 1234567").

The region is an ISO 3166 code that phonenumbers knows ("DE", "AT", "CH"). The user's
setting wins; without one, the locale says it (``LC_ALL``, then ``LC_TELEPHONE``, then
``LANG``, as POSIX orders them; ``de_DE.UTF-8`` → "DE"), then the platform's locale. A
locale without a country (``C.UTF-8``, ``POSIX``, plain ``de``) gives None: numbers
without a country code then stay as their digits, never turned into a wrong E.164.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Mapping

import phonenumbers

#: where a region setting may come from, for the doctor line: "setting", "locale" or "none"
SOURCES = ("setting", "locale", "none")
_LOCALE_VARIABLES = ("LC_ALL", "LC_TELEPHONE", "LANG")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b")


def valid_region(code: str | None) -> str | None:
    """``code`` upper-cased when phonenumbers knows it as a region, else None ("de" → "DE")."""
    if not code:
        return None
    code = code.strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def region_from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The country of the user's locale, or None when the locale names none."""
    environ = os.environ if environ is None else environ
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:  # the first one set decides, as for every program on the system
            return _country(value)
    try:
        name = locale.getlocale()[0]
    except ValueError:
        return None
    return _country(name) if name else None


def _country(locale_name: str) -> str | None:
    match = _LOCALE.match(locale_name)
    return valid_region(match.group(1)) if match else None


def user_region(
    setting: str | None = None, environ: Mapping[str, str] | None = None
) -> tuple[str | None, str]:
    """The region for phone numbers and where it came from (one of :data:`SOURCES`).

    ``setting`` is the user's saved choice (stored by the caller); an unknown code there
    is ignored rather than trusted, so the locale decides.
    """
    chosen = valid_region(setting)
    if chosen:
        return chosen, "setting"
    from_locale = region_from_locale(environ)
    return (from_locale, "locale") if from_locale else (None, "none")
