"""A small network written with the first schema's tables and columns only.

Every later schema keeps these tables, so the same rows fill a database at any schema level:
the frozen fixture (tests/fixtures/db/make_schema_fixtures.py) and the upgrade test from
every earlier schema (tests/test_migrations.py).
"""

from __future__ import annotations

import sqlite3
import zlib

STAMP = "2026-11-28T12:00:00+00:00"
PAGE = "<html><h1>Jürgen Größ</h1></html>"


def fill_first_schema(conn: sqlite3.Connection) -> None:
    """Me (Sabine), two contacts, an offline person with a relation, one stored page."""
    conn.executemany(
        "insert into persons (id, name, is_me, created_at, updated_at) values (?, ?, ?, ?, ?)",
        [(1, "Sabine Weber", 1, STAMP, STAMP), (2, "Jürgen Größ", 0, STAMP, STAMP),
         (3, "Zoë Ørsted", 0, STAMP, STAMP), (4, "Bernd Keller", 0, STAMP, STAMP)],
    )  # fmt: skip
    conn.executemany(
        "insert into accounts (id, network, key, person_id, profile_url, name, confirmed, "
        "first_seen, last_seen) values (?, ?, ?, ?, ?, ?, 1, ?, ?)",
        [(1, "linkedin", "sabine-weber", 1, "https://www.linkedin.com/in/sabine-weber/",
          "Sabine Weber", STAMP, STAMP),
         (2, "linkedin", "juergen-groess", 2, "https://www.linkedin.com/in/juergen-groess/",
          "Jürgen Größ", STAMP, STAMP),
         (3, "xing", "zoe_orsted", 3, "https://www.xing.com/profile/Zoe_Orsted",
          "Zoë Ørsted", STAMP, STAMP),
         (4, "offline", "p4", 4, None, "Bernd Keller", STAMP, STAMP)],
    )  # fmt: skip
    conn.execute(
        "insert into captures (id, url, site, kind, received_at, parser, parser_version, "
        "sha256, size, html_z, outcome, owner_account_id, accounts_seen, ties_seen) "
        "values (1, ?, 'linkedin', 'profile', ?, 'linkedin', 1, ?, ?, ?, 'stored', 2, 1, 0)",
        ["https://www.linkedin.com/in/juergen-groess/", STAMP, "0" * 64,
         len(PAGE.encode()), zlib.compress(PAGE.encode())],
    )  # fmt: skip
    conn.executemany(
        "insert into ties (id, src_account_id, dst_account_id, network, kind, directed, "
        "first_seen, last_seen) values (?, ?, ?, ?, 'contact', 0, ?, ?)",
        [(1, 1, 2, "linkedin", STAMP, STAMP), (2, 1, 3, "xing", STAMP, STAMP)],
    )
    conn.executemany(
        "insert into tie_evidence (tie_id, capture_id, seen_at) values (?, 1, ?)",
        [(1, STAMP), (2, STAMP)],
    )
    conn.execute(
        "insert into relations (a_person_id, b_person_id, label, strength, source, created_at) "
        "values (3, 4, 'golf partner', 0.8, 'user', ?)",
        [STAMP],
    )
    conn.commit()
