"""Blocking: which accounts are worth comparing at all.

Comparing every account with every other is a trillion pairs at a million accounts. Two
accounts are compared only when they share a blocking key: the same (formal) first name and
last name, or the same initial and last name, each in the loose spelling of
:mod:`metanet.folding` ("Yılmaz" and "Yilmaz", "Иванов" and "Iwanow" alike). A key that
many accounts share ("thomas|muler") is too common to be useful on its own: above
:data:`MAX_BLOCK` members, only members that also share the company or the city are
compared.

The keys are stored (``identity_keys``): a change of the folding changes them, so a
database made before it needs its keys rebuilt: migration m011 lists every account as
pending, and :func:`metanet.identity.keys.catch_up` rewrites them before the next lookup
or resolution (``resolve_all`` rebuilds them all).
"""

from __future__ import annotations

import re
from functools import lru_cache

from metanet.folding import fold, loose
from metanet.identity.names import Name, last_key
from metanet.places import CITY_ALIASES

MAX_BLOCK = 60

_LEGAL_FORMS = re.compile(
    r"\b(gmbh|ag|se|kg|ohg|gbr|ug|mbh|co|inc|ltd|llc|plc|corp|corporation|company|e\.?v|"
    r"holding|group|gruppe|deutschland|germany|international)\b"
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=100_000)
def company_key(company: str | None) -> str:
    """ "Siemens AG" and "SIEMENS Deutschland GmbH" alike; "" when unknown."""
    if not company:
        return ""
    text = _LEGAL_FORMS.sub(" ", fold(company).replace("&", " "))
    return loose(_NOT_WORD.sub("", text))


@lru_cache(maxsize=100_000)
def city_key(location: str | None) -> str:
    """The city of "München, Bayern, Deutschland" / "Munich Area" as one key; "" if unknown."""
    if not location:
        return ""
    city = fold(location).split(",")[0]
    city = re.sub(r"\b(area|region|metropolitan|und umgebung|greater|raum)\b", " ", city)
    city = " ".join(_NOT_WORD.sub(" ", city).split())
    city = CITY_ALIASES.get(city, city)
    return loose(city.replace(" ", ""))


def initial_key(last: str, initial: str) -> str:
    """The block of an initial and a last name, last name first: every key of one last name
    is then one range of the key index (:func:`last_name_prefix`)."""
    return f"i:{last}|{initial}"


def last_name_prefix(last: str) -> str:
    """What every initial key of ``last`` starts with: a lookup of a last name alone
    ("Lehmann") reads that range, so no key per account is written for it."""
    return f"i:{last}|"


@lru_cache(maxsize=300_000)
def name_keys(name: Name | None) -> tuple[str, ...]:
    """The plain blocking keys of a name (no first name: none; it would match everyone)."""
    if name is None or not name.first:
        return ()
    last = last_key(name)
    keys = sorted({initial_key(last, form[:1]) for form in name.first_forms})  # Sepp: s and j
    if not name.first_is_initial:
        keys += sorted({f"n:{loose(form)}|{last}" for form in name.first_forms})
    return tuple(keys)
