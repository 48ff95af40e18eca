"""The user's own accounts ("me"): declaring one merges its person into *me*.

Ties captured from the user's own lists before any account was declared hang on a
placeholder account of that network (key ``~me``, see :meth:`Store.viewer_account`);
declaring the real account moves them to it and retires the placeholder.
"""

from __future__ import annotations

from metanet.identity.accounts import join_accounts
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
            join_accounts(store, account_id, int(placeholder["id"]))
        store.refresh_person_name(me_id)  # "you", not a handle, until a page names them
    return me_id
