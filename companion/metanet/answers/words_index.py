"""The search's word index kept current: every account's facts as folded words.

Which accounts need (re)indexing is written down by triggers (see
:mod:`metanet.answers.words_table`); :func:`index_pending` indexes them. It runs inside
every change's transaction (``services.changes.change``: captures and imports), so a
change is stored and searchable at once or not at all; the search calls it too, for
accounts written any other way (``metanet reparse``, the demo's loader), and finds them
in the same query. A merge moves accounts between persons and changes no fact: the index,
keyed by account, stays as it is.

Cost per account: what is new in its facts (:mod:`metanet.words.index`); a capture of
500 new people adds ~10 ms. The role terms (:mod:`metanet.words.roles`) are worked out when
this module is imported (~60 ms: the host's warm-up imports it before the first capture).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from metanet.answers.words_table import (
    FTS_TABLE_SQL,
    INDEXED_FACTS,
    PENDING_TABLE,
    ROLES_STATE,
    STATE_TABLE,
    WORDS_TABLE,
)
from metanet.words import RoleTerms, index_row, shipped_roles

#: accounts read and written per statement when the whole index is filled
FILL_BATCH = 20_000
_FACTS = ", ".join(f"a.{c}" for c in INDEXED_FACTS)
_INSERT = f"insert or replace into {WORDS_TABLE} (rowid, terms) values (?, ?)"
ROLES = shipped_roles()  # at import: see the module's docstring


class Statements(Protocol):
    """What the indexer needs of a connection: the store's grant, or a migration's."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any: ...


def _rows(accounts: Iterable[Sequence[Any]], empty: list[tuple[int]]) -> Iterator[tuple[Any, ...]]:
    """Index rows of (id, *facts) rows; an account without any word goes to ``empty``."""
    for account_id, *facts in accounts:
        text = index_row(dict(zip(INDEXED_FACTS, facts, strict=True)))
        if text:
            yield account_id, text
        else:
            empty.append((account_id,))


def has_pending(db: Statements) -> bool:
    return db.execute(f"select 1 from {PENDING_TABLE} limit 1").fetchone() is not None


def index_pending(db: Statements) -> int:
    """Index the accounts whose facts changed; how many. Call it inside a write transaction."""
    accounts = db.execute(
        f"select p.account_id, {_FACTS} from {PENDING_TABLE} p "
        "join accounts a on a.id = p.account_id order by p.account_id"
    ).fetchall()
    if not accounts:
        return 0
    empty: list[tuple[int]] = []
    db.executemany(_INSERT, _rows(accounts, empty))  # a changed account's row is replaced
    db.executemany(f"delete from {WORDS_TABLE} where rowid = ?", empty)  # no words left
    db.execute(f"delete from {PENDING_TABLE}")
    return len(accounts)


def fill(db: Statements) -> int:
    """Index every account (migration m010); how many accounts were read."""
    last, seen = 0, 0
    while True:
        accounts = db.execute(
            f"select a.id, {_FACTS} from accounts a where a.id > ? order by a.id limit ?",
            [last, FILL_BATCH],
        ).fetchall()
        if not accounts:
            break
        db.executemany(_INSERT, _rows(accounts, []))
        last, seen = accounts[-1][0], seen + len(accounts)
    db.execute(f"delete from {PENDING_TABLE}")
    return seen


def refill(db: Statements) -> int:
    """Index every account again, role terms included, and say which roles they are of
    (a migration's step after the shipped roles changed); how many accounts were read.

    The table is made afresh rather than each row replaced: a replaced row costs FTS5
    the old row's deletion too and leaves it in the index until segments merge (replacing
    1.65 million rows took 2.5 minutes of CPU and left every search ~50 % slower)."""
    db.execute(f"drop table if exists {WORDS_TABLE}")
    db.execute(FTS_TABLE_SQL.format(name=WORDS_TABLE))
    seen = fill(db)
    db.execute(
        f"insert or replace into {STATE_TABLE} (name, value) values (?, ?)",
        [ROLES_STATE, ROLES.stamp],
    )
    return seen


def current_roles(db: Statements) -> RoleTerms | None:
    """The role terms when the index holds the code's own (else None: a query reads each
    alternative itself until a migration indexes the accounts again)."""
    found = db.execute(f"select value from {STATE_TABLE} where name = ?", [ROLES_STATE]).fetchone()
    return ROLES if found is not None and found[0] == ROLES.stamp else None
