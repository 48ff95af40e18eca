"""Loading accounts as :class:`AccountFacts` and their evidence keys, for both resolvers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from metanet.identity.blocking import name_keys
from metanet.identity.evidence import exact_keys, link_key
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
    rows = [(account.id, "link", k) for k in {link_key(url) for url in links} if k]
    rows += [(account.id, "name", k) for k in name_keys(account.name)]
    rows += [(account.id, "word", k) for k in index_keys(account.name, account.raw_name)]
    return rows
