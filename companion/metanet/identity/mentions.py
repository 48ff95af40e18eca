"""Which known person a page means when it names a shared connection without a link.

LinkedIn's "Ron Shapiro (mutual connection)" and X's "Followed by Liam Griffiths" give a
name and nothing else. Such a name is taken to be one of the user's own people when
exactly one person the user knows has an account on that network whose name fits
(:mod:`.name_match`: the same name in any spelling or script, or with a middle name on
one side only); with none or several it stays a name.
"""

from __future__ import annotations

from collections.abc import Iterable

from metanet.identity.facts import chunks
from metanet.identity.keys import catch_up
from metanet.identity.name_match import lookup_keys, match_name
from metanet.store import Store

#: how well a named mention must fit a known name (:data:`.name_match.QUALITY`): the same
#: name, another spelling of it, or a middle name on one side; a nickname or an initial
#: is too weak for a page that prints the name the person uses on that very network
FITTING = 0.85


def fits(said: str, known: str | None) -> bool:
    """Whether a name a page says is a known account's name."""
    found = match_name(said, known) if known else None
    return found is not None and found.quality >= FITTING


def known_account_named(
    store: Store, network: str, name: str, *, me: int | None, besides: Iterable[int] = ()
) -> int | None:
    """The account on ``network`` of the one person the user knows by this name, or None
    when nobody or more than one person fits (or the user has not declared *me*).

    Found by the accounts' name keys, brought up to date first (:func:`.keys.catch_up`)
    but for ``besides``: the accounts the caller's change stored, whose keys its
    resolution writes."""
    keys = list(lookup_keys(name))
    if me is None or not keys:
        return None
    catch_up(store, besides)
    sql = store.sql("identity")
    candidates: dict[int, int] = {}  # person → one of their accounts on the network
    for part in chunks(keys):
        marks = ",".join("?" * len(part))
        for account_id, person_id, known in sql.execute(
            "select a.id, a.person_id, a.name from identity_keys k join accounts a on "
            f"a.id = k.account_id where k.kind in ('name', 'word') and k.key in ({marks}) "
            "and a.network = ? and a.person_id != ?",
            [*part, network, me],
        ):
            if fits(name, known) and _knows(store, me, int(person_id)):
                candidates.setdefault(int(person_id), int(account_id))
    return next(iter(candidates.values())) if len(candidates) == 1 else None


def _knows(store: Store, me: int, person: int) -> bool:
    """Whether the user has a tie or an offline relation with ``person``."""
    found = store.sql("identity").value(
        "select 1 from accounts x join ties t on t.src_account_id = x.id "
        "join accounts y on y.id = t.dst_account_id "
        "where x.person_id = :me and y.person_id = :p "
        "union all select 1 from accounts x join ties t on t.dst_account_id = x.id "
        "join accounts y on y.id = t.src_account_id "
        "where x.person_id = :me and y.person_id = :p "
        "union all select 1 from relations where a_person_id = min(:me, :p) "
        "and b_person_id = max(:me, :p) limit 1",
        {"me": me, "p": person},
    )
    return found is not None
