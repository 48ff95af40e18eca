"""Exact evidence that two accounts are one human, as lookup keys.

Every account gets keys for what identifies it exactly: its own profile (``network:key``),
each profile it links to (``sameAs``, ``rel="me"``, a vCard URL; normalised by
:func:`metanet.sites.normalise`, so any spelling of a URL gives one key), each e-mail address
and each phone number. Two accounts that share a key are the same human: an account that
links to another shares the other's own key; two pages linking to the same third profile
share that profile's key even before it is captured.

Shared mailboxes (``info@``, ``office@``…) identify a company, not a person, so they give
no key. And a wrong merge is worse than a missed one: :func:`fit` tells, from the names and
the kind of key, whether two holders are one human (merge), probably one whose name
changed (a suggestion that names the evidence and the difference: Anna Schmidt / Anna
Weber, a married name?), or two people sharing a family's address (no evidence at all).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from metanet import sites
from metanet.folding import fold
from metanet.identity.names import PARTICLES, Name, last_key, loose
from metanet.reasons import Reason


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SHARED_MAILBOXES = _words(
    """info office kontakt contact mail post hello hallo team sales vertrieb support service
    admin noreply no-reply webmaster buero bureau empfang zentrale presse press jobs karriere
    bewerbung hr personal verwaltung rechnung invoice billing familie family"""
)


def own_key(network: str, key: str) -> str:
    return f"ref:{network}:{key}"


@functools.lru_cache(maxsize=4096)
def link_key(url: str) -> str | None:
    """The key of a linked profile, or None for a link that is no profile URL.

    Remembered: a resolution reads each link twice (its name keys, its exact evidence),
    and URL normalising is most of the cost of resolving a 500-card list."""
    ref = sites.normalise(url)
    return own_key(ref.network, ref.key) if ref else None


def identifier_key(kind: str, value: str) -> str | None:
    """``email:…`` or ``phone:…``; None for shared mailboxes, which identify no one."""
    value = value.strip().lower()
    if not value:
        return None
    if kind == "email":
        mailbox = value.partition("@")[0].split("+")[0]
        if mailbox in SHARED_MAILBOXES:
            return None
    return f"{kind}:{value}"


def exact_keys(
    network: str, key: str, links: Iterable[str], identifiers: Iterable[tuple[str, str]]
) -> set[str]:
    """All exact-evidence keys of one account."""
    keys = {own_key(network, key)}
    keys.update(k for k in map(link_key, links) if k)
    keys.update(k for k in (identifier_key(kind, value) for kind, value in identifiers) if k)
    return keys


def describe_key(key: str) -> Reason:
    """A key as the reason of a merge: ``same_profile`` (network, handle), ``same_email``
    or ``same_phone`` (value)."""
    kind, _, value = key.partition(":")
    if kind == "ref":
        network, _, handle = value.partition(":")
        return {"code": "same_profile", "network": network, "handle": handle}
    if kind == "email":
        return {"code": "same_email", "value": value}
    return {"code": "same_phone", "value": value}


MERGE, SUGGEST, DIFFERENT = "merge", "suggest", "different"  # what shared evidence says
# "Anna Weber (geb. Schmidt)", "Anna Weber, née Schmidt": the maiden name shown
_MAIDEN = re.compile(r"\b(?:geb\.?|geborene|née|nee|born)\s+([^\s,()]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Holder:
    """One account holding a key: its parsed name and the name as written."""

    name: Name | None
    raw: str | None


def fit(key: str, a: Holder, b: Holder) -> tuple[str, list[Reason]]:
    """What two accounts sharing an exact key are: :data:`MERGE` (one human),
    :data:`SUGGEST` (likely, but the names differ: the user decides; the reasons say how)
    or :data:`DIFFERENT` (clearly two people: a household's address or landline).

    Names are compatible when the first names agree (the same, another spelling or
    script, a nickname) and the last names too, or one is part of the other's double name,
    or the other's maiden name is shown ("Anna Weber (geb. Schmidt)"). A missing name never
    disagrees. A profile link is the user's or the person's own statement, never a
    household's: the same first name is enough to merge, and any other difference is a
    suggestion. A fitting initial merges on a link and on a mobile number ("A. Meyer" and
    Andreas Meyer), not on an e-mail address, which may be a family's (T. Müller on the
    family address may be Tanja); there another first name with the same last name is
    another person. A landline is a household's: it never merges by itself (father and son
    may share name and number), it is suggested.
    """
    x, y = a.name, b.name
    if x is None or y is None:
        return (SUGGEST, [{"code": "landline"}]) if is_landline(key) else (MERGE, [])
    verdict, why = _fit_names(key, a, b)
    if verdict == MERGE and is_landline(key):
        return SUGGEST, [{"code": "landline"}]  # a household's: father and son, one name
    return verdict, why


def is_landline(key: str) -> bool:
    """Whether a phone key is a fixed line (a household's, not a person's): a number whose
    country is unknown counts as one; so does a number that could be either."""
    kind, _, value = key.partition(":")
    if kind != "phone":
        return False
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return True
    return phonenumbers.number_type(number) not in _PERSONAL_LINES


_PERSONAL_LINES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,  # the US, Canada: cannot tell
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
)


def _fit_names(key: str, a: Holder, b: Holder) -> tuple[str, list[Reason]]:
    x, y = a.name, b.name
    assert x is not None and y is not None
    link = key.startswith("ref:")
    # a link, or a mobile number: one person's, never a household's
    personal = link or (key.startswith("phone:") and not is_landline(key))
    first = _first_names(x, y, personal)
    if personal and first == "initial":
        first = "agree"  # an initial that fits, on evidence only its holder has
    if _same_last(x, y):
        if first == "agree":
            return MERGE, []
        if first == "initial":
            return SUGGEST, [_first_differs(a, b)]
        return (SUGGEST, [_first_differs(a, b)]) if link else (DIFFERENT, [])
    if first == "agree" and (link or _surname_changed(a, b)):
        return MERGE, []
    if first == "agree":
        return SUGGEST, [_surname_differs(a, b)]
    if link:
        return SUGGEST, [_first_differs(a, b), _surname_differs(a, b)]
    return DIFFERENT, []


def _same_last(x: Name, y: Name) -> bool:
    last_x, last_y = last_key(x), last_key(y)
    # "Max M." may be Max Mustermann; Max Meier is not
    return last_x == last_y or (min(len(last_x), len(last_y)) == 1 and last_x[0] == last_y[0])


def _first_names(x: Name, y: Name, personal: bool) -> str:
    """ "agree" (or one is missing), "initial" (an initial that fits) or "differ"."""
    if not x.first or not y.first:
        return "agree"
    if x.first_is_initial or y.first_is_initial:
        if x.first_is_initial and y.first_is_initial and not personal:
            return "differ"  # "S. Müller" and "S. Müller" on one address: Stefan and Sabine?
        return "initial" if x.initials_match(y) else "differ"
    forms_x = {loose(f) for f in x.first_forms}
    return "agree" if forms_x & {loose(f) for f in y.first_forms} else "differ"


def _parts(last: str) -> set[str]:
    return {loose(p) for w in last.split() if w not in PARTICLES for p in w.split("-") if p}


def _surname_changed(a: Holder, b: Holder) -> bool:
    """Weber-Schmidt and Schmidt (a double name), or the maiden name shown on either side."""
    assert a.name is not None and b.name is not None
    parts_a, parts_b = _parts(a.name.last), _parts(b.name.last)
    if parts_a & parts_b and (len(parts_a) > 1) != (len(parts_b) > 1):
        return True
    return bool((_maiden(a.raw) & parts_b) or (_maiden(b.raw) & parts_a))


def _maiden(raw: str | None) -> set[str]:
    return {loose(fold(m)) for m in _MAIDEN.findall(raw or "")}


def _as_written(raw: str | None, folded: str) -> str:
    """A folded name part as the account writes it ("weber-schmidt" → "Weber-Schmidt")."""
    wanted = folded.split()
    words = [w.strip(",.()") for w in (raw or "").split()]
    found = [w for w in words if fold(w) in wanted]
    return " ".join(found) if found else folded.title()


def _surname_differs(a: Holder, b: Holder) -> Reason:
    assert a.name is not None and b.name is not None
    return _differs("surname_differs", _as_written(a.raw, a.name.last),
                    _as_written(b.raw, b.name.last))  # fmt: skip


def _first_differs(a: Holder, b: Holder) -> Reason:
    assert a.name is not None and b.name is not None
    return _differs("first_name_differs", _as_written(a.raw, a.name.first),
                    _as_written(b.raw, b.name.first))  # fmt: skip


def _differs(code: str, one: str, other: str) -> Reason:
    """The two forms in alphabetical order: the same words whichever account came first."""
    low, high = sorted((one, other), key=fold)
    return {"code": code, "a": low, "b": high}
