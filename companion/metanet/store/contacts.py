"""How to reach people: their e-mail addresses, phone numbers and links, each with the
account, import or capture it came from and when it was last seen.

Tables: ``account_identifiers`` and ``account_links`` (written by
:meth:`~metanet.store.people.PeopleRows.upsert_account`), read with the import's file and
format or the capture's site, so a view can say where each one came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypedDict

from metanet.store.people import PeopleRows


class ContactRow(TypedDict):
    """One e-mail address (``email``), phone number (``phone``) or link (``link``)."""

    person_id: int
    account_id: int
    network: str  # the account's network: where it came from
    kind: str
    value: str
    last_seen: str | None
    import_id: int | None
    import_format: str | None
    import_file: str | None
    capture_id: int | None
    capture_site: str | None


_SOURCE = (
    "im.format as import_format, im.filename as import_file, x.capture_id, "
    "c.site as capture_site from accounts a join {rows} x on x.account_id = a.id "
    "left join imports im on im.id = x.import_id left join captures c on c.id = x.capture_id"
)
_IDENTIFIERS = (
    "select a.person_id, a.id as account_id, a.network, x.kind, x.value, x.last_seen, "
    "x.import_id, " + _SOURCE.format(rows="account_identifiers")
)
_LINKS = (
    "select a.person_id, a.id as account_id, a.network, 'link' as kind, x.url as value, "
    "x.last_seen, x.import_id, " + _SOURCE.format(rows="account_links")
)


class AccountOrigin(TypedDict):
    """The import or capture that last brought an account (its own profile)."""

    import_id: int | None
    import_format: str | None
    import_file: str | None
    capture_id: int | None
    capture_site: str | None


class ContactRows(PeopleRows):
    """Reading how to reach people, and reading stored phone numbers in a new region."""

    def person_contact_rows(self, person_id: int) -> list[ContactRow]:
        """Every e-mail address, phone number and link of the person's accounts."""
        rows: list[Any] = []
        for statement in (_IDENTIFIERS, _LINKS):
            rows += self._sql.query(f"{statement} where a.person_id = ?", [person_id])
        return rows

    def account_origins(self, account_ids: Iterable[int]) -> dict[int, AccountOrigin]:
        """Per account, the newest import that listed it or capture of its own page (by
        the indexes of m011); accounts that neither brought (the demo, a name typed in)
        are missing."""
        found: dict[int, tuple[str, AccountOrigin]] = {}
        for account_id in sorted(set(account_ids)):
            row = self._sql.execute(
                "select im.imported_at, im.id, im.format, im.filename from accounts a "
                "join import_entries e on e.network = a.network and e.key = a.key "
                "join imports im on im.id = e.import_id where a.id = ? "
                "order by im.imported_at desc, im.id desc limit 1",
                [account_id],
            ).fetchone()
            if row is not None:
                found[account_id] = (str(row[0] or ""), {"import_id": row[1],
                    "import_format": row[2], "import_file": row[3], "capture_id": None,
                    "capture_site": None})  # fmt: skip
            row = self._sql.execute(
                "select received_at, id, site from captures where owner_account_id = ? "
                "and outcome = 'stored' order by received_at desc, id desc limit 1",
                [account_id],
            ).fetchone()
            if row is not None and str(row[0] or "") > found.get(account_id, ("",))[0]:
                found[account_id] = (str(row[0]), {"import_id": None, "import_format": None,
                    "import_file": None, "capture_id": row[1], "capture_site": row[2]})  # fmt: skip
        return {account_id: origin for account_id, (_, origin) in found.items()}

    def all_contact_rows(self) -> Iterator[tuple[int, list[ContactRow]]]:
        """(person id, rows) for every person with any, by person id (the vCard export)."""
        by_person: dict[int, list[Any]] = {}
        for statement in (_IDENTIFIERS, _LINKS):
            for row in self._sql.query(statement):
                by_person.setdefault(int(row["person_id"]), []).append(row)
        for person_id in sorted(by_person):
            yield person_id, by_person[person_id]

    def phones_without_country(self) -> list[tuple[int, int, str]]:
        """(row id, account id, digits) of stored numbers whose country was never known."""
        rows = self._sql.execute(
            "select id, account_id, value from account_identifiers "
            "where kind = 'phone' and value not like '+%'"
        )
        return [(int(row_id), int(account), str(value)) for row_id, account, value in rows]

    def rewrite_phones(self, changes: Iterable[tuple[int, int, str]]) -> list[int]:
        """Store numbers in a new form: (row id, account id, new value) each. A row whose
        account already holds the new value goes (one number, one row). The accounts."""
        accounts: list[int] = []
        with self.write():
            for row_id, account_id, value in changes:
                twin = self._sql.value(
                    "select id from account_identifiers where account_id = ? and kind = 'phone' "
                    "and value = ?",
                    [account_id, value],
                )
                if twin is None:
                    self._sql.execute(
                        "update account_identifiers set value = ? where id = ?", [value, row_id]
                    )
                else:
                    self._sql.execute("delete from account_identifiers where id = ?", [row_id])
                accounts.append(account_id)
        return sorted(set(accounts))
