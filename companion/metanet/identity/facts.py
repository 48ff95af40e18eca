"""Loading accounts as :class:`AccountFacts`, their evidence keys, and the accounts that
share an exact key with them (for both resolvers and the re-judging of a person)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from metanet.identity.blocking import stored_name_keys
from metanet.identity.evidence import exact_keys, link_key, own_key
from metanet.identity.name_match import index_keys
from metanet.identity.names import parse_name
from metanet.identity.scoring import AccountFacts
from metanet.model import VIEWER_KEY
from metanet.store import Store

COLUMNS = "id, person_id, network, key, name, company, role, location, photo_url, confirmed"
CHUNK = 500  # bound on SQL variables per statement
T = TypeVar("T")


def chunks(items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def to_facts(row: Any) -> AccountFacts:
    return AccountFacts(
        id=row[0],
        person_id=row[1],
        network=row[2],
        raw_name=row[4],
        name=parse_name(row[4]),
        company=row[5],
        role=row[6],
        location=row[7],
        photo_url=row[8],
        confirmed=bool(row[9]),
    )


def load_accounts(store: Store, ids: Iterable[int]) -> dict[int, tuple[str, AccountFacts]]:
    """Accounts by id with their ``network:key``; the placeholder of *me* is left out."""
    found: dict[int, tuple[str, AccountFacts]] = {}
    for part in chunks(sorted(set(ids))):
        marks = ",".join("?" * len(part))
        for row in store.sql("identity").execute(
            f"select {COLUMNS} from accounts where id in ({marks})", part
        ):
            if row[3] != VIEWER_KEY:
                found[row[0]] = (f"{row[2]}:{row[3]}", to_facts(row))
    return found


def load_evidence(
    store: Store, ids: list[int]
) -> tuple[dict[int, list[str]], dict[int, list[tuple[str, str]]]]:
    """Links and identifiers of the given accounts."""
    links: dict[int, list[str]] = defaultdict(list)
    identifiers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        for account_id, url in store.sql("identity").execute(
            f"select account_id, url from account_links where account_id in ({marks})", part
        ):
            links[account_id].append(url)
        for account_id, kind, value in store.sql("identity").execute(
            "select account_id, kind, value from account_identifiers "
            f"where account_id in ({marks})",
            part,
        ):
            identifiers[account_id].append((kind, value))
    return links, identifiers


def account_exact_keys(ref: str, links: list[str], identifiers: list[tuple[str, str]]) -> set[str]:
    network, _, key = ref.partition(":")
    return exact_keys(network, key, links, identifiers)


def key_rows(account: AccountFacts, links: list[str]) -> list[tuple[int, str, str]]:
    """Rows of ``identity_keys`` for one account: linked profiles, name blocks, and what a
    lookup by name finds it by (:func:`~metanet.identity.name_match.index_keys`)."""
    rows = [(account.id, "name", k) for k in stored_name_keys(account.name)]
    if links:  # most accounts link to no other profile
        rows += [(account.id, "link", k) for k in {link_key(url) for url in links} if k]
    rows += [(account.id, "word", k) for k in index_keys(account.name, account.raw_name)]
    return rows


def key_holders(store: Store, keys: Iterable[str]) -> dict[str, set[int]]:
    """Per exact key, the accounts that hold it: as their own profile, a link, an e-mail or
    phone. Read in batches per kind (a 30,000-row import asked once per key)."""
    sql = store.sql("identity")
    found: dict[str, set[int]] = defaultdict(set)
    handles: dict[str, list[str]] = defaultdict(list)  # network -> handles
    values: dict[str, list[str]] = defaultdict(list)  # identifier kind -> values
    refs: list[str] = []
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "ref":
            network, _, handle = value.partition(":")
            handles[network].append(handle)
            refs.append(key)
        else:
            values[kind].append(value)
    for network, names in handles.items():
        for part in chunks(sorted(set(names))):
            marks = ",".join("?" * len(part))
            for handle, account_id in sql.execute(
                f"select key, id from accounts where network = ? and key in ({marks})",
                [network, *part],
            ):
                found[own_key(network, handle)].add(int(account_id))
    for part in chunks(sorted(set(refs))):
        marks = ",".join("?" * len(part))
        for key, account_id in sql.execute(
            f"select key, account_id from identity_keys where kind = 'link' and key in ({marks})",
            part,
        ):
            found[key].add(int(account_id))
    for kind, wanted in values.items():
        for part in chunks(sorted(set(wanted))):
            marks = ",".join("?" * len(part))
            for value, account_id in sql.execute(
                "select value, account_id from account_identifiers "
                f"where kind = ? and value in ({marks})",
                [kind, *part],
            ):
                found[f"{kind}:{value}"].add(int(account_id))
    return found


def exact_edges(
    store: Store,
    accounts: dict[int, tuple[str, AccountFacts]],
    links: dict[int, list[str]],
    identifiers: dict[int, list[tuple[str, str]]],
) -> list[tuple[AccountFacts, AccountFacts, str]]:
    """Each given account paired with every other account that holds one of its keys."""
    keys_of = {
        account_id: sorted(account_exact_keys(ref, links[account_id], identifiers[account_id]))
        for account_id, (ref, _) in accounts.items()
    }
    holders = key_holders(store, {key for keys in keys_of.values() for key in keys})
    wanted = [
        (account_id, other, key)
        for account_id, keys in keys_of.items()
        for key in keys
        for other in sorted(holders.get(key, ()))
        if other != account_id
    ]
    pool = load_accounts(store, {x for a, b, _ in wanted for x in (a, b)})
    return [(pool[a][1], pool[b][1], key) for a, b, key in wanted if a in pool and b in pool]
