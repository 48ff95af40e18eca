"""Interaction counts: what the user and each person did together, per month.

Rows of ``interactions`` (migration m010) hold counts, never content: per person (or,
when nobody or several people match, per identifier, listed for review), source, month
and kind, with the first and last moment. :func:`record` stores a stream of events from
an export (``imports/interactions``): each event's key is hashed (keyed by the database's
random id) into ``interaction_seen``, so a newer export of the same mailbox adds only the
messages it did not hold before.

People are matched by the identifiers the identity rules trust: a profile (account),
an e-mail address, a phone number; a name alone only where exactly one of your people
has it. Interaction strengthens the user's tie to the person with recency decay
(:func:`metanet.answers.strength.interaction_bonus`); the snapshot reads the bonuses
whole when the rows' fingerprint moves (``answers/source.py``), as it does with made
introductions.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

from metanet.answers import strength
from metanet.folding import fold
from metanet.imports.interactions import events as kinds
from metanet.imports.interactions.events import Event, Who, month_of
from metanet.store import Store

#: events checked against the seen keys and stored per batch
BATCH = 5000
#: a person not spoken to for this long, once close, is a dormant tie
DORMANT_DAYS = 365


@dataclass
class Recorded:
    """What one import of interaction added."""

    events: int = 0  # events read
    new: int = 0  # of them not counted before
    people: int = 0  # persons whose counts grew
    unassigned: int = 0  # identifiers nobody (or several people) matched


Key = tuple[int | None, str, str, str, str]  # person, who, source, month, kind


@dataclass
class _Counts:
    label: str = ""
    n: int = 0
    first: str = ""
    last: str = ""


@dataclass
class Matcher:
    """Identifier → person: accounts, e-mail addresses, phones; names only if unique."""

    store: Store
    me: int | None = None
    cache: dict[str, int | None] = field(default_factory=dict)
    names: dict[str, set[int]] | None = None

    def person(self, who: Who) -> int | None:
        ident = who.ident
        if ident not in self.cache:
            self.cache[ident] = self._find(who)
        return self.cache[ident]

    def _find(self, who: Who) -> int | None:
        sql = self.store.sql("answers")
        if who.kind == "account":
            network, _, key = who.value.partition(":")
            rows = sql.execute(
                "select person_id from accounts where network = ? and key = ?", [network, key]
            ).fetchall()
        elif who.kind in ("email", "phone"):
            rows = sql.execute(
                "select distinct a.person_id from account_identifiers i join accounts a "
                "on a.id = i.account_id where i.kind = ? and i.value = ?",
                [who.kind, who.value],
            ).fetchall()
        else:
            rows = [(p,) for p in self._names().get(who.value, ())]
        people = {int(r[0]) for r in rows} - {self.me}
        return people.pop() if len(people) == 1 else None

    def _names(self) -> dict[str, set[int]]:
        if self.names is None:
            self.names = defaultdict(set)
            for person, name in self.store.sql("answers").execute(
                "select id, name from persons where name is not null union "
                "select person_id, name from accounts where name is not null"
            ):
                self.names[fold(" ".join(str(name).split()))].add(int(person))
        return self.names


def _seen_key(salt: bytes, event: Event) -> bytes:
    return hashlib.blake2b(event.key.encode(), key=salt[:64], digest_size=16).digest()


def record(store: Store, events: Iterable[Event], *, import_id: int | None = None) -> Recorded:
    """Count the events not counted before.

    Each batch of :data:`BATCH` events is one transaction (its seen keys and its counts
    together): a large mailbox never holds the database's write lock for long, and an
    import cut short is continued by importing the file again.
    """
    sql = store.sql("answers")
    me = store.me()
    matcher = Matcher(store, int(me["id"]) if me else None)
    salt = str(sql.execute("select database_id from graph_epoch where id = 1").fetchone()[0])
    result = Recorded()
    people: set[int] = set()
    lost: set[str] = set()
    batch: list[Event] = []
    for event in events:
        result.events += 1
        batch.append(event)
        if len(batch) >= BATCH:
            _store_batch(store, matcher, salt.encode(), batch, result, people, lost, import_id)
            batch = []
    _store_batch(store, matcher, salt.encode(), batch, result, people, lost, import_id)
    result.people, result.unassigned = len(people), len(lost)
    return result


def _store_batch(
    store: Store,
    matcher: Matcher,
    salt: bytes,
    batch: list[Event],
    result: Recorded,
    people: set[int],
    lost: set[str],
    import_id: int | None,
) -> None:
    if not batch:
        return
    sql = store.sql("answers")
    keys = [_seen_key(salt, e) for e in batch]
    with store.write():
        known: set[bytes] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            known.update(
                bytes(r[0])
                for r in sql.execute(
                    f"select key from interaction_seen where key in ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        counts: dict[Key, _Counts] = {}
        fresh: set[bytes] = set()
        for key, event in zip(keys, batch, strict=True):
            if key in known or key in fresh:
                continue
            fresh.add(key)
            _count(counts, matcher, event)
        sql.executemany("insert into interaction_seen (key) values (?)", [(k,) for k in fresh])
        sql.executemany(
            "insert into interactions (person_id, who, source, month, kind, label, n, "
            "first_at, last_at, import_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (person, who, source, month, kind, c.label, c.n, c.first, c.last, import_id)
                for (person, who, source, month, kind), c in counts.items()
            ],
        )
    result.new += len(fresh)
    for person, who, *_ in counts:
        if person is None:
            lost.add(who)
        else:
            people.add(person)


def _count(counts: dict[Key, _Counts], matcher: Matcher, event: Event) -> None:
    at = event.at.replace(microsecond=0).isoformat()
    for who in event.who:
        person = matcher.person(who)
        key = (person, who.ident, event.source, month_of(event.at), event.kind)
        c = counts.setdefault(key, _Counts(who.label))
        c.n += 1
        c.first = min(c.first, at) if c.first else at
        c.last = max(c.last, at)


# -- reading ----------------------------------------------------------------------------


class Summary(TypedDict):
    """A person's interaction with the user, as the person page, the popup and the
    reasons of a path say it."""

    messages: int
    sent: int
    received: int
    threads: int
    meetings: int
    meetings_year: int
    endorsed: int
    endorsed_you: int
    recommended: int
    recommended_you: int
    first: str | None
    last: str | None
    last_message: str | None
    months: list[dict[str, Any]]


def _empty() -> Summary:
    return {
        "messages": 0, "sent": 0, "received": 0, "threads": 0, "meetings": 0,
        "meetings_year": 0, "endorsed": 0, "endorsed_you": 0, "recommended": 0,
        "recommended_you": 0, "first": None, "last": None, "last_message": None, "months": [],
    }  # fmt: skip


def summary(store: Store, person_id: int, *, today: datetime | None = None) -> Summary:
    """Totals, first and last interaction, and the counts per month (newest first)."""
    rows = store.sql("answers").query(
        "select month, kind, sum(n) as n, min(first_at) as first_at, max(last_at) as last_at "
        "from interactions where person_id = ? group by month, kind order by month desc, kind",
        [person_id],
    )
    return summarise(rows, today or datetime.now(UTC))


def summarise(rows: list[dict[str, Any]], today: datetime) -> Summary:
    found = _empty()
    year_ago = (today - timedelta(days=365)).isoformat()
    months: dict[str, dict[str, Any]] = {}
    for row in rows:
        kind, n = str(row["kind"]), int(row["n"])
        if kind in (kinds.SENT, kinds.RECEIVED):
            found["messages"] += n
            found[kind] += n  # type: ignore[literal-required]
            last = found["last_message"]
            found["last_message"] = max(last, row["last_at"]) if last else row["last_at"]
        elif kind == kinds.THREAD:
            found["threads"] += n
        elif kind == kinds.MEETING:
            found["meetings"] += n
            if str(row["last_at"]) >= year_ago:
                found["meetings_year"] += n  # month rows: counted by the month's last
        elif kind in (kinds.ENDORSED, kinds.ENDORSED_YOU, kinds.RECOMMENDED, kinds.RECOMMENDED_YOU):
            found[kind] += n  # type: ignore[literal-required]
        first, last = found["first"], found["last"]
        found["first"] = min(first, row["first_at"]) if first else row["first_at"]
        found["last"] = max(last, row["last_at"]) if last else row["last_at"]
        months.setdefault(str(row["month"]), {"month": str(row["month"])})[kind] = n
    found["months"] = list(months.values())
    return found


def reasons(found: Summary) -> list[dict[str, Any]]:
    """The summary as reason codes (said by ``metanet.i18n.texts``)."""
    said: list[dict[str, Any]] = []
    if found["messages"]:
        said.append({"code": "messages", "n": found["messages"], "last": found["last_message"]})
    if found["meetings"]:
        said.append({"code": "meetings", "n": found["meetings"], "year": found["meetings_year"]})
    for kind in (kinds.RECOMMENDED_YOU, kinds.RECOMMENDED, kinds.ENDORSED_YOU, kinds.ENDORSED):
        if found[kind]:  # type: ignore[literal-required]
            said.append({"code": kind, "n": found[kind]})  # type: ignore[literal-required]
    return said


def scores(db: Any, *, today: datetime | None = None) -> dict[int, tuple[float, float, str]]:
    """Per person: (decayed score, undecayed score, last interaction).

    ``db`` is the answers' statements handle or a plain connection (the rebuild process).
    """
    now = today or datetime.now(UTC)
    found: dict[int, tuple[float, float, str]] = {}
    for person, kind, n, last in db.execute(
        "select person_id, kind, sum(n), max(last_at) from interactions "
        "where person_id is not null group by person_id, month, kind order by person_id"
    ):
        days = max(0.0, (now - datetime.fromisoformat(str(last))).total_seconds() / 86400)
        weight = strength.INTERACTION_WEIGHTS.get(str(kind), 0.0) * int(n)
        score, whole, seen = found.get(int(person), (0.0, 0.0, ""))
        found[int(person)] = (
            score + strength.decayed(weight, days),
            whole + weight,
            max(seen, str(last)),
        )
    return found


def pair_bonuses(db: Any, me: int | None) -> dict[tuple[int, int], float]:
    """Person pairs (lo, hi) of the user and whom they interacted with, and the bonus
    the interaction adds to that tie (already decayed)."""
    if me is None:
        return {}
    bonuses = {}
    for person, (score, _, _) in sorted(scores(db).items()):
        bonus = strength.interaction_bonus(score)
        if person != me and bonus > 0:
            bonuses[(min(me, person), max(me, person))] = round(bonus, 6)
    return bonuses


def unassigned(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Identifiers no one (or several people) matched: for review, most counted first."""
    return store.sql("answers").query(
        "select who, max(label) as label, group_concat(distinct source) as sources, "
        "sum(n) as n, max(last_at) as last_at from interactions where person_id is null "
        "group by who order by n desc, who limit ?",
        [limit],
    )


def assign(store: Store, who: str, person_id: int) -> int:
    """Give an identifier's counts to a person (the review's answer); rows moved."""
    with store.write():
        cursor = store.sql("answers").execute(
            "update interactions set person_id = ? where who = ? and person_id is null",
            [person_id, who],
        )
    return int(cursor.rowcount)


def match_again(store: Store) -> int:
    """Unassigned identifiers that now match one person (added since) go to them."""
    matcher = Matcher(store, int(me["id"]) if (me := store.me()) else None)
    moved = 0
    with store.write():
        for row in unassigned(store, limit=100_000):
            kind, _, value = str(row["who"]).partition(":")
            person = matcher.person(Who(kind, value))
            if person is not None:
                moved += (
                    store.sql("answers")
                    .execute(
                        "update interactions set person_id = ? where who = ? and person_id is null",
                        [person, row["who"]],
                    )
                    .rowcount
                )
    return moved


def export_rows(store: Store) -> list[dict[str, Any]]:
    """Every count, for the JSON export."""
    return store.sql("answers").query(
        "select person_id, who, label, source, month, kind, n, first_at, last_at "
        "from interactions order by id"
    )
