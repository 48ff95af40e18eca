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

from metanet.identity.facts import chunks
from metanet.identity.keys import catch_up
from metanet.identity.name_match import NameMatch, lookup_keys, rank
from metanet.store import Store

#: a name said exactly as an account writes it (case and spacing aside) fits best
EXACT = NameMatch("exact", 1.1, "")


@dataclass(frozen=True, slots=True)
class NamedPerson:
    person_id: int
    match: NameMatch  # the best fit among the person's names


def people_named(store: Store, said: str) -> list[NamedPerson]:
    """Every person whose names fit ``said``, best fit first (then by id).

    A person with an account named exactly ``said`` (case and spacing aside) comes first,
    as :data:`EXACT`; when exactly one does, the others are not ranked at all.
    """
    catch_up(store)
    keys = sorted(set(lookup_keys(said)))
    if not keys:
        return []
    names: dict[int, list[str | None]] = defaultdict(list)
    for person_id, name in _accounts_with(store, keys):
        names[person_id].append(name)
    wanted = _plain(said)
    exact = sorted(p for p, found in names.items() if any(_plain(n) == wanted for n in found))
    if len(exact) == 1:
        return [NamedPerson(exact[0], EXACT)]
    ordered = {p: names[p] for p in sorted(names)}
    ranked = [NamedPerson(p, m) for p, m in rank(said, ordered)]
    first = [NamedPerson(p, EXACT) for p in exact]
    return first + [found for found in ranked if found.person_id not in exact]


def _accounts_with(store: Store, keys: list[str]) -> list[tuple[int, str | None]]:
    """(person id, account name) of every account holding one of ``keys``."""
    sql = store.sql("identity")
    found: list[tuple[int, str | None]] = []
    for part in chunks(keys):
        marks = ",".join("?" * len(part))
        found += sql.execute(
            "select a.person_id, a.name from accounts a where a.id in "
            f"(select account_id from identity_keys where key in ({marks}))",
            part,
        ).fetchall()
    return found


def _plain(name: str | None) -> str:
    return " ".join((name or "").casefold().split())
