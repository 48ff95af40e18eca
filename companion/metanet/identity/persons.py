"""Moving accounts between persons: the one merge, and its counterpart, the split.

Every merge goes through :func:`merge_persons`: a user's "same person", exact evidence
after a capture or an import (thousands at once), declaring an account as the user's own,
and merging back an undone split. Each merged pair writes a ``same`` decision and the undo
data (the other person's name, note and flag, which accounts and relations moved), so any
merge can be taken back (:mod:`.decisions`). The writes are a few bulk statements however
many persons merge, and only the persons involved are read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from metanet.folding import fold
from metanet.identity.facts import chunks
from metanet.store import NotFound, Store, StoreError, now

SAME, DIFFERENT = "same", "different"
#: rows of the answers' tables that name a person without a foreign key and go where the
#: person goes (introductions, partners: answers/introductions.py)
MOVED_WITH_PERSON = {"introductions": ("introducer_id", "person_id", "to_id"),
                     "partners": ("person_id",),
                     "interactions": ("person_id",)}  # fmt: skip
USER, AUTO = "user", "auto"


@dataclass(frozen=True)
class Merge:
    """Merge person ``other`` into ``keep`` (the user's own person is always the one kept)."""

    keep: int
    other: int
    reason: str  # encoded reasons (:func:`metanet.reasons.encode`)
    source: str = AUTO
    score: float | None = 1.0
    #: the two accounts the user named (recorded on the decision instead of any two)
    pair: tuple[int, int] | None = None


@dataclass(frozen=True)
class Merged:
    """One merge as written: who went where, and its decision (None when a side had no
    account to name in it)."""

    keep: int
    other: int
    decision_id: int | None


def _read(
    store: Store, persons: list[int]
) -> tuple[dict[int, list[int]], dict[int, Any], dict[int, list[int]]]:
    """Accounts, person rows and relation ids of the given persons."""
    sql = store.sql("identity")
    accounts: dict[int, list[int]] = defaultdict(list)
    people: dict[int, Any] = {}
    relations: dict[int, list[int]] = defaultdict(list)
    for part in chunks(persons):
        marks = ",".join("?" * len(part))
        for account_id, person_id in sql.execute(
            f"select id, person_id from accounts where person_id in ({marks})", part
        ):
            accounts[person_id].append(account_id)
        for row in sql.execute(
            f"select id, name, note, is_me from persons where id in ({marks})", part
        ):
            people[row[0]] = row
        for rid, a, b in sql.execute(
            "select id, a_person_id, b_person_id from relations "
            f"where a_person_id in ({marks}) or b_person_id in ({marks})",
            part + part,
        ):
            relations[a].append(rid)
            relations[b].append(rid)
    return accounts, people, relations


def _pairs(merges: Iterable[Merge], me: int | None) -> list[tuple[int, Merge]]:
    """(kept person, merge) for every person that goes: per kept root, *me* stays if it is
    among the persons that become one."""
    groups: dict[int, list[Merge]] = defaultdict(list)
    for merge in merges:
        if merge.keep != merge.other:
            groups[merge.keep].append(merge)
    planned: list[tuple[int, Merge]] = []
    for root, others in groups.items():
        members = [root] + [m.other for m in others]
        keep = me if me in members else root
        by_other = {m.other: m for m in others}
        for other in members:
            if other == keep:
                continue
            # the root leaving for *me* goes with *me*'s own reason
            merge = by_other.get(other) or by_other[keep]
            planned.append((keep, Merge(keep, other, merge.reason, merge.source, merge.score,
                                        merge.pair)))  # fmt: skip
    return planned


def merge_persons(store: Store, merges: Iterable[Merge]) -> list[Merged]:
    """Write merges: accounts and relations move to the kept person, the other person is
    removed, and each pair is recorded as a decision with its undo data.

    Several merges may name the same kept person (a group that exact evidence joined);
    *me* is always the person kept. Inside a caller's write it opens no savepoint (a
    resolution's merges would copy each page they change to a statement journal first):
    every caller lets a failure undo its whole write.
    """
    me_row = store.me()
    planned = _pairs(merges, int(me_row["id"]) if me_row else None)
    if not planned:
        return []
    sql = store.sql("identity")
    with store.write(savepoint=False):
        involved = sorted({p for keep, m in planned for p in (keep, m.other)})
        accounts, people, relations = _read(store, involved)
        next_id = int(sql.value("select coalesce(max(id), 0) from merge_decisions"))
        stamp = now()
        decisions, undo, done = [], [], []
        for keep, merge in planned:
            if merge.other not in people or keep not in people:
                raise NotFound(f"no person with id {merge.other if keep in people else keep}")
            decision_id = None
            if accounts[keep] and accounts[merge.other]:
                next_id += 1
                decision_id = next_id
                a, b = merge.pair or (min(accounts[keep]), min(accounts[merge.other]))
                decisions.append(
                    (decision_id, a, b, SAME, merge.source, merge.score, merge.reason, stamp)
                )
                _, name, note, is_me = people[merge.other]
                undo.append(
                    (
                        decision_id,
                        name,
                        note,
                        is_me,
                        json.dumps(sorted(accounts[merge.other])),
                        json.dumps(relations[merge.other]),
                    )
                )
            done.append(Merged(keep, merge.other, decision_id))
        moves = [(m.keep, m.other) for m in done]
        sql.executemany("update accounts set person_id = ? where person_id = ?", moves)
        for column in ("a_person_id", "b_person_id"):
            sql.executemany(
                f"update or ignore relations set {column} = ? where {column} = ?", moves
            )
        sql.executemany("delete from relations where a_person_id = ?2 or b_person_id = ?2", moves)
        sql.execute("delete from relations where a_person_id = b_person_id")
        for table, columns in MOVED_WITH_PERSON.items():
            for column in columns:
                _follow(store, table, column, moves)
        sql.executemany(
            "insert into merge_decisions (id, a_account_id, b_account_id, decision, source, "
            "score, reason, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
            decisions,
        )
        sql.executemany(
            "insert into merge_undo (decision_id, person_name, person_note, is_me, account_ids, "
            "relation_ids) values (?, ?, ?, ?, ?, ?)",
            undo,
        )
        sql.executemany("delete from persons where id = ?", [(other,) for _, other in moves])
        _settle(store, planned, stamp)
    return done


def _follow(store: Store, table: str, column: str, moves: list[tuple[int, int]]) -> None:
    """Rows of ``table`` that name a merged-away person in ``column`` go to the kept one.
    Only the persons the table names are updated: thousands of merges at once mostly name
    none of its rows, and each update is a statement of its own. Which of them it names is
    asked of the merged-away persons alone (one merge does not read a whole table)."""
    sql = store.sql("identity")
    named: set[int] = set()
    for part in chunks(sorted({other for _, other in moves})):
        marks = ",".join("?" * len(part))
        named.update(
            row[0]
            for row in sql.execute(
                f"select distinct {column} from {table} where {column} in ({marks})", part
            )
        )
    updates = []
    for keep, other in moves:  # in order, as one update after the other would
        if other in named:
            updates.append((keep, other))
            named.add(keep)
    sql.executemany(f"update {table} set {column} = ? where {column} = ?", updates)


def _settle(store: Store, planned: list[tuple[int, Merge]], stamp: str) -> None:
    """Refresh each kept person's name (the store's one rule), and settle the suggestions
    that are now inside one person: ``confirmed`` when the user said so, else ``merged``."""
    sql = store.sql("identity")
    keeps = sorted({keep for keep, _ in planned})
    by_user = {keep for keep, merge in planned if merge.source == USER}
    store.refresh_person_names(keeps)
    # ``+status`` keeps SQLite off the status index, which would scan every open
    # suggestion, and on the account indexes.
    sql.executemany(
        "update identity_suggestions set status = ?3, updated_at = ?2 "
        "where +status in ('open', 'rejected') "
        "and a_account_id in (select id from accounts where person_id = ?1) "
        "and b_account_id in (select id from accounts where person_id = ?1)",
        [(keep, stamp, "confirmed" if keep in by_user else "merged") for keep in keeps],
    )


def split_accounts(
    store: Store, account_ids: list[int], *, name: str | None = None, note: str | None = None
) -> int:
    """Move accounts to a new person of their own: the counterpart of a merge.

    Used to undo a merge and to split a wrongly merged account off. The caller records the
    decision (:mod:`.decisions`); the person left behind keeps its id.
    """
    if not account_ids:
        raise StoreError("a split needs at least one account")
    sql = store.sql("identity")
    with store.write():
        old_people = {int(store.account_by_id(a)["person_id"]) for a in account_ids}
        stamp = now()
        new_id = sql.insert(
            "persons", {"name": name, "note": note, "is_me": 0, "created_at": stamp,
                        "updated_at": stamp},
        )  # fmt: skip
        sql.executemany(
            "update accounts set person_id = ? where id = ?", [(new_id, a) for a in account_ids]
        )
        for person_id in (*old_people, new_id):
            store.refresh_person_name(person_id)
        _interactions_follow(store, account_ids, old_people, new_id)
    return new_id


def _interactions_follow(store: Store, moved: list[int], old_people: set[int], new_id: int) -> None:
    """Interaction counts (``interactions``, answers/interactions.py: a merge moved them
    with the person) go back with the accounts they came from: a row whose identifier
    (``who``: a profile, an e-mail address, a phone number, a name) names a moved account
    and none left behind goes to the new person. A row that names both stays."""
    sql = store.sql("identity")
    people = sorted(old_people)
    marks = ",".join("?" * len(people))
    rows = sql.execute(
        f"select id, who from interactions where person_id in ({marks})", people
    ).fetchall()
    if not rows:
        return
    left = [
        int(r[0])
        for r in sql.execute(f"select id from accounts where person_id in ({marks})", people)
    ]
    theirs, ours = _idents(store, moved), _idents(store, left)
    going = [(new_id, int(i)) for i, who in rows if who in theirs and who not in ours]
    sql.executemany("update interactions set person_id = ? where id = ?", going)


def _idents(store: Store, account_ids: list[int]) -> set[str]:
    """What an interaction's ``who`` calls these accounts (imports/interactions/events):
    ``account:network:key``, ``email:…``, ``phone:…`` and ``name:`` the folded name."""
    found: set[str] = set()
    sql = store.sql("identity")
    for part in chunks(sorted(account_ids)):
        marks = ",".join("?" * len(part))
        for network, key, name in sql.execute(
            f"select network, key, name from accounts where id in ({marks})", part
        ):
            found.add(f"account:{network}:{key}")
            if name:
                found.add(f"name:{fold(' '.join(str(name).split()))}")
        found.update(
            f"{kind}:{value}"
            for kind, value in sql.execute(
                f"select kind, value from account_identifiers where account_id in ({marks})", part
            )
        )
    return found
