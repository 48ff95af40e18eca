"""``identity_keys``: writing an account's keys, and catching up with accounts that changed
outside a resolution.

A capture or an import rewrites the keys of the accounts it touched
(:func:`~metanet.identity.resolve.resolve_accounts`). Every other way an account gets or
changes its name (someone added offline, a profile named before it was captured, the
demo) is listed in ``identity_pending`` by the database's triggers (migration m011), and
so is every account of a database made before the one name folding changed its keys.
:func:`catch_up` writes their keys before anything looks names up, so a lookup by name
never misses an account.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from metanet.identity.facts import COLUMNS, chunks, key_rows, load_accounts, load_evidence, to_facts
from metanet.identity.scoring import AccountFacts
from metanet.model import VIEWER_KEY
from metanet.store import Store

log = logging.getLogger(__name__)
#: above this many pending accounts every key is rebuilt in one pass (an upgraded database)
REBUILD_ABOVE = 20_000
_INSERT = "insert or ignore into identity_keys (account_id, kind, key) values (?, ?, ?)"
_BATCH = 10_000


def write_keys(store: Store, account_ids: Iterable[int]) -> None:
    """Rewrite the keys of these accounts (inside the caller's transaction); they are no
    longer pending."""
    ids = sorted(set(account_ids))
    accounts = load_accounts(store, ids)
    links, _ = load_evidence(store, sorted(accounts))
    store_keys(store, ids, accounts, links)


def store_keys(
    store: Store,
    ids: list[int],
    accounts: Mapping[int, tuple[str, AccountFacts]],
    links: Mapping[int, list[str]],
) -> None:
    """:func:`write_keys` for accounts already loaded (``ids`` may name more: *me*'s
    placeholders, which have no keys)."""
    sql = store.sql("identity")
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        sql.execute(f"delete from identity_keys where account_id in ({marks})", part)
        sql.execute(f"delete from identity_pending where account_id in ({marks})", part)
    sql.executemany(
        _INSERT,
        [row for a, (_, facts) in accounts.items() for row in key_rows(facts, links.get(a, []))],
    )


def rebuild_keys(store: Store) -> None:
    """Every account's keys anew, reading the accounts as a stream (a million accounts
    need no million objects in memory); nothing is pending afterwards."""
    links: dict[int, list[str]] = defaultdict(list)
    for account_id, url in store.sql("identity").execute(
        "select account_id, url from account_links"
    ):
        links[account_id].append(url)
    replace_all_keys(
        store,
        (
            key
            for rows in _account_batches(store)
            for facts in map(to_facts, rows)
            for key in key_rows(facts, links.get(facts.id, []))
        ),
    )


def replace_all_keys(store: Store, rows: Iterable[tuple[int, str, str]]) -> None:
    """Every key replaced by ``rows`` (read as they come); nothing is pending afterwards.

    Millions of keys in account order would land all over the key index: the table is
    filled first, then indexed once (a sort), several times faster."""
    sql = store.sql("identity")
    sql.execute("delete from identity_keys")
    sql.execute("delete from identity_pending")
    sql.execute("drop index if exists idx_identity_keys_key")
    sql.executemany(_INSERT, rows)
    sql.execute("create index idx_identity_keys_key on identity_keys (key)")


def _account_batches(store: Store) -> Iterator[list[tuple[object, ...]]]:
    """The accounts (but *me*'s placeholders) in batches, by id."""
    sql = store.sql("identity")
    after = 0
    while True:
        rows = sql.execute(
            f"select {COLUMNS} from accounts where id > ? order by id limit ?", [after, _BATCH]
        ).fetchall()
        if not rows:
            return
        after = int(rows[-1][0])
        yield [row for row in rows if row[3] != VIEWER_KEY]


def catch_up(store: Store, besides: Iterable[int] = ()) -> int:
    """Write the keys of every pending account but ``besides`` (a resolution writes those
    itself); how many there were. Costs one look-up when nothing else is pending, and
    then opens no savepoint in the resolution's transaction.

    A lookup by name and a resolution (whose candidates are found by the other accounts'
    stored keys) both call it first, so neither misses an account whose keys are stale.
    """
    sql = store.sql("identity")
    skip = set(besides)
    if all(int(r[0]) in skip for r in sql.execute("select account_id from identity_pending")):
        return 0
    started = time.perf_counter()
    with store.write():
        rows = sql.execute("select account_id from identity_pending")
        pending = [int(r[0]) for r in rows if int(r[0]) not in skip]
        if len(pending) > REBUILD_ABOVE:
            rebuild_keys(store)
        elif pending:
            write_keys(store, pending)
    if len(pending) > REBUILD_ABOVE:
        log.info("rebuilt the name keys of every account in %.1f s", time.perf_counter() - started)
    return len(pending)
