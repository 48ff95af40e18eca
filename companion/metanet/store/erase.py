"""Forget a person, remove a network, or wipe everything: gone from every table, the search
index, stored raw pages and the WAL, and not brought back by a later capture, reparse or
import.

Rows are found through the schema's foreign keys, so a table added later is covered as long
as it declares them; the few personal columns kept without a foreign key (they must survive
merges) are listed in :data:`UNLINKED_PERSON_COLUMNS` and :data:`KEYED_TABLES`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from metanet import paths
from metanet.model import VIEWER_KEY, AccountRef
from metanet.store import forget_key, scrub
from metanet.store.captures import EMPTIED_PAGE
from metanet.store.connection import open_lock
from metanet.store.people import AccountRow, PeopleRows, PersonRow

if TYPE_CHECKING:
    from metanet.mentions import Mentions

# Columns naming a person without a foreign key (see the migrations for why).
UNLINKED_PERSON_COLUMNS = {
    "tie_ratings": ("a_person_id", "b_person_id"),
    "request_matches": ("person_id", "introducer_id"),
    # the breakfast meeting (answers/introductions.py, answers/partners.py): a forgotten
    # partner takes their requests and introductions along (foreign keys, below)
    "introductions": ("introducer_id", "person_id", "to_id"),
    "partners": ("person_id",),
    # what the user and the person did together (answers/interactions.py): the counts go
    "interactions": ("person_id",),
}
# Tables naming an account by (network, key) rather than by id (import history).
KEYED_TABLES = ("import_entries", "import_changes")


@dataclass
class ForgetReport:
    person_id: int
    name: str | None
    accounts: int
    rows_deleted: int
    raw_pages_removed: int
    #: another program was reading: the old copies leave the files when it stops
    pending: bool = False


@dataclass
class NetworkReport:
    network: str
    accounts: int
    persons: int
    captures: int
    rows_deleted: int
    pending: bool = False


def _origin(url: str) -> str:
    """What is left of a page's address that named a forgotten person: its site."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""


def _in(ids: Iterable[int]) -> tuple[str, list[int]]:
    values = sorted(set(ids))
    return ",".join("?" * len(values)), values


class EraseRows(PeopleRows):
    """Deleting for good, at the user's request."""

    def _referrers(self, parent: str) -> list[tuple[str, str]]:
        """(table, column) pairs whose foreign key points at ``parent``."""
        found = []
        for table in self.table_names():
            for fk in self._sql.execute(f"pragma foreign_key_list([{table}])").fetchall():
                if fk[2] == parent:
                    found.append((table, fk[3]))
        return found

    def _delete(self, table: str, rowids: list[int]) -> int:
        """Delete rows and, first, every row that refers to them (recursively)."""
        if not rowids:
            return 0
        deleted = 0
        marks, values = _in(rowids)
        for child, column in self._referrers(table):
            if child == table:
                continue
            child_ids = [
                r[0]
                for r in self._sql.execute(
                    f"select rowid from [{child}] where [{column}] in ({marks})", values
                )
            ]
            deleted += self._delete(child, child_ids)
        cursor = self._sql.execute(f"delete from [{table}] where rowid in ({marks})", values)
        return deleted + int(cursor.rowcount)

    def _captures_about(self, account_ids: list[int]) -> set[int]:
        """Captures whose parse named these accounts (what the pages parsed to): evidence
        of their ties, links or identifiers, what a page said about shared connections.
        (Captures of their own profiles go with the accounts, through the foreign key.)"""
        marks, values = _in(account_ids)
        if not values:
            return set()
        rows = self._sql.execute(
            "select e.capture_id from tie_evidence e join ties t on t.id = e.tie_id "
            f"where t.src_account_id in ({marks}) and e.capture_id is not null "
            "union select e.capture_id from tie_evidence e join ties t on t.id = e.tie_id "
            f"where t.dst_account_id in ({marks}) and e.capture_id is not null "
            f"union select capture_id from account_links where account_id in ({marks}) "
            "and capture_id is not null "
            f"union select capture_id from account_identifiers where account_id in ({marks}) "
            "and capture_id is not null "
            f"union select capture_id from shared_mentions where (account_id in ({marks}) "
            f"or known_account_id in ({marks})) and capture_id is not null "
            f"union select capture_id from shared_counts where account_id in ({marks}) "
            "and capture_id is not null",
            values * 7,
        )
        return {int(r[0]) for r in rows}

    def _mentions(self, person: PersonRow, accounts: list[AccountRow]) -> Mentions:
        """How stored pages may name this person: names, keys, profile and linked URLs,
        e-mail addresses (an offline account's key is an id of ours, named nowhere)."""
        from metanet.mentions import Mentions  # lxml and the folding: only when forgetting

        online = [a for a in accounts if a["network"] != "offline" and a["key"] != VIEWER_KEY]
        links = [a["profile_url"] or "" for a in online]
        for account in accounts:
            links += self.account_links(int(account["id"]))
            links += [
                v for kind, v in self.account_identifiers(int(account["id"])) if kind == "email"
            ]
        return Mentions(
            [person["name"] or "", *(a["name"] or "" for a in accounts)],
            [a["key"] for a in online],
            links,
        )

    def _scrub_pages(self, mentions: Mentions, about: set[int]) -> int:
        """Empty every stored page that names the person (by its parse or its decoded
        text) and clear a title or URL that names them; how many pages were emptied."""
        changes: list[tuple[int, dict[str, object]]] = []
        for capture_id, url, title, blob in self._sql.execute(
            "select id, url, title, html_z from captures"
        ):
            page = zlib.decompress(blob).decode("utf-8", "surrogatepass") if blob else ""
            fields: dict[str, object] = {}
            if capture_id in about or mentions.in_page(page):
                fields = dict(EMPTIED_PAGE)
            if title and mentions.in_text(title):
                fields["title"] = None
            if mentions.in_text(url):
                fields["url"] = _origin(url)
            if fields:
                changes.append((int(capture_id), fields))
        for capture_id, fields in changes:
            self._sql.update("captures", capture_id, fields)
        return sum(1 for _, fields in changes if "html_z" in fields)

    def _delete_where(self, table: str, column: str, values: list[int]) -> int:
        """Delete the rows whose ``column`` is one of ``values``, with their referrers."""
        if table not in self.table_names() or not values:
            return 0
        marks, values = _in(values)
        rowids = self._sql.execute(
            f"select rowid from [{table}] where [{column}] in ({marks})", values
        )
        return self._delete(table, [int(r[0]) for r in rowids])

    def forget_person(self, person_id: int) -> ForgetReport:
        """Remove a person and everything that names them, in one transaction (read inside
        it too: a capture naming them cannot slip in between)."""
        with self.write():
            person = self.person(person_id)
            accounts = self.person_accounts(person_id)
            account_ids = [int(a["id"]) for a in accounts]
            refs = [
                AccountRef(a["network"], key)
                for a in accounts
                for key in (a["key"], *self.account_aliases(int(a["id"])))
                if key != VIEWER_KEY
            ]
            mentions = self._mentions(person, accounts)
            about = self._captures_about(account_ids)
            deleted = 0
            for table, columns in UNLINKED_PERSON_COLUMNS.items():
                for column in columns:
                    deleted += self._delete_where(table, column, [person_id])
            for table in KEYED_TABLES:
                if table in self.table_names():
                    for ref in refs:
                        deleted += self._sql.execute(
                            f"delete from [{table}] where network = ? and key = ?",
                            [ref.network, ref.key],
                        ).rowcount
            deleted += self._delete("accounts", account_ids)
            deleted += self._delete("persons", [person_id])
            said = (person["name"], *(a["name"] for a in accounts))
            names = sorted({name.lower() for name in said if name})
            if names:  # a page that named them without a link (shared connections)
                marks = ",".join("?" * len(names))
                deleted += self._sql.execute(
                    f"delete from shared_mentions where lower(name) in ({marks})", names
                ).rowcount
            pages = self._scrub_pages(mentions, about)
            for ref in refs:
                self._sql.insert("forgotten", self.forgotten_row(ref), replace=True)
        done = self.compact()
        return ForgetReport(person_id, person["name"], len(accounts), deleted, pages, not done)

    def forget_network(self, network: str) -> NetworkReport:
        """Remove everything from one network: its accounts with their ties, evidence and
        decisions, its import history, the captures of that site, and the persons that are
        left without any account (the user stays, with their offline relations).

        Unlike :meth:`forget_person` this does not block the network's accounts from coming
        back: it clears what was gathered, and capturing again is the user's choice.
        """
        account_ids = [
            int(r[0])
            for r in self._sql.execute("select id from accounts where network = ?", [network])
        ]
        marks, values = _in(account_ids)
        persons = [
            int(r[0])
            for r in self._sql.execute(
                f"select distinct person_id from accounts where id in ({marks})", values
            )
        ]
        with self.write():
            deleted = 0
            for table in KEYED_TABLES:
                if table in self.table_names():
                    deleted += self._sql.execute(
                        f"delete from [{table}] where network = ?", [network]
                    ).rowcount
            captures = [
                int(r[0])
                for r in self._sql.execute("select id from captures where site = ?", [network])
            ]
            deleted += self._delete("accounts", account_ids)
            deleted += self._delete("captures", captures)
            orphans: list[int] = []
            if persons:
                marks, values = _in(persons)
                orphans = [
                    int(r[0])
                    for r in self._sql.execute(
                        f"select id from persons where id in ({marks}) and is_me = 0 and not "
                        "exists (select 1 from accounts where accounts.person_id = persons.id)",
                        values,
                    )
                ]
            for table, columns in UNLINKED_PERSON_COLUMNS.items():
                for column in columns:
                    deleted += self._delete_where(table, column, orphans)
            deleted += self._delete("persons", orphans)
        done = self.compact()
        return NetworkReport(
            network, len(account_ids), len(orphans), len(captures), deleted, not done
        )

    def unforget(self, ref: AccountRef) -> bool:
        """Allow an account again (the user adds the person back). True if it was forgotten."""
        return self.unforget_account(ref)

    def compact(self) -> bool:
        """Push deletions out of the search index and the WAL into overwritten free pages.

        False when another program's open read kept the old copies in the files past
        :data:`~metanet.store.scrub.WAIT_S`: the scrub is then pending and finishes by
        itself (:mod:`metanet.store.scrub`).
        """
        for table in self.table_names():
            if (
                table.endswith("_fts")
                and self._sql.value(
                    "select 1 from sqlite_master where name = ? and sql like '%fts5%'", [table]
                )
                is not None
            ):
                self._sql.execute(f"insert into [{table}]([{table}]) values ('rebuild')")
        self._sql.commit()
        self._sql.execute("PRAGMA wal_checkpoint(PASSIVE)")  # a smaller log first; no wait
        self._sql.execute("VACUUM")
        if scrub.finish(self._sql, self.path, wait_s=scrub.WAIT_S):
            return True
        scrub.leave_pending(self.path)
        return False


def database_files(database: Path) -> list[Path]:
    """The database file, its write-ahead log and index, a pending scrub's mark and the
    forgotten list's key, in the order a wipe removes them: the file first, so nobody
    opens the old database once its removal began."""
    logs = [database.with_name(database.name + end) for end in ("-wal", "-shm")]
    checked = database.with_name(database.name + ".backup-checked")  # services/auto_backup.py
    return [database, *logs, scrub.mark(database), forget_key.key_path(database), checked]


def remove_database(database: Path) -> list[str]:
    """Delete a database's files, under the lock every opening takes (see
    :func:`~metanet.store.connection.open_lock`); the lock file goes last.

    A process that has the database open keeps its handle on the removed file; it notices
    (:meth:`~metanet.store.connection.Connection.replaced`) and opens a new one.
    """
    removed = []
    with open_lock(database) as held:
        for path in database_files(database):
            if path.exists():
                path.unlink()
                removed.append(str(path))
    Path(held.lock_file).unlink(missing_ok=True)
    database.with_name(database.name + ".migrate-lock").unlink(missing_ok=True)
    return removed


def _restore_asides(database: Path) -> list[Path]:
    """The databases a restore kept aside (``services/backup.py``), with their keys."""
    return sorted(database.parent.glob(database.name + ".before-restore-*"))


def wipe_files(database: Path | None = None) -> list[str]:
    """Delete the database (with its WAL), the secret fallback file and the logs; and
    ``database`` too, when it is another file than the data folder's (``--db``)."""
    home = paths.home()
    removed = remove_database(paths.database())
    if database is not None and database.resolve() != paths.database().resolve():
        removed += remove_database(database)
    for path in [
        paths.secret_fallback_file(),
        paths.server_file(),
        *sorted((home / "logs").glob("*")),
        *_restore_asides(paths.database()),
    ]:
        if path.exists():
            path.unlink()
            removed.append(str(path))
    return removed
