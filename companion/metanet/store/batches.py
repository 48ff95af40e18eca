"""Many accounts and ties in a few statements: what an import of 30,000 contacts writes.

:meth:`BatchRows.upsert_accounts` and :meth:`BatchRows.add_ties` write exactly the rows
that one :meth:`~.people.PeopleRows.upsert_account` or :meth:`~.ties.TieRows.add_tie`
call per item, in the same order, would write (the same ids too: a new row of a table
without AUTOINCREMENT gets ``max(id) + 1``, which is the id given here). Only the work per
row is less: the stored keys and ties are read once per batch, and new rows are written
with ``executemany``. Anything that is not plainly new (a known key, an alias, a key twice
in one batch, a database with forgotten accounts) takes the one-row path, in its place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from metanet.model import AccountRecord
from metanet.store.connection import now
from metanet.store.errors import Forgotten, StoreError
from metanet.store.people import _SEEN_IDENTIFIER, _SEEN_LINK, ACCOUNT_FACTS, handle_of
from metanet.store.ties import TieRows

CHUNK = 300  # keys (or ties, three variables each) per statement
_MAX_ROWID = 2**63 - 1
_ACCOUNT_COLUMNS = (
    "id", "network", "key", "person_id", "confirmed", "first_seen", "last_seen", *ACCOUNT_FACTS,
)  # fmt: skip
_INSERT_ACCOUNT = (
    f"insert into accounts ({', '.join(_ACCOUNT_COLUMNS)}) "
    f"values ({', '.join('?' * len(_ACCOUNT_COLUMNS))})"
)
_INSERT_PERSON = (
    "insert into persons (id, name, is_me, created_at, updated_at) values (?, ?, 0, ?, ?)"
)
_INSERT_TIE = (
    "insert into ties (id, src_account_id, dst_account_id, network, kind, directed, "
    "first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_EVIDENCE = (
    "insert into tie_evidence (tie_id, capture_id, import_id, seen_at) values (?, ?, ?, ?)"
)


@dataclass(frozen=True)
class NewTie:
    """The arguments of one :meth:`~.ties.TieRows.add_tie` call."""

    src_id: int
    dst_id: int
    network: str
    kind: str
    directed: bool
    since: str | None = None


class BatchRows(TieRows):
    """Accounts and ties written many at a time."""

    def upsert_accounts(
        self,
        records: Sequence[tuple[AccountRecord, bool]],
        *,
        seen_at: str | None = None,
        capture_id: int | None = None,
        import_id: int | None = None,
    ) -> list[int | None]:
        """:meth:`upsert_account` for each ``(record, confirmed)`` in order: the account
        ids, None where the user asked to forget the account (instead of ``Forgotten``)."""
        seen = seen_at or now()
        ids: list[int | None] = [None] * len(records)
        with self.write(savepoint=False):  # raises only before writing
            plain = self._plainly_new(records)
            fresh: list[int] = []  # positions waiting for one batched insert
            for at, (record, confirmed) in enumerate(records):
                if at in plain:
                    fresh.append(at)
                    continue
                self._insert_new(records, fresh, ids, seen, capture_id, import_id)
                fresh = []
                try:
                    ids[at] = self.upsert_account(
                        record,
                        seen_at=seen,
                        capture_id=capture_id,
                        import_id=import_id,
                        confirmed=confirmed,
                    )
                except Forgotten:
                    ids[at] = None
            self._insert_new(records, fresh, ids, seen, capture_id, import_id)
        return ids

    def _plainly_new(self, records: Sequence[tuple[AccountRecord, bool]]) -> set[int]:
        """Positions of records whose account is new and concerns no other record: no
        account holds its key, it brings no alias, no other record names its key."""
        if self._forget_key is not None or self._sql.value("select 1 from forgotten limit 1"):
            return set()  # the forgotten list is checked one account at a time
        named = Counter(
            (record.network, key) for record, _ in records for key in {record.key, *record.aliases}
        )
        known = self._stored_keys({ref for ref, count in named.items() if count == 1})
        return {
            at
            for at, (record, _) in enumerate(records)
            if all(alias == record.key for alias in record.aliases)
            and named[(record.network, record.key)] == 1
            and (record.network, record.key) not in known
        }

    def _stored_keys(self, refs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which ``(network, key)`` name an account, as its key or as an alias."""
        by_network: dict[str, list[str]] = {}
        for network, key in refs:
            by_network.setdefault(network, []).append(key)
        found: set[tuple[str, str]] = set()
        for network, keys in by_network.items():
            for start in range(0, len(keys), CHUNK):
                part = keys[start : start + CHUNK]
                marks = ",".join("?" * len(part))
                rows = self._sql.execute(
                    f"select key from accounts where network = ? and key in ({marks}) union all "
                    f"select key from account_aliases where network = ? and key in ({marks})",
                    [network, *part, network, *part],
                )
                found.update((network, key) for (key,) in rows)
        return found

    def _insert_new(
        self,
        records: Sequence[tuple[AccountRecord, bool]],
        positions: list[int],
        ids: list[int | None],
        seen: str,
        capture_id: int | None,
        import_id: int | None,
    ) -> None:
        """New accounts, each with a person of its own, and their e-mails, phones and links
        (what :meth:`upsert_account` writes for an account not stored yet)."""
        if not positions:
            return
        person = int(self._sql.value("select coalesce(max(id), 0) from persons"))
        account = int(self._sql.value("select coalesce(max(id), 0) from accounts"))
        if max(person, account) + len(positions) >= _MAX_ROWID:
            raise StoreError("no room for more rows")  # SQLite would pick ids at random
        stamp = now()
        people: list[tuple[Any, ...]] = []
        accounts: list[tuple[Any, ...]] = []
        identifiers: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        evidence = (capture_id, import_id, seen)
        for offset, at in enumerate(positions, 1):
            record, confirmed = records[at]
            person_id, account_id = person + offset, account + offset
            ids[at] = account_id
            people.append((person_id, record.name or handle_of(record.key), stamp, stamp))
            facts = [getattr(record, k) or None for k in ACCOUNT_FACTS]
            accounts.append(
                (account_id, record.network, record.key, person_id, int(confirmed), seen, seen,
                 *facts)
            )  # fmt: skip
            for kind, values in (("email", record.emails), ("phone", record.phones)):
                identifiers += [(account_id, kind, v, *evidence) for v in dict.fromkeys(values)]
            links += [(account_id, url, *evidence) for url in dict.fromkeys(record.same_as)]
        self._sql.executemany(_INSERT_PERSON, people)
        self._sql.executemany(_INSERT_ACCOUNT, accounts)
        self._sql.executemany(_SEEN_IDENTIFIER, identifiers)
        self._sql.executemany(_SEEN_LINK, links)

    def add_ties(
        self,
        ties: Sequence[NewTie],
        *,
        seen_at: str | None = None,
        capture_id: int | None = None,
        import_id: int | None = None,
    ) -> list[int]:
        """:meth:`add_tie` for each tie in order: the tie ids. The ties already stored are
        read once; each tie's evidence row is written as ``add_tie`` writes it."""
        if any(tie.src_id == tie.dst_id for tie in ties):
            raise StoreError("an account cannot be tied to itself")
        seen = seen_at or now()
        triples = [_triple(tie) for tie in ties]
        with self.write(savepoint=False):  # raises only before writing
            state = self._stored_ties(set(triples))  # triple -> [id, first_seen, last_seen]
            stored = set(state)
            next_id = int(self._sql.value("select coalesce(max(id), 0) from ties"))
            if next_id + len(ties) >= _MAX_ROWID:
                raise StoreError("no room for more rows")
            new: dict[tuple[int, int, str], NewTie] = {}
            changed: set[tuple[int, int, str]] = set()
            tie_ids: list[int] = []
            for tie, triple in zip(ties, triples, strict=True):
                first = min(tie.since, seen) if tie.since else seen
                row = state.get(triple)
                if row is None:
                    next_id += 1
                    state[triple] = [next_id, first, seen]
                    new[triple] = tie
                else:
                    if first < row[1]:
                        row[1] = first
                        changed.add(triple)
                    if seen > (row[2] or ""):
                        row[2] = seen
                        changed.add(triple)
                tie_ids.append(int(state[triple][0]))
            self._sql.executemany(
                _INSERT_TIE,
                [
                    (state[t][0], *t[:2], tie.network, tie.kind, int(tie.directed), *state[t][1:])
                    for t, tie in new.items()
                ],
            )
            self._sql.executemany(
                "update ties set first_seen = ?, last_seen = ? where id = ?",
                [(state[t][1], state[t][2], state[t][0]) for t in changed & stored],
            )
            self._sql.executemany(
                _INSERT_EVIDENCE, [(tie_id, capture_id, import_id, seen) for tie_id in tie_ids]
            )
        return tie_ids

    def _stored_ties(
        self, triples: set[tuple[int, int, str]]
    ) -> dict[tuple[int, int, str], list[Any]]:
        """``[id, first_seen, last_seen]`` of the stored ties among ``(src, dst, kind)``."""
        wanted = sorted(triples)
        found: dict[tuple[int, int, str], list[Any]] = {}
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            where = " or ".join(
                ["(src_account_id = ? and dst_account_id = ? and kind = ?)"] * len(part)
            )
            rows = self._sql.execute(
                "select src_account_id, dst_account_id, kind, id, first_seen, last_seen "
                f"from ties where {where}",
                [value for triple in part for value in triple],
            )
            for src, dst, kind, tie_id, first, last in rows:
                found[(int(src), int(dst), str(kind))] = [int(tie_id), first, last]
        return found


def _triple(tie: NewTie) -> tuple[int, int, str]:
    """``(src, dst, kind)`` as stored: one row per undirected pair, the smaller id first."""
    src, dst = tie.src_id, tie.dst_id
    if not tie.directed and src > dst:
        src, dst = dst, src
    return src, dst, tie.kind
