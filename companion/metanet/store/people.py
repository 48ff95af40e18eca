"""Persons and their accounts: who is stored, on which networks, with which facts.

Tables: ``persons``, ``accounts``, ``account_aliases`` (other keys of one account: a
LinkedIn member URN beside the slug), ``account_identifiers``, ``account_links`` and
``forgotten`` (hashes of accounts the user asked to forget).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict, cast

from metanet.model import VIEWER_KEY, AccountRecord, AccountRef
from metanet.store import forget_key
from metanet.store.connection import Connection, now
from metanet.store.errors import Forgotten, NotFound

ACCOUNT_FACTS = ("profile_url", "name", "headline", "company", "role", "location", "photo_url")
#: what an export writes per account
EXPORT_FIELDS = (
    "network", "key", "name", "headline", "company", "role", "location", "profile_url",
    "first_seen", "last_seen",
)  # fmt: skip


class PersonRow(TypedDict):
    """A row of ``persons``."""

    id: int
    name: str | None
    is_me: int
    note: str | None
    created_at: str
    updated_at: str | None


class AccountView(TypedDict):
    """An account as answers show it: its public columns."""

    id: int
    network: str
    key: str
    profile_url: str | None
    name: str | None
    headline: str | None
    company: str | None
    role: str | None
    location: str | None
    photo_url: str | None
    first_seen: str
    last_seen: str


class AccountRow(AccountView):
    """A row of ``accounts``: the public columns, its person and whether it is confirmed."""

    person_id: int
    confirmed: int


def written_form(name: str) -> int:
    """How much a name looks written by its owner: 2 for "Rob Cheung", 1 for a name in
    one case ("rob cheung", "ROB CHEUNG"), 0 for a name without letters."""
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return 0
    cased = [ch for ch in letters if ch.isupper() or ch.islower()]
    if not cased:  # a script without case (中文, العربية): as written
        return 2
    upper = sum(ch.isupper() for ch in cased)
    return 2 if 0 < upper < len(cased) else 1


def best_name(names: Iterable[tuple[str, str]], current: str | None = None) -> str | None:
    """A person's display name from their accounts' ``(name, last_seen)``: a name as
    people write it before one in a single case (X's "rob cheung" does not replace
    LinkedIn's "Rob Cheung"), then the most recently seen; seen in the same second, the
    first account's (``names`` come in account order), as before names were ranked."""
    ranked = [
        (written_form(name), seen or "", -index, name == current, name)
        for index, (name, seen) in enumerate(names)
        if name
    ]
    return max(ranked)[-1] if ranked else None


def handle_of(key: str) -> str | None:
    """What names an account that shows no name: its key, never the placeholder's."""
    return None if key.startswith(VIEWER_KEY[:1]) else key


# Another key of an account; one already naming another account stays there
_INSERT_ALIAS = "insert or ignore into account_aliases (network, key, account_id) values (?, ?, ?)"

# An e-mail address, phone number or link seen again: it was last seen now, by this
# capture or import (where the person's view says it comes from). A re-read of an older
# page (reparse) does not make it older.
_NEWER = (
    "do update set last_seen = excluded.last_seen, capture_id = excluded.capture_id, "
    "import_id = excluded.import_id where excluded.last_seen >= coalesce(last_seen, '')"
)
_SEEN_IDENTIFIER = (
    "insert into account_identifiers (account_id, kind, value, capture_id, import_id, "
    f"last_seen) values (?, ?, ?, ?, ?, ?) on conflict (account_id, kind, value) {_NEWER}"
)
_SEEN_LINK = (
    "insert into account_links (account_id, url, capture_id, import_id, last_seen) "
    f"values (?, ?, ?, ?, ?) on conflict (account_id, url) {_NEWER}"
)


class PeopleRows(Connection):
    """Row operations on persons and accounts."""

    _forget_key: bytes | None = None

    def forget_key(self, *, create: bool = False) -> bytes | None:
        """The key of the forgotten list's hashes (:mod:`.forget_key`), read once."""
        if self._forget_key is None:
            database_id = str(self._sql.value("select database_id from graph_epoch where id = 1"))
            self._forget_key = forget_key.load(self.path, database_id, create=create)
        return self._forget_key

    def forgotten_row(self, ref: AccountRef) -> dict[str, str]:
        """What ``forgotten`` keeps of an account: a keyed hash, so that neither the list
        nor a copy of the database names anyone."""
        key = self.forget_key(create=True)
        assert key is not None
        return {"network": ref.network, "key_hash": forget_key.keyed_hash(key, ref),
                "scheme": forget_key.KEYED, "forgotten_at": now()}  # fmt: skip

    def _forgotten_hashes(self, ref: AccountRef) -> list[str]:
        """The hashes ``ref`` may be listed under: keyed, and unkeyed for rows from before
        the key. The key file is read only once keyed rows exist (another process may
        have made the first since this one started)."""
        hashes = [forget_key.legacy_hash(ref)]
        if self._forget_key is None and self._sql.value(
            "select 1 from forgotten where scheme = ? limit 1", [forget_key.KEYED]
        ):
            self.forget_key()
        if self._forget_key is not None:
            hashes.append(forget_key.keyed_hash(self._forget_key, ref))
        return hashes

    def _new_person(self, name: str | None, *, is_me: bool = False) -> int:
        stamp = now()
        return self._sql.insert(
            "persons", {"name": name, "is_me": int(is_me), "created_at": stamp, "updated_at": stamp}
        )

    def upsert_account(
        self,
        record: AccountRecord,
        *,
        seen_at: str | None = None,
        capture_id: int | None = None,
        import_id: int | None = None,
        confirmed: bool = True,
    ) -> int:
        """Insert or refresh an account; a new account gets a person of its own.

        Facts a page does not show (None) never erase what an earlier capture saw.
        """
        seen = seen_at or now()
        # Checked before the write too: refusing rolls the write back, and a row from
        # before the forgotten list's key, re-keyed by the check, must stay re-keyed.
        known = self.account(record.ref)
        checked = False  # the forgotten list read inside the transaction that writes
        if known is None:
            if self.is_forgotten(record.ref):
                raise Forgotten(f"{record.network} account was forgotten at the user's request")
            checked = self._db.conn.in_transaction  # a capture's or an import's: read once
        with self.write(savepoint=False):  # raises only before writing (Forgotten)
            row = known if known is not None else self._account_of(record, unknown=True)
            facts = {k: getattr(record, k) for k in ACCOUNT_FACTS if getattr(record, k)}
            if row is not None and row["key"] != record.key:
                facts.pop("profile_url", None)  # named by an alias: keep the account's own URL
            if row is None and not checked and self.is_forgotten(record.ref):
                raise Forgotten(f"{record.network} account was forgotten at the user's request")
            if row is None:
                person_id = self._new_person(record.name or handle_of(record.key))
                account_id = self._sql.insert(
                    "accounts",
                    {
                        "network": record.network,
                        "key": record.key,
                        "person_id": person_id,
                        "confirmed": int(confirmed),
                        "first_seen": seen,
                        "last_seen": seen,
                        **facts,
                    },
                )
            else:
                account_id = int(row["id"])
                changed = {k: v for k, v in facts.items() if row.get(k) != v}
                if seen > row["last_seen"]:
                    changed["last_seen"] = seen
                if confirmed and not row["confirmed"]:
                    changed["confirmed"] = 1
                self._sql.update("accounts", account_id, changed)
                if record.name and ("name" in changed or "last_seen" in changed):
                    self.refresh_person_name(int(row["person_id"]))
            aliases = [alias for alias in record.aliases if alias != record.key]
            if aliases:
                self._add_aliases(account_id, record.network, aliases)
            evidence = (capture_id, import_id, seen)
            for kind, values in (("email", record.emails), ("phone", record.phones)):
                for value in dict.fromkeys(values):
                    self._sql.execute(_SEEN_IDENTIFIER, (account_id, kind, value, *evidence))
            for url in dict.fromkeys(record.same_as):
                self._sql.execute(_SEEN_LINK, (account_id, url, *evidence))
        return account_id

    def refresh_person_name(self, person_id: int) -> None:
        """A person's display name: :func:`best_name` of their accounts' names."""
        self.refresh_person_names([person_id])

    def refresh_person_names(self, person_ids: Iterable[int]) -> None:
        """:meth:`refresh_person_name` for many persons (after a merge), 500 per query.

        A person whose accounts show no name is named after the handle of their first
        account, except the user, who is "you" until a page or the user names them."""
        wanted = sorted(set(person_ids))
        stamp = now()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            names: dict[int, list[tuple[str, str]]] = {}
            for pid, name, seen in self._sql.execute(
                f"select person_id, name, last_seen from accounts where person_id in ({marks}) "
                "and name is not null order by id",
                chunk,
            ):
                names.setdefault(int(pid), []).append((name, seen))
            current = dict(
                self._sql.execute(f"select id, name from persons where id in ({marks})", chunk)
            )
            self._sql.executemany(
                "update persons set name = ?1, updated_at = ?2 where id = ?3 and name is not ?1",
                [(best_name(found, current.get(pid)), stamp, pid) for pid, found in names.items()],
            )
            self._sql.executemany(
                "update persons set name = case when is_me then null else coalesce(name, "
                "(select key from accounts where person_id = ?1 and key not like '~%' "
                "order by id limit 1)) end where id = ?1",
                [(pid,) for pid in chunk if pid not in names],
            )

    def is_forgotten(self, ref: AccountRef) -> bool:
        """Whether the user asked to forget this account. A row from before the key is
        re-keyed when it matches: now the account's network and key are known."""
        if self._forget_key is None and self._sql.value("select 1 from forgotten limit 1") is None:
            return False  # nothing forgotten: one look-up (asked for every new account)
        hashes = self._forgotten_hashes(ref)
        marks = ",".join("?" * len(hashes))
        scheme = self._sql.value(
            f"select scheme from forgotten where network = ? and key_hash in ({marks})",
            [ref.network, *hashes],
        )
        if scheme == forget_key.LEGACY:
            with self.write():
                self._sql.execute(
                    "delete from forgotten where network = ? and key_hash = ?",
                    [ref.network, forget_key.legacy_hash(ref)],
                )
                self._sql.insert("forgotten", self.forgotten_row(ref), replace=True)
        return scheme is not None

    def unforget_account(self, ref: AccountRef) -> bool:
        """Allow an account again (either hash). True if it was forgotten."""
        hashes = self._forgotten_hashes(ref)
        marks = ",".join("?" * len(hashes))
        with self.write():
            cursor = self._sql.execute(
                f"delete from forgotten where network = ? and key_hash in ({marks})",
                [ref.network, *hashes],
            )
            return bool(cursor.rowcount)

    def forgotten_counts(self) -> dict[str, int]:
        """Rows of the forgotten list per hash scheme (``metanet doctor``)."""
        rows = self._sql.execute("select scheme, count(*) from forgotten group by scheme")
        return {str(scheme): int(count) for scheme, count in rows}

    def account(self, ref: AccountRef) -> AccountRow | None:
        """The account under ``ref``'s key, or the one that key is an alias of."""
        # one statement (every new account of a capture or an import asks): the account
        # under the key comes first, the aliases are read only when there is none
        row = self._sql.one(
            "select 0 as alias, * from accounts where network = ?1 and key = ?2 union all "
            "select 1, a.* from account_aliases s join accounts a on a.id = s.account_id "
            "where s.network = ?1 and s.key = ?2 order by alias limit 1",
            [ref.network, ref.key],
        )
        if row is not None:
            del row["alias"]
        return cast(AccountRow | None, row)

    def _account_of(self, record: AccountRecord, *, unknown: bool = False) -> AccountRow | None:
        """The stored account a record names: under its key, or under one of its aliases
        (the account then takes the record's key, and its old key becomes an alias).
        ``unknown``: the caller found none under the key already."""
        row = None if unknown else self.account(record.ref)
        if row is not None or not record.aliases:
            return row
        for alias in record.aliases:
            row = self.account(AccountRef(record.network, alias))
            if row is not None:
                self._sql.execute(
                    "update accounts set key = ? where id = ?", [record.key, row["id"]]
                )
                self._add_aliases(int(row["id"]), record.network, [row["key"]])
                return cast(AccountRow, {**row, "key": record.key})
        return None

    def _add_aliases(self, account_id: int, network: str, keys: Iterable[str]) -> None:
        """Other keys of the account; a key already naming another account stays there
        (:meth:`alias_twins` finds that account, to be joined)."""
        self._sql.executemany(_INSERT_ALIAS, [(network, key, account_id) for key in keys])

    def alias_twins(self, account_id: int) -> list[int]:
        """Other accounts that are this one under an alias: stored under a key that is
        one of its aliases, or holding one of its aliases themselves (one member, two
        accounts, from before the alias was known)."""
        rows = self._sql.execute(
            "select a.id from account_aliases s join accounts a on a.network = s.network "
            "and a.key = s.key where s.account_id = :a and a.id != :a "
            "union select t.account_id from account_aliases s join account_aliases t on "
            "t.network = s.network and t.key = s.key where s.account_id = :a "
            "and t.account_id != :a",
            {"a": account_id},
        )
        return sorted({int(r[0]) for r in rows})

    def alias_keys(self, account_ids: Iterable[int] | None = None) -> dict[tuple[str, str], str]:
        """``(network, alias) -> key`` of the accounts' aliases (every account's: None), so
        a link to a member's other address is known as that account's page."""
        query = (
            "select s.network, s.key, a.key from account_aliases s "
            "join accounts a on a.id = s.account_id"
        )
        if account_ids is None:
            return {(n, alias): key for n, alias, key in self._sql.execute(query)}
        found: dict[tuple[str, str], str] = {}
        wanted = sorted(set(account_ids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._sql.execute(f"{query} where s.account_id in ({marks})", chunk)
            found.update(((n, alias), key) for n, alias, key in rows)
        return found

    def account_aliases(self, account_id: int) -> list[str]:
        rows = self._sql.execute(
            "select key from account_aliases where account_id = ? order by key", [account_id]
        )
        return [str(key) for (key,) in rows]

    def account_by_id(self, account_id: int) -> AccountRow:
        row = self._sql.get("accounts", account_id)
        if row is None:
            raise NotFound(f"no account with id {account_id}")
        return cast(AccountRow, row)

    def newest_account_id(self) -> int:
        """The largest account id: accounts stored later have larger ones."""
        return int(self._sql.value("select coalesce(max(id), 0) from accounts"))

    def account_exists(self, account_id: int) -> bool:
        return self._sql.value("select 1 from accounts where id = ?", [account_id]) is not None

    def person(self, person_id: int) -> PersonRow:
        row = self._sql.get("persons", person_id)
        if row is None:
            raise NotFound(f"no person with id {person_id}")
        return cast(PersonRow, row)

    def person_names(self, person_ids: Iterable[int]) -> dict[int, str | None]:
        """Display names for many persons in a few queries (500 ids per statement)."""
        wanted = sorted(set(person_ids))
        found: dict[int, str | None] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._sql.execute(f"select id, name from persons where id in ({marks})", chunk)
            found.update((int(pid), name) for pid, name in rows)
        return found

    def all_person_names(self) -> dict[int, str | None]:
        """Every person's display name, by id (the export's nodes)."""
        return {int(pid): name for pid, name in self._sql.execute("select id, name from persons")}

    def person_accounts(self, person_id: int) -> list[AccountRow]:
        rows = self._sql.query(
            "select * from accounts where person_id = ? order by network, id", [person_id]
        )
        return cast(list[AccountRow], rows)

    def account_identifiers(self, account_id: int) -> list[tuple[str, str]]:
        """(kind, value) pairs: ``email`` and ``phone``."""
        rows = self._sql.execute(
            "select kind, value from account_identifiers where account_id = ? order by kind, value",
            [account_id],
        )
        return [(kind, value) for kind, value in rows]

    def account_links(self, account_id: int) -> list[str]:
        rows = self._sql.execute(
            "select url from account_links where account_id = ? order by id", [account_id]
        )
        return [url for (url,) in rows]

    def person_accounts_of(self, person_ids: Iterable[int]) -> list[dict[str, Any]]:
        """The accounts of several persons (network, facts, last seen), newest first."""
        wanted = sorted(set(person_ids))
        rows: list[dict[str, Any]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self._sql.query(
                "select person_id, network, name, company, role, location, last_seen "
                f"from accounts where person_id in ({marks}) order by last_seen desc, id desc",
                chunk,
            )
        return rows

    def find_people(self, name: str) -> list[dict[str, Any]]:
        """Persons whose display name or any account name equals ``name`` (case-insensitive):
        a meeting's partner is linked to the one person so named. A person said as people
        say names (titles, other spellings) is :func:`metanet.identity.lookup.people_named`."""
        return self._sql.query(
            "select distinct p.* from persons p left join accounts a on a.person_id = p.id "
            "where lower(p.name) = lower(:n) or lower(a.name) = lower(:n) order by p.id",
            {"n": name.strip()},
        )

    def add_offline_person(self, name: str, *, note: str | None = None) -> int:
        """A person known only offline: an ``offline`` account keyed by a fresh id."""
        with self.write():
            person_id = self._new_person(name)
            stamp = now()
            self._sql.insert(
                "accounts",
                {
                    "network": "offline",
                    "key": f"p{person_id}",
                    "person_id": person_id,
                    "name": name,
                    "first_seen": stamp,
                    "last_seen": stamp,
                },
            )
            if note:
                self._sql.update("persons", person_id, {"note": note})
        return person_id

    def set_note(self, person_id: int, note: str | None) -> None:
        """Replace the person's note (None removes it)."""
        self.person(person_id)
        with self.write():
            self._sql.update("persons", person_id, {"note": note})

    def me(self) -> PersonRow | None:
        return cast(
            PersonRow | None, self._sql.one("select * from persons where is_me = 1 limit 1")
        )

    def viewer_account(self, network: str) -> int:
        """The user's own account on ``network``, for ties from pages of the user's own lists.

        If the user has not declared one yet, a placeholder account (key ``~me``) on the
        person *me* holds those ties until ``metanet me add URL`` names the real account.
        """
        with self.write():
            me = self.me()
            if me is not None:
                for row in self.person_accounts(int(me["id"])):
                    if row["network"] == network and row["key"] != VIEWER_KEY:
                        return int(row["id"])
            placeholder = self.account(AccountRef.viewer(network))
            if placeholder is not None:
                return int(placeholder["id"])
            me_id = int(me["id"]) if me else self._new_person(None, is_me=True)
            stamp = now()
            return self._sql.insert(
                "accounts",
                {
                    "network": network,
                    "key": VIEWER_KEY,
                    "person_id": me_id,
                    "first_seen": stamp,
                    "last_seen": stamp,
                },
            )

    def counts(self) -> dict[str, int]:
        """Row counts for ``doctor`` and the dashboard."""
        names = ("persons", "accounts", "ties", "relations", "captures", "imports")
        return {name: self._sql.count(name) for name in names}

    def network_counts(self) -> list[dict[str, Any]]:
        """Each network with its number of accounts, by name."""
        rows = self._sql.execute(
            "select network, count(*) from accounts group by network order by network"
        )
        return [{"network": network, "accounts": count} for network, count in rows]

    def export_persons(self) -> list[dict[str, Any]]:
        """Every person with their accounts (sorted by id, so exports are stable)."""
        accounts: dict[int, list[dict[str, Any]]] = {}
        for row in self._sql.query(
            f"select person_id, {', '.join(EXPORT_FIELDS)} from accounts order by person_id, id"
        ):
            pid = int(row.pop("person_id"))
            accounts.setdefault(pid, []).append(row)
        return [
            {
                "id": int(row["id"]),
                "name": row["name"],
                "is_me": bool(row["is_me"]),
                "note": row["note"],
                "accounts": accounts.get(int(row["id"]), []),
            }
            for row in self._sql.query("select id, name, is_me, note from persons order by id")
        ]
