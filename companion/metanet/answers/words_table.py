"""The search's tables (the answers package owns them), created by migration m010.

``account_words_fts``: one FTS5 row per account (rowid = account id): the terms of
:func:`metanet.words.index_row` (folded words, the words of titles, stems, compound parts
and pairs of neighbouring words, each kind under a namespace: ``yilmaz``,
``t_geshaftsfuhrerin``, ``s_leit``, ``p_vertrieb``, ``w_head_of``). The terms are
prepared by :mod:`metanet.words`, so the tokenizer only splits on spaces (``_`` is part of a
term); no positions are kept (``detail=none``: a role of several words is its pairs) and no
column sizes (nothing ranks by BM25: the path ranks, :mod:`metanet.answers.search`);
``prefix`` indexes 4-letter prefixes (the shortest typed prefix the search looks for,
:data:`metanet.words.query.MIN_PREFIX`).

Each row also holds its account's *role terms* (``r_3b3a3b12b7c5``: :mod:`metanet.words.roles`),
one per shipped role name the account matches as a whole word, so that a role word reads
one list. ``account_words_state`` says which role list they were made with (``roles``: the
stamp of :func:`metanet.words.shipped_roles`, written by migration m015 after indexing every
account again); the search reads them only when that is the code's own list.

``account_words_pending``: the accounts whose facts changed since they were indexed.
Triggers on ``accounts`` (the store's table) fill it, so no way of writing an account
(capture, import, reparse, the demo, a future edit) can leave the index behind; the
answers' indexer (:mod:`metanet.answers.words_index`) empties it inside the change's
transaction, and the search first indexes whatever is left. Deleting an account (forget,
forget a network) deletes its index row in the same statement.
"""

from __future__ import annotations

WORDS_TABLE = "account_words_fts"
PENDING_TABLE = "account_words_pending"
STATE_TABLE = "account_words_state"
#: the row of :data:`STATE_TABLE` holding the stamp of the role terms in the index
ROLES_STATE = "roles"
#: the facts an account is indexed by (the columns of ``accounts``)
INDEXED_FACTS = ("name", "headline", "company", "role", "location")

FTS_TABLE_SQL = (
    "create virtual table {name} using fts5(terms, "
    "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\", prefix = '4', "
    "detail = none, columnsize = 0)"
)

PENDING_SQL = f"create table {PENDING_TABLE} (account_id integer primary key)"
STATE_SQL = f"create table {STATE_TABLE} (name text primary key, value text not null)"

TRIGGER_NAMES = ("account_words_new", "account_words_changed", "account_words_gone")
_CHANGED = " or ".join(f"old.{c} is not new.{c}" for c in INDEXED_FACTS)
TRIGGERS_SQL = (
    f"create trigger {TRIGGER_NAMES[0]} after insert on accounts begin "
    f"insert or ignore into {PENDING_TABLE} values (new.id); end",
    f"create trigger {TRIGGER_NAMES[1]} after update of {', '.join(INDEXED_FACTS)} "
    f"on accounts when {_CHANGED} begin "
    f"insert or ignore into {PENDING_TABLE} values (new.id); end",
    f"create trigger {TRIGGER_NAMES[2]} after delete on accounts begin "
    f"delete from {WORDS_TABLE} where rowid = old.id; "
    f"delete from {PENDING_TABLE} where account_id = old.id; end",
)
