"""Persons and their accounts: who is stored, on which networks, with which facts.

Tables: ``persons``, ``accounts``, ``account_identifiers``, ``account_links`` and
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
        if self.account(record.ref) is None and self.is_forgotten(record.ref):
            raise Forgotten(f"{record.network} account was forgotten at the user's request")
        with self.write():
            row = self.account(record.ref)
            facts = {k: getattr(record, k) for k in ACCOUNT_FACTS if getattr(record, k)}
            if row is None and self.is_forgotten(record.ref):
                raise Forgotten(f"{record.network} account was forgotten at the user's request")
            if row is None:
                person_id = self._new_person(record.name)
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
            evidence = {"capture_id": capture_id, "import_id": import_id}
            for kind, values in (("email", record.emails), ("phone", record.phones)):
                for value in values:
                    self._sql.insert(
                        "account_identifiers",
                        {"account_id": account_id, "kind": kind, "value": value, **evidence},
                        ignore=True,
                    )
            for url in record.same_as:
                self._sql.insert(
                    "account_links", {"account_id": account_id, "url": url, **evidence}, ignore=True
                )
        return account_id

    def refresh_person_name(self, person_id: int) -> None:
        """A person's display name is its most recently seen account's name."""
        name = self._sql.value(
            "select name from accounts where person_id = ? and name is not null "
            "order by last_seen desc limit 1",
            [person_id],
        )
        if name is not None:
            self._sql.update("persons", person_id, {"name": name, "updated_at": now()})

    def is_forgotten(self, ref: AccountRef) -> bool:
        """Whether the user asked to forget this account. A row from before the key is
        re-keyed when it matches: now the account's network and key are known."""
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
        row = self._sql.one(
            "select * from accounts where network = ? and key = ?", [ref.network, ref.key]
        )
        return cast(AccountRow | None, row)

    def account_by_id(self, account_id: int) -> AccountRow:
        row = self._sql.get("accounts", account_id)
        if row is None:
            raise NotFound(f"no account with id {account_id}")
        return cast(AccountRow, row)

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

    def find_people(self, name: str) -> list[dict[str, Any]]:
        """Persons whose display name or any account name equals ``name`` (case-insensitive)."""
        return self._sql.query(
            "select distinct p.* from persons p left join accounts a on a.person_id = p.id "
            "where lower(p.name) = lower(:n) or lower(a.name) = lower(:n) order by p.id",
            {"n": name.strip()},
        )

    def list_people(self, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        """Persons with their networks, most recently seen first."""
        return self._sql.query(
            "select p.id, p.name, p.is_me, group_concat(distinct a.network) as networks, "
            "max(a.last_seen) as last_seen, count(a.id) as accounts "
            "from persons p left join accounts a on a.person_id = p.id "
            "group by p.id order by last_seen desc, p.id desc limit :limit offset :offset",
            {"limit": limit, "offset": offset},
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
