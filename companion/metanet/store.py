"""The store: one SQLite file (WAL) behind one API.

Every write goes through :meth:`Store.write`, a ``BEGIN IMMEDIATE`` transaction: a capture
or an import is stored whole or not at all, and concurrent writers (several host processes,
``metanet serve``) queue on SQLite's lock instead of failing half-way.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from metanet import migrations, paths
from metanet.model import VIEWER_KEY, AccountRecord, AccountRef
from metanet.reasons import encode

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 6
ACCOUNT_FACTS = ("profile_url", "name", "headline", "company", "role", "location", "photo_url")


class StoreError(Exception):
    """A store operation failed for a reason the user can act on."""


class StoreBusy(StoreError):
    """Another process held the database longer than we waited; nothing was written."""


class Forgotten(StoreError):
    """The user asked to forget this account; it is not created again by a capture or import."""


class NotFound(StoreError):
    """The named account, person or capture does not exist."""


def now() -> str:
    """The current time as stored everywhere: ISO 8601 in UTC, seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def last_id(table: Any) -> int:
    """The rowid of the row a sqlite-utils table just inserted."""
    if table.last_pk is None:
        raise StoreError(f"no row was inserted into {table.name}")
    return int(table.last_pk)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Store:
    """The Metanet database. Open one per process; it is not shared across threads."""

    def __init__(self, path: Path | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path or paths.database()
        new = not self.path.exists()
        if new:
            # Create the file ourselves so it is never readable by others, even briefly.
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        self.db = sqlite_utils.Database(self.path)
        self.db.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        self.db.conn.execute("PRAGMA foreign_keys = ON")
        # Deleted content is overwritten, so "forget" and "wipe" leave nothing in free pages.
        self.db.conn.execute("PRAGMA secure_delete = ON")
        if self.db.journal_mode != "wal":
            self._retry(self.db.enable_wal)
        self._retry(lambda: migrations.apply(self.db))
        os.chmod(self.path, 0o600)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------------------

    @staticmethod
    def _retry(action: Any) -> Any:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                    if _is_busy(exc):
                        raise StoreBusy("the database is busy; nothing was written") from exc
                    raise
                time.sleep(0.05 * (attempt + 1))
        return None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction. Nested calls join the outer one (savepoints)."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self._retry(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        try:
            self._retry(self.db.commit)
        except BaseException:
            self.db.rollback()
            raise

    def data_version(self) -> int:
        """Changes whenever another connection commits (PRAGMA data_version)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # -- accounts and persons -----------------------------------------------------------

    # -- hot-path writes ----------------------------------------------------------------
    # A capture of a 500-card list writes ~2,500 rows. sqlite-utils' insert()/update()
    # re-inspect the table on every call (about 150 µs each, measured: half of a capture's
    # store time), so the rows a capture writes go through these two plain statements.
    # Schema, migrations, FTS and everything else stay with sqlite-utils.

    def _insert(self, table: str, row: dict[str, Any], *, ignore: bool = False) -> int:
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" * len(row))
        verb = "insert or ignore" if ignore else "insert"
        cursor = self.db.conn.execute(
            f"{verb} into [{table}] ({columns}) values ({marks})", list(row.values())
        )
        return int(cursor.lastrowid or 0)

    def _update(self, table: str, row_id: int, fields: dict[str, Any]) -> None:
        if fields:
            assignments = ", ".join(f"[{c}] = ?" for c in fields)
            self.db.conn.execute(
                f"update [{table}] set {assignments} where id = ?", [*fields.values(), row_id]
            )

    def _new_person(self, name: str | None, *, is_me: bool = False) -> int:
        stamp = now()
        return self._insert(
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
        with self.write():
            row = self.account(record.ref)
            facts = {k: getattr(record, k) for k in ACCOUNT_FACTS if getattr(record, k)}
            if row is None and self.is_forgotten(record.ref):
                raise Forgotten(f"{record.network} account was forgotten at the user's request")
            if row is None:
                person_id = self._new_person(record.name)
                account_id = self._insert(
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
                self._update("accounts", account_id, changed)
                if record.name and ("name" in changed or "last_seen" in changed):
                    self._refresh_person_name(int(row["person_id"]))
            evidence = {"capture_id": capture_id, "import_id": import_id}
            for kind, values in (("email", record.emails), ("phone", record.phones)):
                for value in values:
                    self._insert(
                        "account_identifiers",
                        {"account_id": account_id, "kind": kind, "value": value, **evidence},
                        ignore=True,
                    )
            for url in record.same_as:
                self._insert(
                    "account_links", {"account_id": account_id, "url": url, **evidence}, ignore=True
                )
        return account_id

    def _refresh_person_name(self, person_id: int) -> None:
        """A person's display name is its most recently seen account's name."""
        row = self.db.execute(
            "select name from accounts where person_id = ? and name is not null "
            "order by last_seen desc limit 1",
            [person_id],
        ).fetchone()
        if row:
            self.db.table("persons").update(person_id, {"name": row[0], "updated_at": now()})

    @staticmethod
    def forget_hash(ref: AccountRef) -> str:
        return hashlib.sha256(f"{ref.network}\x00{ref.key}".encode()).hexdigest()

    def is_forgotten(self, ref: AccountRef) -> bool:
        return bool(
            self.db.execute(
                "select 1 from forgotten where network = ? and key_hash = ?",
                [ref.network, self.forget_hash(ref)],
            ).fetchone()
        )

    def account(self, ref: AccountRef) -> dict[str, Any] | None:
        cursor = self.db.conn.execute(
            "select * from accounts where network = ? and key = ?", [ref.network, ref.key]
        )
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    def account_by_id(self, account_id: int) -> dict[str, Any]:
        try:
            return dict(self.db.table("accounts").get(account_id))
        except sqlite_utils.db.NotFoundError:
            raise NotFound(f"no account with id {account_id}") from None

    def person(self, person_id: int) -> dict[str, Any]:
        try:
            return dict(self.db.table("persons").get(person_id))
        except sqlite_utils.db.NotFoundError:
            raise NotFound(f"no person with id {person_id}") from None

    def person_names(self, person_ids: Iterable[int]) -> dict[int, str | None]:
        """Display names for many persons in a few queries (500 ids per statement)."""
        wanted = sorted(set(person_ids))
        found: dict[int, str | None] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"select id, name from persons where id in ({marks})", chunk)
            found.update((int(pid), name) for pid, name in rows)
        return found

    def person_accounts(self, person_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.table("accounts").rows_where(
                "person_id = ?", [person_id], order_by="network, id"
            )
        )

    def account_identifiers(self, account_id: int) -> list[tuple[str, str]]:
        """(kind, value) pairs: ``email`` and ``phone``."""
        return [
            (row["kind"], row["value"])
            for row in self.db.table("account_identifiers").rows_where(
                "account_id = ?", [account_id], order_by="kind, value"
            )
        ]

    def account_links(self, account_id: int) -> list[str]:
        return [
            row["url"]
            for row in self.db.table("account_links").rows_where(
                "account_id = ?", [account_id], order_by="id"
            )
        ]

    def find_people(self, name: str) -> list[dict[str, Any]]:
        """Persons whose display name or any account name equals ``name`` (case-insensitive)."""
        return [
            dict(row)
            for row in self.db.query(
                "select distinct p.* from persons p left join accounts a on a.person_id = p.id "
                "where lower(p.name) = lower(:n) or lower(a.name) = lower(:n) order by p.id",
                {"n": name.strip()},
            )
        ]

    def list_people(self, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        """Persons with their networks, most recently seen first."""
        return list(
            self.db.query(
                "select p.id, p.name, p.is_me, group_concat(distinct a.network) as networks, "
                "max(a.last_seen) as last_seen, count(a.id) as accounts "
                "from persons p left join accounts a on a.person_id = p.id "
                "group by p.id order by last_seen desc, p.id desc limit :limit offset :offset",
                {"limit": limit, "offset": offset},
            )
        )

    def add_offline_person(self, name: str, *, note: str | None = None) -> int:
        """A person known only offline: an ``offline`` account keyed by a fresh id."""
        with self.write():
            person_id = self._new_person(name)
            stamp = now()
            self.db.table("accounts").insert(
                {
                    "network": "offline",
                    "key": f"p{person_id}",
                    "person_id": person_id,
                    "name": name,
                    "first_seen": stamp,
                    "last_seen": stamp,
                }
            )
            if note:
                self.db.table("persons").update(person_id, {"note": note})
        return person_id

    def me(self) -> dict[str, Any] | None:
        rows = list(self.db.table("persons").rows_where("is_me = 1", limit=1))
        return rows[0] if rows else None

    def set_me(self, account_id: int) -> int:
        """Declare an account as the user's own; its person becomes *me*.

        Ties captured from the user's own lists before this account was declared hang on
        a placeholder account of that network: they move to the declared account.
        """
        with self.write():
            account = self.account_by_id(account_id)
            person_id = int(account["person_id"])
            current = self.me()
            if current is None:
                self.db.table("persons").update(person_id, {"is_me": 1, "updated_at": now()})
                me_id = person_id
            else:
                me_id = int(current["id"])
                if me_id != person_id:
                    self.merge_persons(
                        me_id, person_id, source="user", reason=encode([{"code": "own_account"}])
                    )
            placeholder = self.account(AccountRef.viewer(account["network"]))
            if placeholder is not None and int(placeholder["id"]) != account_id:
                self._move_ties(int(placeholder["id"]), account_id)
                self._retire_account(int(placeholder["id"]), account_id)
            return me_id

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
            table = self.db.table("accounts")
            table.insert(
                {
                    "network": network,
                    "key": VIEWER_KEY,
                    "person_id": me_id,
                    "first_seen": stamp,
                    "last_seen": stamp,
                }
            )
            return last_id(table)

    def _retire_account(self, old_id: int, new_id: int) -> None:
        """Delete account ``old_id`` after pointing everything that names it at ``new_id``."""
        for table, column in (
            ("captures", "owner_account_id"),
            ("merge_decisions", "a_account_id"),
            ("merge_decisions", "b_account_id"),
        ):
            self.db.execute(f"update {table} set {column} = ? where {column} = ?", [new_id, old_id])
        for table in ("account_links", "account_identifiers"):  # unique per account: keep one
            self.db.execute(
                f"update or ignore {table} set account_id = ? where account_id = ?",
                [new_id, old_id],
            )
            self.db.execute(f"delete from {table} where account_id = ?", [old_id])
        self.db.execute("delete from merge_decisions where a_account_id = b_account_id")
        self.db.table("accounts").delete(old_id)

    def _move_ties(self, old_id: int, new_id: int) -> None:
        """Re-point every tie of account ``old_id`` to ``new_id``, keeping all evidence."""
        ties = list(
            self.db.query(
                "select * from ties where src_account_id = :a or dst_account_id = :a", {"a": old_id}
            )
        )
        for tie in ties:
            src = new_id if tie["src_account_id"] == old_id else tie["src_account_id"]
            dst = new_id if tie["dst_account_id"] == old_id else tie["dst_account_id"]
            if not tie["directed"] and src > dst:
                src, dst = dst, src
            twin = self.db.execute(
                "select id from ties where src_account_id = ? and dst_account_id = ? and kind = ? "
                "and id != ?",
                [src, dst, tie["kind"], tie["id"]],
            ).fetchone()
            if src == dst:
                self.db.execute("delete from tie_evidence where tie_id = ?", [tie["id"]])
                self.db.table("ties").delete(tie["id"])
            elif twin:
                self.db.execute(
                    "update tie_evidence set tie_id = ? where tie_id = ?", [twin[0], tie["id"]]
                )
                self.db.table("ties").delete(tie["id"])
            else:
                self.db.table("ties").update(
                    tie["id"], {"src_account_id": src, "dst_account_id": dst}
                )

    def merge_persons(
        self, keep_id: int, other_id: int, *, source: str, reason: str, score: float | None = None
    ) -> None:
        """Move every account and relation of ``other_id`` to ``keep_id`` and record why.

        The decision is recorded per account pair so it can be undone (identity issue).
        """
        if keep_id == other_id:
            return
        with self.write():
            keep_accounts = self.person_accounts(keep_id)
            other_accounts = self.person_accounts(other_id)
            if keep_accounts and other_accounts:
                self.db.table("merge_decisions").insert(
                    {
                        "a_account_id": keep_accounts[0]["id"],
                        "b_account_id": other_accounts[0]["id"],
                        "decision": "same",
                        "source": source,
                        "score": score,
                        "reason": reason,
                        "created_at": now(),
                    }
                )
            self.db.execute(
                "update accounts set person_id = ? where person_id = ?", [keep_id, other_id]
            )
            self.db.execute(
                "update or ignore relations set a_person_id = ? where a_person_id = ?",
                [keep_id, other_id],
            )
            self.db.execute(
                "update or ignore relations set b_person_id = ? where b_person_id = ?",
                [keep_id, other_id],
            )
            self.db.execute(
                "delete from relations where a_person_id = ? or b_person_id = ?",
                [other_id, other_id],
            )
            self.db.execute("delete from relations where a_person_id = b_person_id")
            other = self.person(other_id)
            if other["is_me"]:
                self.db.table("persons").update(keep_id, {"is_me": 1})
            self.db.table("persons").delete(other_id)
            self._refresh_person_name(keep_id)

    # -- ties ---------------------------------------------------------------------------

    def add_tie(
        self,
        src_id: int,
        dst_id: int,
        *,
        network: str,
        kind: str,
        directed: bool,
        seen_at: str | None = None,
        capture_id: int | None = None,
        import_id: int | None = None,
        since: str | None = None,
    ) -> int:
        """Record that ``src`` knows ``dst``, with the capture or import that says so.

        ``since`` is when the source says the tie began (an export's "Connected On"): the
        tie's ``first_seen`` is the earliest date any evidence gives.
        """
        if src_id == dst_id:
            raise StoreError("an account cannot be tied to itself")
        seen = seen_at or now()
        first = min(since, seen) if since else seen
        if not directed and src_id > dst_id:
            src_id, dst_id = dst_id, src_id  # one row per undirected pair
        with self.write():
            existing = self.db.execute(
                "select id, first_seen, last_seen from ties where src_account_id = ? "
                "and dst_account_id = ? and kind = ?",
                [src_id, dst_id, kind],
            ).fetchone()
            if existing:
                tie_id = int(existing[0])
                changed = {}
                if first < existing[1]:
                    changed["first_seen"] = first
                if seen > (existing[2] or ""):
                    changed["last_seen"] = seen
                self._update("ties", tie_id, changed)
            else:
                tie_id = self._insert(
                    "ties",
                    {
                        "src_account_id": src_id,
                        "dst_account_id": dst_id,
                        "network": network,
                        "kind": kind,
                        "directed": int(directed),
                        "first_seen": first,
                        "last_seen": seen,
                    },
                )
            self._insert(
                "tie_evidence",
                {
                    "tie_id": tie_id,
                    "capture_id": capture_id,
                    "import_id": import_id,
                    "seen_at": seen,
                },
            )
        return tie_id

    def relate(
        self,
        a_person: int,
        b_person: int,
        label: str,
        *,
        strength: float | None = None,
        note: str | None = None,
        source: str = "user",
    ) -> int:
        """An offline relation typed by the user ("golf partner"), person to person."""
        if a_person == b_person:
            raise StoreError("a person cannot be related to themselves")
        label = label.strip()
        if not label:
            raise StoreError("a relation needs a label, e.g. 'neighbour'")
        self.person(a_person)
        self.person(b_person)
        a_person, b_person = sorted((a_person, b_person))
        key = {"a_person_id": a_person, "b_person_id": b_person, "label": label}
        # Saying the same relation again keeps what it had: no strength or note is erased.
        given = {k: v for k, v in (("strength", strength), ("note", note)) if v is not None}
        with self.write():
            table = self.db.table("relations")
            table.insert({**key, **given, "source": source, "created_at": now()}, ignore=True)
            row = self.db.execute(
                "select id from relations where a_person_id = ? and b_person_id = ? and label = ?",
                [a_person, b_person, label],
            ).fetchone()
            if given:
                table.update(row[0], given)
        return int(row[0])

    def person_ties(self, person_id: int) -> list[dict[str, Any]]:
        """Every tie of a person to another person: network ties and offline relations.

        Each row: ``other`` (person id), ``network``, ``kind`` (contact, friend, follows,
        or the relation's label), ``direction`` (both, out, in) and ``since``.
        """
        sql = """
        select b.person_id as other, t.network, t.kind,
               case when t.directed = 0 then 'both' else 'out' end as direction,
               t.first_seen as since
          from accounts a join ties t on t.src_account_id = a.id
          join accounts b on b.id = t.dst_account_id
         where a.person_id = :p and b.person_id != :p
        union all
        select a.person_id, t.network, t.kind,
               case when t.directed = 0 then 'both' else 'in' end, t.first_seen
          from accounts b join ties t on t.dst_account_id = b.id
          join accounts a on a.id = t.src_account_id
         where b.person_id = :p and a.person_id != :p
        union all
        select case when r.a_person_id = :p then r.b_person_id else r.a_person_id end,
               'offline', r.label, 'both', r.created_at
          from relations r where r.a_person_id = :p or r.b_person_id = :p
        """
        return [dict(row) for row in self.db.query(sql, {"p": person_id})]

    # -- captures -----------------------------------------------------------------------

    def add_capture(self, fields: dict[str, Any], html: str, *, size: int | None = None) -> int:
        """Store one received page (compressed) with its outcome.

        ``size`` overrides the stored size: a capture whose raw page is not kept stores
        ``html=""`` and the original page's size.
        """
        raw = html.encode("utf-8", "surrogatepass")
        table = self.db.table("captures")
        with self.write():
            row = {**fields, "size": len(raw) if size is None else size}
            table.insert({**row, "html_z": zlib.compress(raw, 6)})
        return last_id(table)

    def update_capture(self, capture_id: int, fields: dict[str, Any]) -> None:
        with self.write():
            self.db.table("captures").update(capture_id, fields)

    def capture_html(self, capture_id: int) -> str:
        try:
            row = self.db.table("captures").get(capture_id)
        except sqlite_utils.db.NotFoundError:
            raise NotFound(f"no capture with id {capture_id}") from None
        return zlib.decompress(row["html_z"]).decode("utf-8", "surrogatepass")

    def list_captures(self, limit: int = 100) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select c.id, c.url, c.title, c.site, c.kind, c.received_at, c.parser, "
                "c.parser_version, c.outcome, c.error, c.size, c.accounts_seen, c.ties_seen, "
                "a.person_id as owner_person_id, a.name as owner_name "
                "from captures c left join accounts a on a.id = c.owner_account_id "
                "order by c.id desc limit :limit",
                {"limit": limit},
            )
        )

    def counts(self) -> dict[str, int]:
        """Row counts for ``doctor`` and the dashboard."""
        names = ("persons", "accounts", "ties", "relations", "captures", "imports")
        return {name: self.db.table(name).count for name in names}

    def split_accounts(
        self, account_ids: list[int], *, name: str | None = None, note: str | None = None
    ) -> int:
        """Move accounts to a new person of their own: the counterpart of :meth:`merge_persons`.

        Used to undo a merge and to split a wrongly merged account off. The caller records
        the decision (identity/decisions.py); the person left behind keeps its id.
        """
        if not account_ids:
            raise StoreError("a split needs at least one account")
        with self.write():
            old_people = {int(self.account_by_id(a)["person_id"]) for a in account_ids}
            new_id = self._new_person(name)
            if note:
                self.db.table("persons").update(new_id, {"note": note})
            self.db.conn.executemany(
                "update accounts set person_id = ? where id = ?",
                [(new_id, a) for a in account_ids],
            )
            for person_id in (*old_people, new_id):
                self._refresh_person_name(person_id)
        return new_id

    # -- reparse (metanet reparse) --------------------------------------------------------

    def capture_rows(self) -> list[dict[str, Any]]:
        """Every capture's row without its page, oldest first (pages: :meth:`capture_html`)."""
        return list(
            self.db.query(
                "select id, url, title, site, kind, received_at, parser, parser_version, "
                "outcome, error, owner_account_id, accounts_seen, ties_seen, size "
                "from captures order by id"
            )
        )

    def drop_repeated_evidence(self, capture_id: int) -> None:
        """Keep one evidence row per tie for this capture (a re-read page says it again)."""
        with self.write():
            self.db.execute(
                "delete from tie_evidence where capture_id = :c and id not in "
                "(select min(id) from tie_evidence where capture_id = :c group by tie_id)",
                {"c": capture_id},
            )
