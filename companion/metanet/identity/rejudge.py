"""Judging a person again when one of its accounts shows its first name.

A card that links a profile not captured yet brings that profile as an account without a
name, and a missing name never disagrees: the two merge at once. Had the profile come
first, with its name, the same link could have been only a suggestion (Anna Becker's card
linking Julia Becker's profile). So when such an account later shows a name, its person
is judged again by the same pair-by-pair rules (:func:`.merging.judged`): the person's
accounts are grouped by the exact evidence that still fits and by every merge the user
confirmed; the group holding the person's oldest account keeps the person, each other
group becomes a person of its own (:func:`.persons.split_accounts`), and the automatic
merges between them are marked undone. The resolution that follows suggests the pair with
its evidence, as it would have in the other order. The user's own person is never split
by itself, and a merge the user confirmed is never undone.
"""

from __future__ import annotations

from collections import defaultdict

from metanet.identity.evidence import MERGE
from metanet.identity.facts import chunks, exact_edges, load_accounts, load_evidence
from metanet.identity.merging import Persons, judged
from metanet.identity.persons import SAME, USER, split_accounts
from metanet.identity.report import ResolveReport
from metanet.identity.scoring import AccountFacts
from metanet.store import Store, now


def newly_named(store: Store, accounts: dict[int, tuple[str, AccountFacts]]) -> list[int]:
    """Of these accounts (before their keys are rewritten), those that show a name now
    but had none when their keys were last written, and share their person with others."""
    named = sorted(a for a, (_, facts) in accounts.items() if facts.name is not None)
    had_name = _ids(
        store,
        "select distinct account_id from identity_keys where account_id in ({marks}) "
        "and kind in ('name', 'word')",
        named,
    )
    fresh = [a for a in named if a not in had_name]
    shared = _ids(
        store,
        "select person_id from accounts where person_id in ({marks}) "
        "group by person_id having count(*) > 1",
        sorted({accounts[a][1].person_id for a in fresh}),
    )
    return [a for a in fresh if accounts[a][1].person_id in shared]


def _ids(store: Store, query: str, ids: list[int]) -> set[int]:
    """The first column of ``query`` over ``ids`` (``{marks}``: their placeholders), in
    chunks."""
    found: set[int] = set()
    for part in chunks(ids):
        rows = store.sql("identity").execute(query.format(marks=",".join("?" * len(part))), part)
        found.update(int(r[0]) for r in rows)
    return found


def rejudge(store: Store, account_ids: list[int]) -> int:
    """Split the persons of these newly named accounts where their exact evidence no
    longer fits; how many persons were made."""
    me = store.me()
    mine = int(me["id"]) if me else None
    persons = {int(store.account_by_id(a)["person_id"]) for a in account_ids} - {mine}
    return sum(_rejudge_person(store, person_id) for person_id in sorted(persons))


def _rejudge_person(store: Store, person_id: int) -> int:
    ids = sorted(int(a["id"]) for a in store.person_accounts(person_id))
    accounts = load_accounts(store, ids)  # *me*'s placeholders left out
    if len(accounts) < 2:
        return 0
    links, identifiers = load_evidence(store, sorted(accounts))
    groups = Persons(())
    for verdict, a, b, _, _ in judged(
        exact_edges(store, accounts, links, identifiers), ResolveReport()
    ):
        if verdict == MERGE and a.id in accounts and b.id in accounts:
            groups.union(a.id, b.id)
    for one, other in _confirmed(store, sorted(accounts)):
        groups.union(one, other)
    parts: dict[int, list[int]] = defaultdict(list)
    for account_id in sorted(accounts):
        parts[groups.find(account_id)].append(account_id)
    if len(parts) == 1:
        return 0
    oldest = min(accounts)
    moved = [part for part in parts.values() if oldest not in part]
    for part in moved:
        split_accounts(store, part)
    _undo_auto_merges(store, [parts[groups.find(oldest)], *moved])
    return len(moved)


def _confirmed(store: Store, ids: list[int]) -> list[tuple[int, int]]:
    """Account pairs among ``ids`` the user said are one human (and did not take back)."""
    found: list[tuple[int, int]] = []
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        found += store.sql("identity").execute(
            "select a_account_id, b_account_id from merge_decisions where decision = ? "
            f"and source = ? and undone_at is null and a_account_id in ({marks})",
            [SAME, USER, *part],
        )
    wanted = set(ids)
    return [(int(a), int(b)) for a, b in found if int(b) in wanted]


def _undo_auto_merges(store: Store, parts: list[list[int]]) -> None:
    """Mark the automatic merges between the parts undone, and reopen the suggestions
    they settled: those pairs are apart again."""
    sql = store.sql("identity")
    stamp = now()
    merges = _across(store, "merge_decisions", "decision = 'same' and source = 'auto' "
                     "and undone_at is null", parts)  # fmt: skip
    sql.executemany(
        "update merge_decisions set undone_at = ? where id = ?", [(stamp, i) for i in merges]
    )
    settled = _across(store, "identity_suggestions", "status = 'merged'", parts)
    sql.executemany(
        "update identity_suggestions set status = 'open', updated_at = ? where id = ?",
        [(stamp, i) for i in settled],
    )


def _across(store: Store, table: str, where: str, parts: list[list[int]]) -> list[int]:
    """Ids of the rows of ``table`` (merge decisions or suggestions: an account pair)
    matching ``where`` whose two accounts are in different parts."""
    part_of = {a: i for i, part in enumerate(parts) for a in part}
    found = []
    for part in chunks(sorted(part_of)):
        marks = ",".join("?" * len(part))
        for row_id, a, b in store.sql("identity").execute(
            f"select id, a_account_id, b_account_id from {table} where {where} "
            f"and a_account_id in ({marks})",
            part,
        ):
            if b in part_of and part_of[a] != part_of[b]:
                found.append(int(row_id))
    return found
