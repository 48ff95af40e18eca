"""Blocking: which accounts are worth comparing at all.

Comparing every account with every other is a trillion pairs at a million accounts. Two
accounts are compared only when they share a blocking key: the same (formal) first name and
last name, or the same initial and last name, each in the loose spelling of
:mod:`metanet.folding` ("Yılmaz" and "Yilmaz", "Иванов" and "Iwanow" alike). A key that
many accounts share ("thomas|muler") is too common to be useful on its own: above
:data:`MAX_BLOCK` members, only members that also share the company or the city are
compared.

The keys are stored (``identity_keys``), fewer than the blocks they make up
(:func:`stored_name_keys`, :func:`spelled`): an account stores the full-name key of its own
first name only, and a formal name's block is read from the keys of every name standing for
it. A change of the folding or of the stored form changes them, so a database made before
needs its keys rebuilt: migrations m011, m016 and m017 list every account as pending, and
:func:`metanet.identity.keys.catch_up` rewrites them before the next lookup or resolution
(``resolve_all`` rebuilds them all).
"""

from __future__ import annotations

import re
from functools import lru_cache

from metanet.folding import fold, loose
from metanet.identity.names import Name, last_key
from metanet.identity.nicknames import spellings
from metanet.places import CITY_ALIASES

MAX_BLOCK = 60
#: ends the initial key of a name known by its initial only (``i:lehmann|k.``)
INITIAL_ONLY = "."

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


def name_keys(name: Name | None) -> tuple[str, ...]:
    """The blocks a name is in (no first name: none; it would match everyone): its
    initials' and every form of its first name ("Sepp Huber": ``n:sepp|huber`` and
    ``n:yosef|huber``, the loose Josef)."""
    return _keys(name)[0]


def stored_name_keys(name: Name | None) -> tuple[str, ...]:
    """The blocking keys stored for a name (:func:`spelled` reads them back as blocks):

    * a full name: its initial keys, and the full-name key of its own first name only.
      The block of a formal name is read from the keys of each name that may stand for
      it, so "Sepp Huber" is found in the block of Josef Huber without a key of its own
      there (a capture writes a seventh fewer keys);
    * a name known by its initial ("K. Lehmann"): its initial keys marked as such
      (``i:lehmann|k.``), so a full name, compared only with those in its initial's block,
      reads them alone and not every Katrin and Klaus Lehmann.
    """
    return _keys(name)[1]


@lru_cache(maxsize=300_000)
def _keys(name: Name | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A name's blocks and its stored keys, made once: both are asked for every account,
    and accounts share names (one person on four networks)."""
    if name is None or not name.first:
        return (), ()
    last = last_key(name)
    initials = sorted({initial_key(last, form[:1]) for form in name.first_forms})  # Sepp: s, j
    if name.first_is_initial:
        return tuple(initials), tuple(k + INITIAL_ONLY for k in initials)
    full = sorted({f"n:{loose(form)}|{last}" for form in name.first_forms})
    return (*initials, *full), (*initials, f"n:{loose(name.first)}|{last}")


def spelled(key: str) -> tuple[str, ...]:
    """The stored keys that make up the block or lookup key ``key``: for a full-name key
    (``n:yosef|huber``, also a prefix ``n:yosef|``) those of every first name that may
    stand for that one (``n:sepp|huber`` …); for an initial key, those of the full names
    and of the names known by the initial (:func:`stored_name_keys`)."""
    if key.startswith("i:"):
        return (key, key + INITIAL_ONLY)
    if not key.startswith("n:"):
        return (key,)
    form, bar, rest = key[2:].partition("|")
    return tuple(sorted(f"n:{name}{bar}{rest}" for name in spellings(form)))
