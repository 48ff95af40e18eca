"""People found by the name you say, through the indexed ``identity_keys``.

:func:`~metanet.identity.name_match.lookup_keys` names the keys of every account the said
name may fit; one indexed query finds those accounts, and
:func:`~metanet.identity.name_match.rank` says how well each person's names fit — so a
lookup reads the few accounts that carry the name, never every person (a million people:
milliseconds, where comparing every name took seconds).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from metanet.identity.keys import catch_up
from metanet.identity.name_match import NameMatch, lookup_keys, lookup_prefixes, rank
from metanet.store import Store

#: a name said exactly as an account writes it (case and spacing aside) fits best
EXACT = NameMatch("exact", 1.1, "")
#: how many persons a lookup ranks at most: "Frau Wagner" among a million people fits tens
#: of thousands, and ranking them all would take seconds to say only that it is ambiguous
RANKED = 2000
#: the fit of the persons beyond :data:`RANKED`: they carry the name's keys, unranked
UNRANKED = NameMatch("unranked", 0.0, "")


@dataclass(frozen=True, slots=True)
class NamedPerson:
    person_id: int
    match: NameMatch  # the best fit among the person's names


def people_named(store: Store, said: str) -> list[NamedPerson]:
    """Every person whose names fit ``said``, best fit first (then by id).

    A person with an account named exactly ``said`` (case and spacing aside) comes first,
    as :data:`EXACT`; when exactly one does, the others are not ranked at all. Beyond
    :data:`RANKED` persons, the rest follow unranked (a name that common is ambiguous).
    """
    catch_up(store)
    keys, prefixes = sorted(set(lookup_keys(said))), lookup_prefixes(said)
    if not keys and not prefixes:
        return []
    names: dict[int, list[str | None]] = defaultdict(list)
    for person_id, name in _accounts_with(store, keys, prefixes):
        names[person_id].append(name)
    wanted = _plain(said)
    exact = sorted(p for p, found in names.items() if any(_plain(n) == wanted for n in found))
    if len(exact) == 1:
        return [NamedPerson(exact[0], EXACT)]
    first = [NamedPerson(p, EXACT) for p in exact]
    rest = sorted(set(names) - set(exact))
    ordered = {p: names[p] for p in rest[:RANKED]}
    ranked = [NamedPerson(p, m) for p, m in rank(said, ordered)]
    unranked = [NamedPerson(p, UNRANKED) for p in rest[RANKED:]]
    return first + ranked + unranked


def _accounts_with(
    store: Store, keys: list[str], prefixes: tuple[str, ...]
) -> list[tuple[int, str | None]]:
    """(person id, account name) of every account holding one of ``keys`` or a key that
    starts with one of ``prefixes`` (each an indexed range of keys)."""
    chosen: list[str] = []
    params: list[str] = []
    if keys:
        marks = ",".join("?" * len(keys))
        chosen.append(f"select account_id from identity_keys where key in ({marks})")
        params += keys
    for prefix in prefixes:  # "n:katrin|" up to "n:katrin}": '}' follows '|'
        chosen.append("select account_id from identity_keys where key >= ? and key < ?")
        params += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
    return (
        store.sql("identity")
        .execute(
            f"select a.person_id, a.name from accounts a where a.id in ({' union '.join(chosen)})",
            params,
        )
        .fetchall()
    )


def _plain(name: str | None) -> str:
    return " ".join((name or "").casefold().split())
