"""Numbered schema migrations (sqlite-utils' migration sets).

Never edit a migration that has shipped: add the next number. A database made by any older
version is brought up to date by :func:`apply`.
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


def apply(db: Any) -> None:
    """Bring the database up to the newest schema."""
    MIGRATIONS.apply(db)
