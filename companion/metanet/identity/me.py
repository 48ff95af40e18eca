"""The user's own accounts ("me"): declaring one merges its person into *me*.

Ties captured from the user's own lists before any account was declared hang on a
placeholder account of that network (key ``~me``, see :meth:`Store.viewer_account`);
declaring the real account moves them to it and retires the placeholder.
"""

from __future__ import annotations

from metanet.identity.persons import USER, Merge, merge_persons
from metanet.model import AccountRef
from metanet.reasons import encode
from metanet.store import Store, now


def set_me(store: Store, account_id: int) -> int:
    """Declare an account as the user's own; its person becomes *me*. Returns *me*'s id."""
    sql = store.sql("identity")
    with store.write():
        account = store.account_by_id(account_id)
        person_id = int(account["person_id"])
        current = store.me()
        if current is None:
            sql.execute(
                "update persons set is_me = 1, updated_at = ? where id = ?", [now(), person_id]
            )
            me_id = person_id
        else:
            me_id = int(current["id"])
            own = encode([{"code": "own_account"}])
            merge_persons(store, [Merge(me_id, person_id, own, USER, None)])
        placeholder = store.account(AccountRef.viewer(account["network"]))
        if placeholder is not None and int(placeholder["id"]) != account_id:
            _move_ties(store, int(placeholder["id"]), account_id)
            _retire_account(store, int(placeholder["id"]), account_id)
    return me_id


def _retire_account(store: Store, old_id: int, new_id: int) -> None:
    """Delete account ``old_id`` after pointing everything that names it at ``new_id``."""
    sql = store.sql("identity")
    for table, column in (
        ("captures", "owner_account_id"),
        ("merge_decisions", "a_account_id"),
        ("merge_decisions", "b_account_id"),
    ):
        sql.execute(f"update {table} set {column} = ? where {column} = ?", [new_id, old_id])
    for table in ("account_links", "account_identifiers"):  # unique per account: keep one
        sql.execute(
            f"update or ignore {table} set account_id = ? where account_id = ?", [new_id, old_id]
        )
        sql.execute(f"delete from {table} where account_id = ?", [old_id])
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
