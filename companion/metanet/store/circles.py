"""Circles and their members: clubs, chapters, employers, schools as groups of their own.

Tables: ``circles``, ``circle_keys`` (the names pages and profiles find a circle by) and
``circle_members`` (migration m014). A membership names an account, so it follows the
account through merges and splits and goes with it when its person is forgotten. What a
circle *means* for who knows whom (how strong, through which circle a path runs) is the
answers' business, not the store's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict, cast

from metanet.model import AccountRef
from metanet.store.connection import now
from metanet.store.errors import NotFound
from metanet.store.people import PeopleRows

#: the columns a membership's years and evidence live in
MEMBER_FACTS = ("start_year", "end_year", "current", "source", "title", "capture_id")


#: what an export holds of a circle and of a membership, read back as they were
CIRCLE_FIELDS = ("name", "kind", "place", "start_year", "end_year", "origin", "rating", "note",
                 "created_at", "updated_at", "dismissed_at")  # fmt: skip
MEMBER_FIELDS = ("start_year", "end_year", "current", "source", "title", "dismissed_at")


class CircleRow(TypedDict):
    """A row of ``circles``."""

    id: int
    name: str
    kind: str
    place: str | None
    start_year: int | None
    end_year: int | None
    origin: str  # user, page, inferred
    rating: float | None
    note: str | None
    created_at: str
    updated_at: str | None
    dismissed_at: str | None


class Membership(TypedDict):
    """One member of a circle as the circle's page lists them: the account and its person."""

    account_id: int
    person_id: int
    name: str | None
    network: str
    key: str
    profile_url: str | None
    start_year: int | None
    end_year: int | None
    current: int
    source: str
    title: str | None
    capture_id: int | None
    dismissed_at: str | None


def _widen(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The years of two memberships of one account together: the earliest start, the
    latest end, still there if either says so."""
    starts = [y for y in (old.get("start_year"), new.get("start_year")) if y is not None]
    ends = [y for y in (old.get("end_year"), new.get("end_year")) if y is not None]
    return {
        "start_year": min(starts) if starts else None,
        "end_year": max(ends) if ends else None,
        "current": int(bool(old.get("current")) or bool(new.get("current"))),
    }


class CircleRows(PeopleRows):
    """Row operations on circles and their members."""

    # -- circles ----------------------------------------------------------------------

    def add_circle(
        self,
        name: str,
        kind: str,
        *,
        origin: str,
        place: str | None = None,
        start_year: int | None = None,
        end_year: int | None = None,
        key: str | None = None,
    ) -> int:
        """A new circle (and the key pages find it by, if given)."""
        stamp = now()
        with self.write():
            circle_id = self._sql.insert(
                "circles",
                {
                    "name": name,
                    "kind": kind,
                    "origin": origin,
                    "place": place,
                    "start_year": start_year,
                    "end_year": end_year,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            if key is not None:
                self._sql.insert("circle_keys", {"key": key, "circle_id": circle_id}, replace=True)
        return circle_id

    def circle(self, circle_id: int) -> CircleRow:
        row = self._sql.get("circles", circle_id)
        if row is None:
            raise NotFound(f"no circle with id {circle_id}")
        return cast(CircleRow, row)

    def circle_name(self, circle_id: int) -> str | None:
        """A circle's name, or None when it is gone."""
        found = self._sql.value("select name from circles where id = ?", [circle_id])
        return None if found is None else str(found)

    def circle_by_key(self, key: str) -> int | None:
        found = self._sql.value("select circle_id from circle_keys where key = ?", [key])
        return None if found is None else int(found)

    def find_circles(self, name: str) -> list[CircleRow]:
        """Circles called ``name`` (case-insensitive), oldest first."""
        rows = self._sql.query(
            "select * from circles where lower(name) = lower(?) order by id", [name.strip()]
        )
        return cast(list[CircleRow], rows)

    def list_circles(self) -> list[dict[str, Any]]:
        """Every circle with its number of members (persons, not accounts; dismissed
        memberships left out), by name."""
        return self._sql.query(
            "select c.*, (select count(distinct a.person_id) from circle_members m "
            "join accounts a on a.id = m.account_id where m.circle_id = c.id "
            "and m.dismissed_at is null) as members from circles c "
            "order by lower(c.name), c.id"
        )

    def circle_names(self) -> list[dict[str, Any]]:
        """Every circle not dismissed: id, name and kind, by name (a form's choices)."""
        return self._sql.query(
            "select id, name, kind from circles where dismissed_at is null order by lower(name), id"
        )

    def member_counts(self, circle_ids: Iterable[int]) -> dict[int, int]:
        """Members (persons, dismissed memberships left out) of each named circle."""
        wanted = sorted(set(circle_ids))
        counts: dict[int, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for circle, count in self._sql.execute(
                "select m.circle_id, count(distinct a.person_id) from circle_members m join "
                f"accounts a on a.id = m.account_id where m.circle_id in ({marks}) and "
                "m.dismissed_at is null group by m.circle_id",
                chunk,
            ):
                counts[int(circle)] = int(count)
        return counts

    def update_circle(self, circle_id: int, fields: dict[str, Any]) -> None:
        """Change a circle's name, kind, place, years, rating, note or dismissal."""
        self.circle(circle_id)
        with self.write():
            self._sql.update("circles", circle_id, {**fields, "updated_at": now()})

    def delete_circle(self, circle_id: int) -> int:
        """Remove a circle, its keys and its memberships; how many memberships went."""
        self.circle(circle_id)
        with self.write():
            gone = self._sql.execute(
                "delete from circle_members where circle_id = ?", [circle_id]
            ).rowcount
            self._sql.execute("delete from circle_keys where circle_id = ?", [circle_id])
            self._sql.execute("delete from circles where id = ?", [circle_id])
        return int(gone)

    def merge_circles(self, keep: int, other: int) -> int:
        """Move ``other``'s members and keys to ``keep`` and remove ``other``; a person in
        both keeps one membership with the years of both. How many members moved."""
        self.circle(keep)
        self.circle(other)
        with self.write():
            kept = {int(r["account_id"]): r for r in self._member_rows(keep)}
            moved = 0
            for row in self._member_rows(other):
                account = int(row["account_id"])
                if account in kept:
                    self._sql.update("circle_members", int(kept[account]["id"]),
                                     _widen(kept[account], row))  # fmt: skip
                    self._sql.execute("delete from circle_members where id = ?", [row["id"]])
                else:
                    self._sql.update("circle_members", int(row["id"]), {"circle_id": keep})
                    moved += 1
            self._sql.execute(
                "update circle_keys set circle_id = ? where circle_id = ?", [keep, other]
            )
            self._sql.execute("delete from circles where id = ?", [other])
            self._sql.update("circles", keep, {"updated_at": now()})
        return moved

    # -- members ----------------------------------------------------------------------

    def _member_rows(self, circle_id: int) -> list[dict[str, Any]]:
        return self._sql.query(
            "select * from circle_members where circle_id = ? order by id", [circle_id]
        )

    def add_membership(
        self,
        circle_id: int,
        account_id: int,
        *,
        source: str,
        start_year: int | None = None,
        end_year: int | None = None,
        current: bool = False,
        title: str | None = None,
        capture_id: int | None = None,
    ) -> bool:
        """Record that an account is in a circle; True if it was not before.

        Said again (a page captured again, a roster imported again) it keeps one row,
        with the years of both. A membership the user removed from a page's or a profile's
        circle stays removed when that page says it again; the user adding it brings it
        back.
        """
        given = {
            "start_year": start_year,
            "end_year": end_year,
            "current": int(current),
            "source": source,
            "title": title,
            "capture_id": capture_id,
        }
        with self.write():
            old = self._sql.one(
                "select * from circle_members where circle_id = ? and account_id = ?",
                [circle_id, account_id],
            )
            if old is None:
                self._sql.insert(
                    "circle_members",
                    {"circle_id": circle_id, "account_id": account_id, "created_at": now(),
                     **given},
                )  # fmt: skip
                return True
            changed = {k: v for k, v in _widen(old, given).items() if old[k] != v}
            for name in ("title", "capture_id"):
                if given[name] is not None and old[name] != given[name]:
                    changed[name] = given[name]
            if old["dismissed_at"] is not None and source in ("user", "roster"):
                changed["dismissed_at"] = None
            self._sql.update("circle_members", int(old["id"]), changed)
            return old["dismissed_at"] is not None and "dismissed_at" in changed

    def remove_memberships(self, circle_id: int, account_ids: Iterable[int]) -> int:
        """Take accounts out of a circle. Memberships a page or a profile said are kept as
        dismissed, so capturing that page again does not bring them back; how many."""
        wanted = sorted(set(account_ids))
        removed = 0
        with self.write():
            for account in wanted:
                row = self._sql.one(
                    "select id, source, dismissed_at from circle_members where circle_id = ? "
                    "and account_id = ?",
                    [circle_id, account],
                )
                if row is None or row["dismissed_at"] is not None:
                    continue
                if row["source"] in ("page", "profile"):
                    self._sql.update("circle_members", int(row["id"]), {"dismissed_at": now()})
                else:
                    self._sql.execute("delete from circle_members where id = ?", [row["id"]])
                removed += 1
        return removed

    def circle_memberships(self, circle_id: int) -> list[Membership]:
        """Every membership of a circle with its account and person, by name."""
        rows = self._sql.query(
            "select m.account_id, a.person_id, p.name, a.network, a.key, a.profile_url, "
            "m.start_year, m.end_year, m.current, m.source, m.title, m.capture_id, "
            "m.dismissed_at from circle_members m join accounts a on a.id = m.account_id "
            "join persons p on p.id = a.person_id where m.circle_id = ? "
            "order by lower(coalesce(p.name, '')), m.id",
            [circle_id],
        )
        return cast(list[Membership], rows)

    def person_memberships(self, person_id: int) -> list[dict[str, Any]]:
        """The circles a person is in (through any of their accounts, not dismissed), each
        with the membership's years and evidence."""
        return self._sql.query(
            "select c.id as circle_id, c.name, c.kind, c.origin, c.place, c.dismissed_at as "
            "circle_dismissed_at, m.start_year, m.end_year, m.current, m.source, m.title, "
            "m.capture_id, m.account_id from circle_members m join accounts a on "
            "a.id = m.account_id join circles c on c.id = m.circle_id where a.person_id = ? "
            "and m.dismissed_at is null order by lower(c.name), c.id, m.id",
            [person_id],
        )

    def circles_of_persons(self, persons: Iterable[int]) -> dict[int, list[int]]:
        """Circle ids per person (live memberships of circles not dismissed)."""
        wanted = sorted(set(persons))
        found: dict[int, list[int]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for person, circle in self._sql.execute(
                "select distinct a.person_id, m.circle_id from circle_members m join accounts a "
                f"on a.id = m.account_id join circles c on c.id = m.circle_id where a.person_id "
                f"in ({marks}) and m.dismissed_at is null and c.dismissed_at is null "
                "order by m.circle_id",
                chunk,
            ):
                found.setdefault(int(person), []).append(int(circle))
        return found

    # -- export ---------------------------------------------------------------------

    def read_back_circle(
        self, fields: dict[str, Any], keys: list[str], members: list[dict[str, Any]]
    ) -> int:
        """A circle of an export (``imports/metanet.py``), found again by one of its keys
        or by name, kind and creation time, else added as it was; its keys and the members
        whose accounts are stored (a forgotten one stays out). Idempotent."""
        found = next((c for c in map(self.circle_by_key, keys) if c is not None), None)
        if found is None:
            value = self._sql.value(
                "select id from circles where name = ? and kind = ? and created_at = ?",
                [fields["name"], fields["kind"], fields["created_at"]],
            )
            found = None if value is None else int(value)
        with self.write():
            if found is None:
                found = self._sql.insert("circles", {k: fields[k] for k in CIRCLE_FIELDS})
            for key in keys:
                self._sql.execute(
                    "insert or ignore into circle_keys (key, circle_id) values (?, ?)",
                    [key, found],
                )
            for member in members:
                account = self.account(AccountRef(member["network"], member["key"]))
                if account is None:
                    continue
                self._sql.execute(
                    "insert or ignore into circle_members (circle_id, account_id, start_year, "
                    "end_year, current, source, title, dismissed_at, created_at) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [found, int(account["id"]), *(member[k] for k in MEMBER_FIELDS), now()],
                )
        return found

    def export_circles(self) -> list[dict[str, Any]]:
        """Every circle with its keys and members (accounts by network and key), by id."""
        members: dict[int, list[dict[str, Any]]] = {}
        for row in self._sql.query(
            "select m.circle_id, a.network, a.key, m.start_year, m.end_year, m.current, "
            "m.source, m.title, m.dismissed_at from circle_members m join accounts a "
            "on a.id = m.account_id order by m.circle_id, m.id"
        ):
            members.setdefault(int(row.pop("circle_id")), []).append(row)
        keys: dict[int, list[str]] = {}
        for key, circle in self._sql.execute("select key, circle_id from circle_keys order by key"):
            keys.setdefault(int(circle), []).append(str(key))
        return [
            {**row, "keys": keys.get(row["id"], []), "members": members.get(row["id"], [])}
            for row in self._sql.query("select * from circles order by id")
        ]
