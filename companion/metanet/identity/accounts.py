"""Two accounts that are one: the user's placeholder and their declared account, or one
member under two keys (a LinkedIn member URN and the slug, stored before a page showed
both). :func:`join_accounts` makes them one account: everything that names the other
moves to the one kept, and the other is deleted.
"""

from __future__ import annotations

from metanet.identity.persons import AUTO, Merge, merge_persons
from metanet.reasons import encode
from metanet.store import Store

#: tables that name an account once per row and may hold the same row for both accounts:
#: the kept account's row stays, the other's goes
_ONE_PER_ACCOUNT = (
    ("account_links", "account_id"),
    ("account_identifiers", "account_id"),
    ("account_aliases", "account_id"),
    ("shared_counts", "account_id"),
    ("shared_mentions", "account_id"),
    ("identity_suggestions", "a_account_id"),
    ("identity_suggestions", "b_account_id"),
)
#: columns that point at an account and simply follow it
_POINTERS = (
    ("captures", "owner_account_id"),
    ("merge_decisions", "a_account_id"),
    ("merge_decisions", "b_account_id"),
    ("shared_mentions", "known_account_id"),
)


def join_accounts(store: Store, keep_id: int, other_id: int) -> None:
    """Make account ``other_id`` part of ``keep_id``: its person merges into the kept
    account's (through the one merge; *me* is always kept), its ties, evidence, links,
    aliases and what pages said about it move over, its key becomes an alias of the kept
    account, and it is deleted. Call inside the change's transaction."""
    if keep_id == other_id:
        return
    with store.write():
        keep, other = store.account_by_id(keep_id), store.account_by_id(other_id)
        if keep["person_id"] != other["person_id"]:
            reason = encode([{"code": "same_member", "network": keep["network"]}])
            merge_persons(
                store,
                [Merge(int(keep["person_id"]), int(other["person_id"]), reason, AUTO, 1.0,
                       (keep_id, other_id))],
            )  # fmt: skip
        _move_ties(store, other_id, keep_id)
        _retire_account(store, other_id, keep_id)
        if not other["key"].startswith("~"):
            store.sql("identity").execute(
                "insert or ignore into account_aliases (network, key, account_id) values (?, ?, ?)",
                [other["network"], other["key"], keep_id],
            )


def _retire_account(store: Store, old_id: int, new_id: int) -> None:
    """Delete account ``old_id`` after pointing everything that names it at ``new_id``."""
    sql = store.sql("identity")
    for table, column in _POINTERS:
        sql.execute(f"update {table} set {column} = ? where {column} = ?", [new_id, old_id])
    for table, column in _ONE_PER_ACCOUNT:
        sql.execute(
            f"update or ignore {table} set {column} = ? where {column} = ?", [new_id, old_id]
        )
        sql.execute(f"delete from {table} where {column} = ?", [old_id])
    sql.execute("delete from identity_suggestions where a_account_id = b_account_id")
    same = "select id from merge_decisions where a_account_id = b_account_id"
    sql.execute(f"delete from merge_undo where decision_id in ({same})")
    sql.execute("delete from merge_decisions where a_account_id = b_account_id")
    sql.execute("delete from identity_keys where account_id = ?", [old_id])
    sql.execute("delete from identity_pending where account_id = ?", [old_id])
    sql.execute("delete from accounts where id = ?", [old_id])


def _move_ties(store: Store, old_id: int, new_id: int) -> None:
    """Re-point every tie of account ``old_id`` to ``new_id``, keeping all evidence."""
    sql = store.sql("identity")
    ties = sql.query(
        "select * from ties where src_account_id = :a or dst_account_id = :a", {"a": old_id}
    )
    for tie in ties:
        src = new_id if tie["src_account_id"] == old_id else tie["src_account_id"]
        dst = new_id if tie["dst_account_id"] == old_id else tie["dst_account_id"]
        if not tie["directed"] and src > dst:
            src, dst = dst, src
        twin = sql.value(
            "select id from ties where src_account_id = ? and dst_account_id = ? and kind = ? "
            "and id != ?",
            [src, dst, tie["kind"], tie["id"]],
        )
        if src == dst:
            sql.execute("delete from tie_evidence where tie_id = ?", [tie["id"]])
            sql.execute("delete from ties where id = ?", [tie["id"]])
        elif twin is not None:
            sql.execute("update tie_evidence set tie_id = ? where tie_id = ?", [twin, tie["id"]])
            sql.execute("delete from ties where id = ?", [tie["id"]])
        else:
            sql.execute(
                "update ties set src_account_id = ?, dst_account_id = ? where id = ?",
                [src, dst, tie["id"]],
            )
