"""Find a person by the name you say: does a spoken or typed name fit a person's names?

"Katrin Lehmann" must find "Dr. Katrin Lehmann"; "Anna Schmidt" "Anna Maria Schmidt";
"Jurgen Muller" "Jürgen Müller"; "Mehmet Yilmaz" "Mehmet Yılmaz"; "Dmitrij Iwanow"
"Дмитрий Иванов"; "Herr Becker" every Becker. Names are parsed by :mod:`.names` (titles
and honorifics dropped, "Last, First" reordered) and folded by :mod:`metanet.folding`, as
identity resolution folds them, so a lookup and a merge suggestion agree on what is one
name. Each way of fitting has a quality, so candidates can be listed best first:

============== ======= ===========================================================
kind           quality said / candidate
============== ======= ===========================================================
same           1.0     the same name (titles, case, umlaut spelling ue/ü ignored)
spelling       0.9     another spelling: Jurgen/Jürgen, Yilmaz/Yılmaz, Iwanow/Иванов
middle         0.85    a middle name on one side only: Anna / Anna Maria Schmidt
nickname       0.7     Hans / Johannes Meier
double_name    0.65    one part of a double last name: Katrin Lehmann / Katrin Müller-Lehmann
reversed       0.6     last name first without a comma: "Lehmann Katrin"
initial        0.5     K. Lehmann / Katrin Lehmann
last_name      0.4     only the last name said: "Lehmann", "Frau Dr. Lehmann"
first_name     0.3     only the first name said: "Katrin"
============== ======= ===========================================================

Two different middle names ("Anna Lena" / "Anna Maria Schmidt") do not fit: that is
another person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from metanet.folding import loose
from metanet.identity.blocking import last_name_prefix, name_keys, spelled
from metanet.identity.names import PARTICLES, Name, last_key, parse_name
from metanet.identity.scoring import name_agreement

QUALITY = {
    "same": 1.0,
    "spelling": 0.9,
    "middle": 0.85,
    "nickname": 0.7,
    "double_name": 0.65,
    "reversed": 0.6,
    "initial": 0.5,
    "last_name": 0.4,
    "first_name": 0.3,
}
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class NameMatch:
    kind: str  # a key of QUALITY
    quality: float
    name: str  # the candidate's name that fitted, as written


def match_name(said: str, candidate: str) -> NameMatch | None:
    """How a said name fits one candidate name; None when it does not."""
    kind = _fit(parse_name(said), parse_name(candidate))
    return NameMatch(kind, QUALITY[kind], candidate) if kind else None


def best_match(said: str, names: Iterable[str | None]) -> NameMatch | None:
    """The best fit of a said name among one person's names (one per account)."""
    found = [m for m in (match_name(said, n) for n in names if n) if m is not None]
    return max(found, key=lambda m: m.quality, default=None)


def rank(said: str, people: Mapping[K, Iterable[str | None]]) -> list[tuple[K, NameMatch]]:
    """Every person whose names fit, best fit first (ties keep the mapping's order)."""
    fits = [(key, best_match(said, names)) for key, names in people.items()]
    found = [(key, m) for key, m in fits if m is not None]
    return sorted(found, key=lambda item: -item[1].quality)


def index_keys(name: Name | None, written: str | None) -> tuple[str, ...]:
    """What a lookup by name finds an account by, beside its blocking keys (``identity_keys``
    of kind "word"; :func:`lookup_keys` asks for them):

    * one word said is found by the blocking keys (:func:`lookup_prefixes`): a last name
      ("Lehmann", "Frau Dr. Lehmann") by the range of its initial keys, a first name by
      the range of its full-name keys;
    * ``j:<initial>|<last>`` — an account known by its initial ("K. Lehmann") for a full
      first name said (the blocking key ``i:`` holds every K-something Lehmann);
    * ``n:<first form>|<part>`` — each part of a double last name ("Katrin Lehmann" finds
      "Katrin Müller-Lehmann");
    * ``o:<last>`` — an account known by one name only ("Lehmann");
    * ``e:<name>`` — a name that is no name to the parser ("🦊", "Dr."): as written.
    """
    if name is None:
        text = " ".join((written or "").casefold().split())
        return (f"e:{text}",) if text else ()
    return _named_keys(name)


def _compound_keys(name: Name, firsts: Iterable[str]) -> list[str]:
    """``n:`` keys of these first names with each part of a compound last name."""
    if " " not in name.last and "-" not in name.last:
        return []  # one part (most names): no folding needed to say so
    parts = _last_parts(name.last)
    if len(parts) < 2:
        return []
    return [f"n:{loose(first)}|{part}" for first in firsts for part in parts]


def _named_keys(name: Name) -> tuple[str, ...]:
    if not name.first:
        return (f"o:{last_key(name)}",)
    keys = _compound_keys(name, (name.first,))  # read by every spelling of it
    if name.first_is_initial:
        keys += [f"j:{form[:1]}|{last_key(name)}" for form in name.first_forms]
    return tuple(sorted(set(keys))) if keys else ()  # most names: none


def lookup_keys(said: str) -> tuple[str, ...]:
    """The ``identity_keys`` (blocking keys and :func:`index_keys`) of every account the
    said name may fit, for narrowing the candidates in SQL before :func:`rank`: the name's
    own keys and those of its reversed order; for one word, the last name's."""
    name = parse_name(said)
    if name is None:
        return index_keys(None, said)
    last = last_key(name)
    if not name.first:  # one word: a last name, a one-word name (or a first name: prefixes)
        return (f"o:{last}",)  # and a last name's or a first name's range of keys
    keys = {f"o:{last}"}
    for order in (name, Name(name.last.split()[-1], (), name.first)):
        if order.first_is_initial:
            keys.update(name_keys(order))  # every first name with that initial
        else:
            keys.update(k for k in name_keys(order) if k.startswith("n:"))
            keys.update(f"j:{form[:1]}|{last_key(order)}" for form in order.first_forms)
    keys.update(_compound_keys(name, name.first_forms))
    return tuple(sorted({stored for key in keys for stored in spelled(key)}))


def lookup_prefixes(said: str) -> tuple[str, ...]:
    """For one word said, the prefixes of the blocking keys of everyone with that last name
    (``i:lehmann|`` finds every Lehmann with a first name) or that first name (or a formal
    name it is short for: ``n:katrin|`` finds every Katrin)."""
    name = parse_name(said)
    if name is None or name.first:
        return ()
    forms = Name(name.last, (), "").first_forms
    firsts = {stored for form in forms for stored in spelled(f"n:{loose(form)}|")}
    return tuple(sorted({last_name_prefix(last_key(name)), *firsts}))


def _fit(said: Name | None, candidate: Name | None) -> str | None:
    if said is None or candidate is None:
        return None
    if not said.first:  # one word: a last name, or a first name
        return _one_word(said.last, candidate)
    if not candidate.first:  # the candidate is known by a last name only
        return "last_name" if last_key(said) == last_key(candidate) else None
    agreement = name_agreement(said, candidate)
    if agreement == "middle":
        return None
    if agreement in ("same", "spelling") and said.middle != candidate.middle:
        return "middle"
    if agreement is not None:
        return agreement
    if _double_name(said, candidate):
        return "double_name"
    reversed_name = Name(said.last.split()[-1], (), said.first)
    if name_agreement(reversed_name, candidate) in ("same", "spelling"):
        return "reversed"
    return None


def _one_word(word: str, candidate: Name) -> str | None:
    if last_key(Name("", (), word)) == last_key(candidate):
        return "last_name" if candidate.first else "same"
    forms = {loose(f) for f in Name(word, (), "").first_forms}
    if candidate.first and forms & {loose(f) for f in candidate.first_forms}:
        return "first_name"
    return None


def _double_name(said: Name, candidate: Name) -> bool:
    """Katrin Lehmann / Katrin Müller-Lehmann: one part of a double last name, same first."""
    parts_said = _last_parts(said.last)
    parts_candidate = _last_parts(candidate.last)
    if parts_said == parts_candidate or not parts_said & parts_candidate:
        return False
    if len(parts_said) > 1 and len(parts_candidate) > 1:
        return False  # two different double names sharing a part
    first_said = {loose(f) for f in said.first_forms}
    return bool(first_said & {loose(f) for f in candidate.first_forms})


def _last_parts(last: str) -> set[str]:
    words = [w for w in last.split() if w not in PARTICLES] or last.split()
    return {loose(part) for w in words for part in w.split("-") if part}
