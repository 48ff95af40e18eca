"""Numbered schema migrations (sqlite-utils' migration sets).

Never edit a migration that has shipped: add the next number, at the end of this file, so
they are registered (and applied) in number order. A database made by any older version is
brought up to date by :func:`apply`; tests/test_migrations.py upgrades one from every
earlier schema.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("metanet")


@MIGRATIONS(name="m001_initial")
def m001_initial(db: Any) -> None:
    db["persons"].create(
        {"id": int, "name": str, "is_me": int, "note": str, "created_at": str, "updated_at": str},
        pk="id",
        not_null={"is_me", "created_at"},
        defaults={"is_me": 0},
    )
    db["accounts"].create(
        {
            "id": int,
            "network": str,
            "key": str,
            "person_id": int,
            "profile_url": str,
            "name": str,
            "headline": str,
            "company": str,
            "role": str,
            "location": str,
            "photo_url": str,
            "confirmed": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null={"network", "key", "person_id", "first_seen", "last_seen"},
        defaults={"confirmed": 1},
        foreign_keys=[("person_id", "persons", "id")],
    )
    db["accounts"].create_index(["network", "key"], unique=True)
    db["accounts"].create_index(["person_id"])
    db["accounts"].enable_fts(
        ["name", "headline", "company", "role", "location"], create_triggers=True
    )
    db["captures"].create(
        {
            "id": int,
            "url": str,
            "title": str,
            "site": str,
            "kind": str,
            "received_at": str,
            "parser": str,
            "parser_version": int,
            "sha256": str,
            "size": int,
            "html_z": bytes,
            "outcome": str,
            "error": str,
            "owner_account_id": int,
            "accounts_seen": int,
            "ties_seen": int,
        },
        pk="id",
        not_null={"url", "received_at", "sha256", "outcome"},
        foreign_keys=[("owner_account_id", "accounts", "id")],
    )
    db["captures"].create_index(["received_at"])
    db["imports"].create(
        {
            "id": int,
            "filename": str,
            "format": str,
            "sha256": str,
            "imported_at": str,
            "outcome": str,
            "error": str,
            "accounts_seen": int,
            "ties_seen": int,
        },
        pk="id",
        not_null={"filename", "sha256", "imported_at", "outcome"},
    )
    db["account_links"].create(
        {"id": int, "account_id": int, "url": str, "capture_id": int, "import_id": int},
        pk="id",
        not_null={"account_id", "url"},
        foreign_keys=[
            ("account_id", "accounts", "id"),
            ("capture_id", "captures", "id"),
            ("import_id", "imports", "id"),
        ],
    )
    db["account_links"].create_index(["account_id", "url"], unique=True)
    # E-mail addresses and phone numbers (normalised), the strongest identity evidence.
    db["account_identifiers"].create(
        {
            "id": int,
            "account_id": int,
            "kind": str,
            "value": str,
            "capture_id": int,
            "import_id": int,
        },
        pk="id",
        not_null={"account_id", "kind", "value"},
        foreign_keys=[
            ("account_id", "accounts", "id"),
            ("capture_id", "captures", "id"),
            ("import_id", "imports", "id"),
        ],
    )
    db["account_identifiers"].create_index(["account_id", "kind", "value"], unique=True)
    db["account_identifiers"].create_index(["kind", "value"])
    db["ties"].create(
        {
            "id": int,
            "src_account_id": int,
            "dst_account_id": int,
            "network": str,
            "kind": str,
            "directed": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null={"src_account_id", "dst_account_id", "network", "kind", "first_seen"},
        foreign_keys=[("src_account_id", "accounts", "id"), ("dst_account_id", "accounts", "id")],
    )
    db["ties"].create_index(["src_account_id", "dst_account_id", "kind"], unique=True)
    db["ties"].create_index(["dst_account_id"])
    db["tie_evidence"].create(
        {"id": int, "tie_id": int, "capture_id": int, "import_id": int, "seen_at": str},
        pk="id",
        not_null={"tie_id", "seen_at"},
        foreign_keys=[
            ("tie_id", "ties", "id"),
            ("capture_id", "captures", "id"),
            ("import_id", "imports", "id"),
        ],
    )
    db["tie_evidence"].create_index(["tie_id"])
    db["relations"].create(
        {
            "id": int,
            "a_person_id": int,
            "b_person_id": int,
            "label": str,
            "strength": float,
            "note": str,
            "source": str,
            "created_at": str,
        },
        pk="id",
        not_null={"a_person_id", "b_person_id", "label", "created_at"},
        foreign_keys=[("a_person_id", "persons", "id"), ("b_person_id", "persons", "id")],
    )
    db["relations"].create_index(["a_person_id", "b_person_id", "label"], unique=True)
    db["relations"].create_index(["b_person_id"])
    db["merge_decisions"].create(
        {
            "id": int,
            "a_account_id": int,
            "b_account_id": int,
            "decision": str,
            "source": str,
            "score": float,
            "reason": str,
            "created_at": str,
            "undone_at": str,
        },
        pk="id",
        not_null={"a_account_id", "b_account_id", "decision", "source", "created_at"},
        foreign_keys=[("a_account_id", "accounts", "id"), ("b_account_id", "accounts", "id")],
    )


@MIGRATIONS(name="m002_imports")
def m002_imports(db: Any) -> None:
    """What each import listed, and what changed since the previous export of that list.

    Entries name accounts by (network, key), not by id: identity resolution may retire an
    account id later, while the key an export gives stays comparable with the next export.
    """
    for column, kind in (("source", str), ("entries", int), ("skipped", int), ("size", int)):
        db["imports"].add_column(column, kind)
    db["imports"].create_index(["sha256"])
    db["import_entries"].create(
        {
            "id": int,
            "import_id": int,
            "source": str,
            "network": str,
            "key": str,
            "name": str,
            "company": str,
            "role": str,
        },
        pk="id",
        not_null={"import_id", "source", "network", "key"},
        foreign_keys=[("import_id", "imports", "id")],
    )
    db["import_entries"].create_index(["source", "key"])
    db["import_entries"].create_index(["import_id"])
    # change: added, removed or changed (then field, old, new: company or role)
    db["import_changes"].create(
        {
            "id": int,
            "import_id": int,
            "source": str,
            "network": str,
            "key": str,
            "name": str,
            "change": str,
            "field": str,
            "old": str,
            "new": str,
        },
        pk="id",
        not_null={"import_id", "source", "network", "key", "change"},
        foreign_keys=[("import_id", "imports", "id")],
    )
    db["import_changes"].create_index(["import_id"])


@MIGRATIONS(name="m003_identity")
def m003_identity(db: Any) -> None:
    """Identity resolution: lookup keys, the review queue and what undo needs.

    ``identity_keys`` holds, per account, its exact-evidence keys (own profile, linked
    profiles, e-mails, phones) and its name blocking keys, indexed by key, so one capture
    finds its candidates without scanning every account. ``merge_undo`` keeps what a merge
    erased (the other person's row, which accounts and relations moved) so it can be undone.
    Every row declares its foreign key, so ``forget`` finds and removes it with the account
    (the keys and reasons hold names).
    """
    db["identity_keys"].create(
        {"account_id": int, "kind": str, "key": str},
        pk=("account_id", "kind", "key"),
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["identity_keys"].create_index(["key"])
    db["identity_suggestions"].create(
        {
            "id": int,
            "a_account_id": int,
            "b_account_id": int,
            "score": float,
            "reason": str,
            "status": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"a_account_id", "b_account_id", "score", "status", "created_at"},
        defaults={"status": "open"},
        foreign_keys=[("a_account_id", "accounts", "id"), ("b_account_id", "accounts", "id")],
    )
    db["identity_suggestions"].create_index(["a_account_id", "b_account_id"], unique=True)
    db["identity_suggestions"].create_index(["b_account_id"])
    db["identity_suggestions"].create_index(["status", "score"])
    db["merge_undo"].create(
        {
            "decision_id": int,
            "person_name": str,
            "person_note": str,
            "is_me": int,
            "account_ids": str,
            "relation_ids": str,
        },
        pk="decision_id",
        foreign_keys=[("decision_id", "merge_decisions", "id")],
    )
    db["merge_decisions"].create_index(["a_account_id"])
    db["merge_decisions"].create_index(["b_account_id"])
    # What one capture touched, found without scanning (resolve_capture after every capture).
    db["tie_evidence"].create_index(["capture_id"], if_not_exists=True)
    db["account_links"].create_index(["capture_id"], if_not_exists=True)
    db["account_identifiers"].create_index(["capture_id"], if_not_exists=True)


@MIGRATIONS(name="m004_answers")
def m004_answers(db: Any) -> None:
    """Tie ratings (the user's word on how strong a tie is) and saved search requests."""
    db["tie_ratings"].create(
        {"id": int, "a_person_id": int, "b_person_id": int, "strength": float, "rated_at": str},
        pk="id",
        not_null={"a_person_id", "b_person_id", "strength", "rated_at"},
    )  # no foreign keys: merging persons deletes one, and a rating must not block that
    db["tie_ratings"].create_index(["a_person_id", "b_person_id"], unique=True)
    db["search_requests"].create(
        {"id": int, "query": str, "hops": int, "note": str, "origin": str, "created_at": str},
        pk="id",
        not_null={"query", "hops", "created_at"},
    )
    # One row per person a request has ever matched: a new row is a new-match notice.
    db["request_matches"].create(
        {
            "id": int,
            "request_id": int,
            "person_id": int,
            "introducer_id": int,
            "found_at": str,
            "seen_at": str,
        },
        pk="id",
        not_null={"request_id", "person_id", "found_at"},
        foreign_keys=[("request_id", "search_requests", "id")],
    )
    db["request_matches"].create_index(["request_id", "person_id"], unique=True)


@MIGRATIONS(name="m005_forget")
def m005_forget(db: Any) -> None:
    """Accounts the user asked to forget, so no capture, reparse or import brings them back.

    Only a hash of network and key is kept: the list itself must not remember who it was.
    """
    db["forgotten"].create(
        {"network": str, "key_hash": str, "forgotten_at": str},
        pk=("network", "key_hash"),
        not_null={"forgotten_at"},
    )


@MIGRATIONS(name="m006_graph_epoch")
def m006_graph_epoch(db: Any) -> None:
    """A counter of rows deleted from the graph's tables, kept by triggers.

    The answers' in-memory graph catches up with appended rows incrementally and reloads
    in full after a deletion (a forget, a merge, a split); this counter tells it which,
    in one look-up instead of counting millions of rows.
    """
    db["graph_epoch"].create({"id": int, "deletions": int}, pk="id", not_null={"deletions"})
    db["graph_epoch"].insert({"id": 1, "deletions": 0})
    for table in ("persons", "accounts", "ties", "relations", "tie_ratings"):
        db.execute(
            f"create trigger graph_epoch_{table} after delete on [{table}] begin "
            "update graph_epoch set deletions = deletions + 1 where id = 1; end"
        )


#: the columns the answers' person graph is built from, per table (see m007)
GRAPH_COLUMNS = {
    "persons": ("is_me",),
    "accounts": ("person_id",),
    "ties": ("src_account_id", "dst_account_id", "network", "kind", "directed"),
    "relations": ("a_person_id", "b_person_id", "label", "strength"),
}


@MIGRATIONS(name="m007_graph_stamp")
def m007_graph_stamp(db: Any) -> None:
    """What the answers' snapshot file is stamped with (``answers/disk.py``).

    ``database_id`` is random per database, so a snapshot file next to another database is
    rejected. ``updates`` counts in-place changes of the columns the person graph is built
    from (a split moves an account to another person, a relation's strength is edited):
    appends move the tables' largest ids and deletions the m006 counter, so with this one
    every change of the graph changes the stamp. The triggers fire on those columns only,
    never on the ``last_seen`` a capture refreshes. Ratings are re-read whole on every
    change (the user's few rows), so replacing one is no longer counted as a deletion.
    A partial index finds *me* without scanning every person (the stamp is read on every
    change).
    """
    db.execute("create index if not exists idx_persons_me on persons(is_me) where is_me = 1")
    db.execute("alter table graph_epoch add column database_id text")
    db.execute("alter table graph_epoch add column updates integer not null default 0")
    db.execute("update graph_epoch set database_id = lower(hex(randomblob(16))) where id = 1")
    db.execute("drop trigger if exists graph_epoch_tie_ratings")
    for table, columns in GRAPH_COLUMNS.items():
        db.execute(
            f"create trigger graph_updates_{table} after update of {', '.join(columns)} "
            f"on [{table}] begin update graph_epoch set updates = updates + 1 where id = 1; end"
        )


@MIGRATIONS(name="m008_forget_keyed")
def m008_forget_keyed(db: Any) -> None:
    """The forgotten list's hashes become keyed (``store/forget_key.py``): which scheme a
    row was written with. Rows from before are ``sha256`` (unkeyed): they cannot be
    re-keyed here, since only their hash is kept; they are checked both ways and re-keyed
    when their account is met again."""
    db.execute("alter table forgotten add column scheme text not null default 'sha256'")


@MIGRATIONS(name="m009_meeting")
def m009_meeting(db: Any) -> None:
    """The breakfast meeting: partners, their search requests, introductions, your card.

    A partner's request is a saved search request (``search_requests``) that names its
    partner and meeting, with the fields it came with. An introduction names up to three
    persons without foreign keys (like ``tie_ratings``: a merge removes a person, and the
    merge moves them instead; ``forget`` deletes them, ``store/erase.py``); every change of
    its state is a row of ``introduction_events``, so each has its date. The snapshot
    reads the made ones whole when their fingerprint moves (``answers/source.py``).
    """
    db["meetings"].create(
        {"id": int, "title": str, "held_on": str, "created_at": str},
        pk="id",
        not_null={"created_at"},
    )
    db["partners"].create(
        {"id": int, "name": str, "name_key": str, "person_id": int, "created_at": str},
        pk="id",
        not_null={"name", "name_key", "created_at"},
    )  # person_id: no foreign key, see above
    db["partners"].create_index(["name_key"], unique=True)
    for column, parent in (("partner_id", "partners"), ("meeting_id", "meetings")):
        db.execute(
            f"alter table search_requests add column {column} integer references {parent}(id)"
        )
    for column in ("seeks", "company", "role", "city", "industry", "introduce_how"):
        db.execute(f"alter table search_requests add column {column} text")
    db["introductions"].create(
        {
            "id": int,
            "introducer_id": int,
            "person_id": int,
            "to_id": int,
            "partner_id": int,
            "request_id": int,
            "direction": str,
            "state": str,
            "note": str,
            "value": float,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"person_id", "direction", "state", "created_at", "updated_at"},
        foreign_keys=[("partner_id", "partners", "id"), ("request_id", "search_requests", "id")],
    )
    for columns in (["introducer_id"], ["person_id"], ["to_id"], ["partner_id"]):
        db["introductions"].create_index(columns)
    db["introduction_events"].create(
        {"id": int, "introduction_id": int, "state": str, "at": str, "note": str},
        pk="id",
        not_null={"introduction_id", "state", "at"},
        foreign_keys=[("introduction_id", "introductions", "id")],
    )
    db["introduction_events"].create_index(["introduction_id"])
    # Your 360° card: per preset ("partners", "everyone") what each network shows (JSON).
    db["card_choices"].create(
        {"preset": str, "choices": str, "saved_at": str},
        pk="preset",
        not_null={"choices", "saved_at"},
    )


@MIGRATIONS(name="m010_search_words")
def m010_search_words(db: Any) -> None:
    """The search's word index (``answers/words_table.py``) in place of the whole-word one.

    m001's ``accounts_fts`` matched whole words as written; the new table holds each
    account's words as people type them (folded, stems, compound parts: ``metanet.words``),
    which SQL cannot compute. So this migration fills it in Python, from every account
    (``answers/words_index.fill``: ~1 minute for 1.65 million accounts), and triggers keep
    a list of the accounts whose facts change, which the answers index after every change.
    """
    from metanet.answers import words_index, words_table  # the index's owner: its DDL, its fill

    for trigger in ("accounts_ai", "accounts_ad", "accounts_au"):
        db.execute(f"drop trigger if exists {trigger}")
    db.execute("drop table if exists accounts_fts")
    # a database made by the search branch before this migration was renumbered (it ran
    # as m008) has the tables in an older term format: made afresh, like any other
    for trigger in words_table.TRIGGER_NAMES:
        db.execute(f"drop trigger if exists {trigger}")
    db.execute(f"drop table if exists {words_table.WORDS_TABLE}")
    db.execute(f"drop table if exists {words_table.PENDING_TABLE}")
    db.execute(words_table.FTS_TABLE_SQL.format(name=words_table.WORDS_TABLE))
    db.execute(words_table.PENDING_SQL)
    for trigger_sql in words_table.TRIGGERS_SQL:
        db.execute(trigger_sql)
    words_index.fill(db.conn)


@MIGRATIONS(name="m011_reach_and_names")
def m011_reach_and_names(db: Any) -> None:
    """How to reach a person, the user's settings, and name keys that stay current.

    ``settings`` holds the user's choices (the region phone numbers without a country code
    are read in) and what was done with them (the region stored numbers were last read in).

    ``account_identifiers`` and ``account_links`` learn when each e-mail address, phone
    number and link was last seen (and by which import or capture), so the person's view
    can say where it comes from and how fresh it is; rows stored before carry the time of
    the import or capture that brought them. An account's own profile says the import
    that listed it or the capture of its page (two indexes find them).

    ``identity_pending`` lists accounts whose name keys (``identity_keys``) are out of
    date: triggers add every new or renamed account, and identity brings them up to date
    before a lookup by name (a capture or an import does it at once). Every account is
    listed here once: the one name folding changed the keys (issue 18).
    """
    db["settings"].create({"name": str, "value": str}, pk="name")
    for table in ("account_identifiers", "account_links"):
        db.execute(f"alter table [{table}] add column last_seen text")
        db.execute(
            f"update [{table}] set last_seen = coalesce("
            f"(select imported_at from imports where imports.id = [{table}].import_id), "
            f"(select received_at from captures where captures.id = [{table}].capture_id), "
            f"(select last_seen from accounts where accounts.id = [{table}].account_id))"
        )
    # where an account's own profile came from: the imports that listed it, its captures
    db["import_entries"].create_index(["network", "key"], if_not_exists=True)
    db["captures"].create_index(["owner_account_id"], if_not_exists=True)
    db["identity_pending"].create(
        {"account_id": int}, pk="account_id", foreign_keys=[("account_id", "accounts", "id")]
    )
    viewer = "'~me'"  # model.VIEWER_KEY: the user's placeholder account has no name
    db.execute(
        "create trigger identity_pending_new after insert on accounts "
        f"when new.key != {viewer} begin "
        "insert or ignore into identity_pending (account_id) values (new.id); end"
    )
    db.execute(
        "create trigger identity_pending_renamed after update of name on accounts "
        f"when new.key != {viewer} and new.name is not old.name begin "
        "insert or ignore into identity_pending (account_id) values (new.id); end"
    )
    _every_name_pending(db)


def _every_name_pending(db: Any) -> None:
    """List every account (but the user's placeholder) as having out-of-date name keys."""
    db.execute(
        "insert or ignore into identity_pending (account_id) "
        "select id from accounts where key != '~me'"  # model.VIEWER_KEY
    )


@MIGRATIONS(name="m012_what_pages_say")
def m012_what_pages_say(db: Any) -> None:
    """What a page says beyond accounts and ties, and how completely it was read.

    ``account_aliases``: other keys of one account on its network (a LinkedIn member URN
    beside the vanity slug), so one member is one account whichever key a page names.
    ``shared_counts``: the number of shared connections a page prints for an account
    ("… and 289 other mutual connections" is 291), the latest capture's. ``shared_mentions``:
    the people a page names as shared, with the account they are (linked on the page, or
    the one known person of that name) or none ("named only"). ``captures.partly_read``:
    why a stored page was read only in part (a reading code, :class:`model.Reading`);
    ``captures.store_version``: which version of the capture's storing wrote its rows, so
    ``metanet reparse`` stores again what an older version did not keep. Every row names
    its accounts by foreign key, so ``forget`` and account joins find them.
    """
    db["account_aliases"].create(
        {"network": str, "key": str, "account_id": int},
        pk=("network", "key"),
        not_null={"account_id"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db["account_aliases"].create_index(["account_id"])
    db["shared_counts"].create(
        {"account_id": int, "kind": str, "total": int, "capture_id": int, "seen_at": str},
        pk=("account_id", "kind"),
        not_null={"total", "seen_at"},
        foreign_keys=[("account_id", "accounts", "id"), ("capture_id", "captures", "id")],
    )
    db["shared_counts"].create_index(["capture_id"])
    db["shared_mentions"].create(
        {
            "id": int,
            "account_id": int,
            "kind": str,
            "name": str,
            "known_account_id": int,
            "capture_id": int,
            "seen_at": str,
        },
        pk="id",
        not_null={"account_id", "kind", "name", "seen_at"},
        foreign_keys=[
            ("account_id", "accounts", "id"),
            ("known_account_id", "accounts", "id"),
            ("capture_id", "captures", "id"),
        ],
    )
    db["shared_mentions"].create_index(["account_id", "kind", "name"], unique=True)
    db["shared_mentions"].create_index(["known_account_id"])
    db["shared_mentions"].create_index(["capture_id"])
    db["captures"].add_column("partly_read", str)
    db["captures"].add_column("store_version", int)
    # Everyone but the user has a name: a person whose accounts show none is named after
    # the handle of their first account (the store keeps it so from now on).
    db.execute(
        "update persons set name = (select key from accounts where person_id = persons.id "
        "and key not like '~%' order by id limit 1) where name is null and is_me = 0"
    )


@MIGRATIONS(name="m013_interactions")
def m013_interactions(db: Any) -> None:
    """What people did together, counted per person and month, never what they said.

    ``interactions`` holds counts only (``kind``: sent, received, thread, meeting,
    endorsed, endorsed_you, recommended, recommended_you, invited, invited_you) with the
    first and last moment in that month; no text, subject or title has a column. ``who``
    is the identifier the export named (``email:…``, ``url:…``, ``phone:…``, ``name:…``);
    ``person_id`` is the person it matched, or NULL (listed for review) when nobody or
    several people match. No foreign key on ``person_id``: a merge moves the rows, a
    forget deletes them (``store/erase.py``). ``interaction_seen`` holds a keyed hash per
    counted event, so a newer export adds only what is new.
    """
    db["interactions"].create(
        {
            "id": int,
            "person_id": int,
            "who": str,
            "label": str,
            "source": str,
            "month": str,
            "kind": str,
            "n": int,
            "first_at": str,
            "last_at": str,
            "import_id": int,
        },
        pk="id",
        not_null={"who", "source", "month", "kind", "n", "first_at", "last_at"},
    )
    db["interactions"].create_index(["person_id"])
    db["interactions"].create_index(["who"])
    db["interaction_seen"].create({"key": bytes}, pk="key")


#: what a change of a circle or of its members logs for the answers' snapshot (m014):
#: the columns of ``circle_members`` and ``circles`` the circles' part of the graph reads
CIRCLE_MEMBER_COLUMNS = ("circle_id", "account_id", "start_year", "end_year", "current",
                         "dismissed_at")  # fmt: skip
CIRCLE_COLUMNS = ("rating", "origin", "dismissed_at")


@MIGRATIONS(name="m014_circles")
def m014_circles(db: Any) -> None:
    """Circles: clubs, associations, chapters, employers, schools as groups of their own.

    ``circles`` holds the group (``origin``: made by the user, read from a page that lists
    members, or inferred from what profiles say about work and education; ``rating`` is the
    user's word on how well its members know each other). ``circle_keys`` are the names
    under which pages and profiles find their circle again ("github:dwyl", an
    organisation's folded name), so a merge keeps them. A membership names an *account*, so
    it follows that account through merges and splits and goes with it when the person is
    forgotten (its foreign key). Years are whole years; ``current`` says "until now".

    ``circle_log`` is filled by triggers with the circle of every change of a membership or
    of a circle's graph columns: the answers' snapshot re-reads only those circles. Saved
    search requests may be limited to circles (``search_requests.circles``: ids, comma
    separated).
    """
    db["circles"].create(
        {
            "id": int,
            "name": str,
            "kind": str,
            "place": str,
            "start_year": int,
            "end_year": int,
            "origin": str,
            "rating": float,
            "note": str,
            "created_at": str,
            "updated_at": str,
            "dismissed_at": str,
        },
        pk="id",
        not_null={"name", "kind", "origin", "created_at"},
    )
    db["circle_keys"].create(
        {"key": str, "circle_id": int},
        pk="key",
        not_null={"circle_id"},
        foreign_keys=[("circle_id", "circles", "id")],
    )
    db["circle_keys"].create_index(["circle_id"])
    db["circle_members"].create(
        {
            "id": int,
            "circle_id": int,
            "account_id": int,
            "start_year": int,
            "end_year": int,
            "current": int,
            "source": str,
            "title": str,
            "capture_id": int,
            "created_at": str,
            "dismissed_at": str,
        },
        pk="id",
        not_null={"circle_id", "account_id", "source", "created_at"},
        defaults={"current": 0},
        foreign_keys=[
            ("circle_id", "circles", "id"),
            ("account_id", "accounts", "id"),
            ("capture_id", "captures", "id"),
        ],
    )
    db["circle_members"].create_index(["circle_id", "account_id"], unique=True)
    db["circle_members"].create_index(["account_id"])
    db["circle_members"].create_index(["capture_id"])
    db.execute(
        "create table circle_log (id integer primary key autoincrement, circle_id integer not null)"
    )
    log = "insert into circle_log (circle_id) values"
    db.execute(
        "create trigger circle_log_member_insert after insert on circle_members "
        f"begin {log} (new.circle_id); end"
    )
    db.execute(
        "create trigger circle_log_member_delete after delete on circle_members "
        f"begin {log} (old.circle_id); end"
    )
    db.execute(
        f"create trigger circle_log_member_update after update of "
        f"{', '.join(CIRCLE_MEMBER_COLUMNS)} on circle_members "
        f"begin {log} (old.circle_id); {log} (new.circle_id); end"
    )
    db.execute(
        f"create trigger circle_log_update after update of {', '.join(CIRCLE_COLUMNS)} "
        f"on circles begin {log} (new.id); end"
    )
    db.execute(
        f"create trigger circle_log_delete after delete on circles begin {log} (old.id); end"
    )
    db["search_requests"].add_column("circles", str)


@MIGRATIONS(name="m015_role_terms")
def m015_role_terms(db: Any) -> None:
    """Every account's role terms in the search's word index (``metanet.words.roles``).

    A role word ("Geschäftsführer", "Managing Director") matched through ten alternatives
    (its forms and every other name of the role), which FTS5 read one list at a time; each
    account now holds one term per shipped role name it matches, so a role word reads one
    list. The whole index is made again (``answers/words_index.refill``: 1.65 million
    accounts in ~2.5 minutes of CPU) and ``account_words_state`` says which role list it holds.
    """
    from metanet.answers import words_index, words_table  # the index's owner

    db.execute(words_table.STATE_SQL)
    words_index.refill(db.conn)


@MIGRATIONS(name="m016_last_name_first_keys")
def m016_last_name_first_keys(db: Any) -> None:
    """Initial blocking keys written last name first (``i:lehmann|k``, was ``i:k|lehmann``).

    A lookup of a last name alone then reads the range of its initial keys, so the extra
    key per account that served it (``l:lehmann``: over a quarter of all keys) is no longer
    written. Every account's keys are out of date: all are listed in ``identity_pending``,
    as in m011, and :func:`metanet.identity.keys.catch_up` rewrites them before the next
    lookup by name or resolution (a large database in one pass).
    """
    _every_name_pending(db)


@MIGRATIONS(name="m017_own_first_name_keys")
def m017_own_first_name_keys(db: Any) -> None:
    """Fewer and plainer name keys (:func:`metanet.identity.blocking.stored_name_keys`):

    * the full-name key of an account's own first name only (``n:sepp|huber``; the keys of
      every formal name it may stand for, ``n:yosef|huber``, are no longer written): a
      block or a lookup of a formal name reads the keys of each name standing for it;
    * the initial keys of a name known by its initial marked as such (``i:lehmann|k.``).

    Every account's keys are out of date: all are listed in ``identity_pending`` and
    rewritten before the next lookup by name or resolution, as after m016.
    """
    _every_name_pending(db)


def apply(db: Any) -> None:
    """Bring the database up to the newest schema."""
    MIGRATIONS.apply(db)
