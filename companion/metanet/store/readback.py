"""Persons and accounts from Metanet's own export, read back (``services/readback.py``).

An exported person is found again by any of its accounts (network and key); accounts not
stored yet are added to it with the facts and times the export gives; a forgotten account
is left out, as a capture or an import leaves it out. An ``offline`` account's key is a
number of the database that made it, so it is the same account only when the name
matches too; otherwise the person is found by an offline account of the same name, or
made with a fresh key. Into an empty database the export's person ids are kept, so the
export read back exports the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from metanet.model import AccountRef
from metanet.store.connection import now
from metanet.store.people import AccountRow
from metanet.store.ties import TieRows

OFFLINE = "offline"


class ReadBackRows(TieRows):
    """Finding or adding an exported person and their accounts."""

    def _exported_account(self, account: dict[str, Any]) -> AccountRow | None:
        row = self.account(AccountRef(account["network"], account["key"]))
        if account["network"] != OFFLINE:
            return row
        if row is not None and row["name"] == account["name"]:
            return row
        match = self._sql.one(
            "select * from accounts where network = ? and name is ? order by id limit 1",
            [OFFLINE, account["name"]],
        )
        return cast(AccountRow | None, match)

    def _widen(self, row: AccountRow, account: dict[str, Any], facts: Sequence[str]) -> None:
        """An account stored already: facts it lacks, and the earlier first and later
        last sight."""
        stored: dict[str, Any] = dict(row)
        changed = {f: account[f] for f in facts if account.get(f) and not stored[f]}
        if account["first_seen"] < row["first_seen"]:
            changed["first_seen"] = account["first_seen"]
        if account["last_seen"] > row["last_seen"]:
            changed["last_seen"] = account["last_seen"]
        if changed:
            self._sql.update("accounts", int(row["id"]), changed)

    def _person_for(self, name: str | None, is_me: bool, wanted: int | None) -> int:
        me = self.me() if is_me else None
        if me is not None:
            return int(me["id"])
        stamp = now()
        row: dict[str, Any] = {"name": name, "is_me": int(is_me), "created_at": stamp}
        if wanted is not None and self._sql.get("persons", wanted) is None:
            row["id"] = wanted
        return self._sql.insert("persons", {**row, "updated_at": stamp})

    def read_back_person(
        self,
        name: str | None,
        is_me: bool,
        note: str | None,
        accounts: list[dict[str, Any]],
        facts: Sequence[str],
        wanted_id: int | None = None,
    ) -> tuple[int | None, list[int]]:
        """Find or add one exported person; (its person id, or None when every account
        was forgotten; other persons its accounts are stored on, to be merged into it)."""
        with self.write():
            found: list[int] = []
            new: list[dict[str, Any]] = []
            for account in accounts:
                row = self._exported_account(account)
                if row is not None:
                    found.append(int(row["person_id"]))
                    self._widen(row, account, facts)
                elif not self.is_forgotten(AccountRef(account["network"], account["key"])):
                    new.append(account)
            if accounts and not found and not new:
                return None, []
            if not accounts:
                found += self._persons_without_accounts(name)
            me = self.me() if is_me else None
            person_id = int(me["id"]) if me else found[0] if found else None
            if person_id is None:
                person_id = self._person_for(name, is_me, wanted_id)
            for account in new:
                self._add_exported_account(person_id, account, facts)
            self._fill_person(person_id, name, note, is_me)
        return person_id, sorted(set(found) - {person_id})

    def _persons_without_accounts(self, name: str | None) -> list[int]:
        rows = self._sql.execute(
            "select id from persons p where name is ? and not exists "
            "(select 1 from accounts a where a.person_id = p.id) order by id limit 1",
            [name],
        )
        return [int(r[0]) for r in rows]

    def _add_exported_account(
        self, person_id: int, account: dict[str, Any], facts: Sequence[str]
    ) -> None:
        key = account["key"]
        if account["network"] == OFFLINE and self.account(AccountRef(OFFLINE, key)) is not None:
            key = f"p{person_id}"  # another database's number, taken here
        self._sql.insert(
            "accounts",
            {
                **{f: account.get(f) for f in facts},
                "network": account["network"],
                "key": key,
                "person_id": person_id,
                "first_seen": account["first_seen"],
                "last_seen": account["last_seen"],
            },
        )

    def _fill_person(self, person_id: int, name: str | None, note: str | None, is_me: bool) -> None:
        """What the stored person lacks: its name, its note, being the user."""
        row = self.person(person_id)
        changed: dict[str, Any] = {}
        if name and not row["name"]:
            changed["name"] = name
        if note and not row["note"]:
            changed["note"] = note
        if is_me and not row["is_me"] and self.me() is None:
            changed["is_me"] = 1
        if changed:
            self._sql.update("persons", person_id, {**changed, "updated_at": now()})
