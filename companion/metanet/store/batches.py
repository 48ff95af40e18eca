"""Many accounts and ties in a few statements: what an import of 30,000 contacts or a
capture of a 500-card list writes.

:meth:`BatchRows.upsert_accounts` and :meth:`BatchRows.add_ties` write exactly the rows
that one :meth:`~.people.PeopleRows.upsert_account` or :meth:`~.ties.TieRows.add_tie`
call per item, in the same order, would write (the same ids too: a new row of a table
without AUTOINCREMENT gets ``max(id) + 1``, which is the id given here). Only the work per
row is less: the stored keys and ties are read once per batch, and new rows are written
with ``executemany``. A new account is written in the batch with its aliases (a LinkedIn
card's member URN) when none of its keys is stored or named twice; a stored one when
the record names it by its key alone. Anything else (a key twice in one batch, a key
stored as an alias, a stored account named with aliases, a database with forgotten
accounts) takes the one-row path, in its place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from metanet.model import AccountRecord
from metanet.store.connection import now
from metanet.store.errors import Forgotten, StoreError
from metanet.store.people import (
    _INSERT_ALIAS,
    _SEEN_IDENTIFIER,
    _SEEN_LINK,
    ACCOUNT_FACTS,
    AccountRow,
    handle_of,
)
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
        after_one: Callable[[int, int], bool] | None = None,
    ) -> list[int | None]:
        """:meth:`upsert_account` for each ``(record, confirmed)`` in order: the account
        ids, None where the user asked to forget the account (instead of ``Forgotten``).

        ``after_one(position, account id)`` runs after each record written on its own,
        before the next record is written: a capture joins there the accounts a record's
        aliases name (:meth:`alias_twins`), as it would after one ``upsert_account``. When
        it says it changed other accounts, what the batch read is read again."""
        seen = seen_at or now()
        ids: list[int | None] = [None] * len(records)
        evidence = (capture_id, import_id, seen)
        with self.write(savepoint=False):  # raises only before writing
            plain = self._plain(records)
            waiting: list[int] = []  # positions of plain records, written together
            for at, (record, confirmed) in enumerate(records):
                if at in plain:
                    waiting.append(at)
                    continue
                self._write_plain(records, waiting, plain, ids, evidence)
                waiting = []
                try:
                    ids[at] = account_id = self.upsert_account(
                        record,
                        seen_at=seen,
                        capture_id=capture_id,
                        import_id=import_id,
                        confirmed=confirmed,
                    )
                except Forgotten:
                    ids[at] = None
                    continue
                if after_one is not None and after_one(at, account_id):
                    plain = self._plain(records)  # a later record's account may be gone
            self._write_plain(records, waiting, plain, ids, evidence)
        return ids

    def _plain(self, records: Sequence[tuple[AccountRecord, bool]]) -> dict[int, AccountRow | None]:
        """Records no other record of the batch concerns, by position, with their stored
        account (None: new). Plain: no other record names its key, an alias of it, its
        account or its person (through a key or an alias), so that each can be written
        without reading what an earlier one wrote; and either none of its keys is stored
        (a new account, aliases and all) or it names a stored account by its key alone."""
        if self._forget_key is not None or self._sql.value("select 1 from forgotten limit 1"):
            return {}  # the forgotten list is checked one account at a time
        refs = [list({(r.network, key) for key in (r.key, *r.aliases)}) for r, _ in records]
        named = Counter(ref for own in refs for ref in own)
        twice = {ref for ref, count in named.items() if count > 1}
        stored = self._stored_accounts(named)  # ref -> (by an alias, account, person)
        plain: dict[int, AccountRow | None] = {}
        known: dict[int, tuple[int, int]] = {}  # position -> (account, person) named by key
        for at, own in enumerate(refs):
            if twice and not twice.isdisjoint(own):
                continue
            record = records[at][0]
            hit = stored.get((record.network, record.key))
            if hit is None:
                if not stored or not any(ref in stored for ref in own):
                    plain[at] = None  # new, aliases and all
            elif len(own) == 1 and not hit[0]:
                known[at] = hit[1:]
        if known:  # plain if no other record names its account or person
            accounts: Counter[int] = Counter()  # the records naming each, once per record
            persons: Counter[int] = Counter()
            for own in refs:
                if found := [stored[ref] for ref in own if ref in stored]:
                    accounts.update({account for _, account, _ in found})
                    persons.update({person for _, _, person in found})
            known = {
                at: hit for at, hit in known.items() if accounts[hit[0]] == persons[hit[1]] == 1
            }
            rows = self._account_rows(account for account, _ in known.values())
            plain.update((at, rows[account]) for at, (account, _) in known.items())
        return plain

    def _stored_accounts(
        self, refs: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[bool, int, int]]:
        """The account each ``(network, key)`` names, as :meth:`account` finds it (under
        the key first, else the one the key is an alias of): whether by an alias, the
        account's id and its person's."""
        by_network: dict[str, list[str]] = {}
        for network, key in refs:
            by_network.setdefault(network, []).append(key)
        found: dict[tuple[str, str], tuple[bool, int, int]] = {}
        for network, keys in by_network.items():
            for start in range(0, len(keys), CHUNK):
                part = keys[start : start + CHUNK]
                marks = ",".join("?" * len(part))
                rows = self._sql.execute(
                    f"select 0 as by_alias, key, id, person_id from accounts where network = ? "
                    f"and key in ({marks}) union all select 1, s.key, a.id, a.person_id "
                    f"from account_aliases s join accounts a on a.id = s.account_id "
                    f"where s.network = ? and s.key in ({marks}) order by by_alias desc",
                    [network, *part, network, *part],
                )
                for by_alias, key, account, person in rows:  # by key last: it wins
                    found[(network, key)] = (bool(by_alias), account, person)
        return found

    def _account_rows(self, account_ids: Iterable[int]) -> dict[int, AccountRow]:
        """These accounts' rows, by id."""
        wanted = list(account_ids)
        found: dict[int, AccountRow] = {}
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            marks = ",".join("?" * len(part))
            for row in self._sql.query(f"select * from accounts where id in ({marks})", part):
                found[int(row["id"])] = cast(AccountRow, row)
        return found

    def _write_plain(
        self,
        records: Sequence[tuple[AccountRecord, bool]],
        positions: list[int],
        plain: dict[int, AccountRow | None],
        ids: list[int | None],
        evidence: tuple[int | None, int | None, str],
    ) -> None:
        """What :meth:`upsert_account` writes for each of these plain records: a new
        account with a person of its own and its aliases, or the stored account's new
        facts; then their e-mails, phones and links, and the names of the persons whose
        account changed."""
        if not positions:
            return
        seen = evidence[2]
        new = [at for at in positions if plain[at] is None]
        person = int(self._sql.value("select coalesce(max(id), 0) from persons"))
        account = int(self._sql.value("select coalesce(max(id), 0) from accounts"))
        if max(person, account) + len(new) >= _MAX_ROWID:
            raise StoreError("no room for more rows")  # SQLite would pick ids at random
        stamp = now()
        people: list[tuple[Any, ...]] = []
        accounts: list[tuple[Any, ...]] = []
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        renamed: list[int] = []
        for at in positions:
            record, confirmed = records[at]
            row = plain[at]
            if row is None:
                person, account = person + 1, account + 1
                people.append((person, record.name or handle_of(record.key), stamp, stamp))
                facts = [getattr(record, k) or None for k in ACCOUNT_FACTS]
                accounts.append(
                    (account, record.network, record.key, person, int(confirmed), seen, seen,
                     *facts)
                )  # fmt: skip
                ids[at] = account
            else:
                ids[at] = account_id = int(row["id"])
                changed = _changed(row, record, confirmed, seen)
                if changed:
                    updates.setdefault(tuple(changed), []).append((*changed.values(), account_id))
                if record.name and ("name" in changed or "last_seen" in changed):
                    renamed.append(int(row["person_id"]))
        written = [(records[at][0], ids[at]) for at in positions]
        self._sql.executemany(_INSERT_PERSON, people)
        self._sql.executemany(_INSERT_ACCOUNT, accounts)
        self._sql.executemany(
            _INSERT_ALIAS,  # a stored account's record has none (it would not be plain)
            [(r.network, alias, a) for r, a in written if r.aliases
             for alias in dict.fromkeys(r.aliases) if alias != r.key],
        )  # fmt: skip
        identifiers = [
            (a, kind, value, *evidence) for r, a in written if r.emails or r.phones
            for kind, values in (("email", r.emails), ("phone", r.phones))
            for value in dict.fromkeys(values)
        ]  # fmt: skip
        links = [(a, url, *evidence) for r, a in written for url in dict.fromkeys(r.same_as)]
        for columns, rows in updates.items():
            assignments = ", ".join(f"[{c}] = ?" for c in columns)
            self._sql.executemany(f"update accounts set {assignments} where id = ?", rows)
        self._sql.executemany(_SEEN_IDENTIFIER, identifiers)
        self._sql.executemany(_SEEN_LINK, links)
        self.refresh_person_names(renamed)

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


def _changed(row: AccountRow, record: AccountRecord, confirmed: bool, seen: str) -> dict[str, Any]:
    """The columns :meth:`upsert_account` sets on a stored account a record names by its key."""
    changed: dict[str, Any] = {
        k: value for k in ACCOUNT_FACTS if (value := getattr(record, k)) and row.get(k) != value
    }
    if seen > row["last_seen"]:
        changed["last_seen"] = seen
    if confirmed and not row["confirmed"]:
        changed["confirmed"] = 1
    return changed


def _triple(tie: NewTie) -> tuple[int, int, str]:
    """``(src, dst, kind)`` as stored: one row per undirected pair, the smaller id first."""
    src, dst = tie.src_id, tie.dst_id
    if not tie.directed and src > dst:
        src, dst = dst, src
    return src, dst, tie.kind
