"""Generate a synthetic ego network straight into a Metanet database (for the answers bench).

*quick*: 300 direct contacts, ~48,000 people (``make bench-quick``, a few seconds).
*small*: 500 direct contacts, ~250,000 people in the second degree.
*heavy*: 3,000 direct contacts over three networks with overlaps and clustering,
~1.5 million people, ~3 million ties.

The schema comes from the real migrations (``Store``); rows go in with ``executemany``
because the store's one-row API would take hours for millions of rows. Direct contacts
are grouped into communities that draw their contacts from a shared pool: that gives the
overlap (people known through several contacts) and clustering real networks have.

*circles*: adds circles (2,000 of 5-500 members) to a network made before: the user is in
ten of them, the direct contacts in a few each, a third are inferred (employers, schools,
with years).

Usage: python bench/answers_generate.py quick|small|heavy /tmp/heavy.db
       python bench/answers_generate.py circles /tmp/heavy-copy.db [count]
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

from metanet.store import Store

NETWORKS = ("linkedin", "xing", "facebook")
FIRST = ("Anna", "Bernd", "Clara", "David", "Eva", "Felix", "Greta", "Hannes", "Ida",
         "Jonas", "Katharina", "Lukas", "Mia", "Noah", "Olga", "Paul", "Rita", "Stefan", "Tina",
         "Uwe")  # fmt: skip
LAST = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Berger")  # fmt: skip
ROLES = ("Geschäftsführer", "Managing Director", "Software Engineer", "Vertriebsleiter",
         "Einkäufer", "Prokurist", "CFO", "Data Scientist", "Projektleiter", "Berater",
         "Professor", "Ärztin", "Architekt", "Steuerberater", "Designerin")  # fmt: skip
CITIES = ("München", "Berlin", "Hamburg", "Köln", "Frankfurt", "Stuttgart", "Leipzig",
          "Dresden", "Nürnberg", "Augsburg", "Wien", "Zürich")  # fmt: skip
INDUSTRIES = ("Maschinenbau", "Software", "Logistik", "Beratung", "Medizintechnik", "Bau",
              "Energie", "Handel")  # fmt: skip

PROFILES = {
    # direct contacts, contacts per direct contact, community count, pool size per community
    "quick": (300, 400, 6, 8_000),
    "small": (500, 800, 10, 25_000),
    "heavy": (3_000, 1_800, 30, 50_000),
}


def _name(p: int) -> str:
    return f"{FIRST[p % len(FIRST)]} {LAST[(p // 20) % len(LAST)]} {p}"


def generate(kind: str, path: Path, seed: int = 6) -> dict[str, int]:
    direct, per_contact, communities, pool = PROFILES[kind]
    rng = np.random.default_rng(seed)
    Store(path).close()  # schema through the real migrations
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    stamp = "2026-11-01T12:00:00+00:00"
    n_people = 1 + direct + communities * pool
    me, d1 = 1, np.arange(2, 2 + direct)
    first_d2 = 2 + direct
    conn.executemany(
        "insert into persons (id, name, is_me, created_at) values (?, ?, ?, ?)",
        ((p, None if p == me else _name(p), int(p == me), stamp) for p in range(1, n_people + 1)),
    )
    # accounts: me on all networks; direct contacts on 1-3 networks; others on one, some two
    nets_of: list[tuple[int, ...]] = [()] * (n_people + 1)
    nets_of[me] = (0, 1, 2)
    for p in d1:
        k = int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15]))
        nets_of[p] = tuple(sorted(rng.choice(3, size=k, replace=False).tolist()))
    second = rng.random(n_people + 1) < 0.1
    for p in range(first_d2, n_people + 1):
        nets_of[p] = (p % 3, (p + 1) % 3) if second[p] else (p % 3,)
    account_id: dict[tuple[int, int], int] = {}
    rows = []
    days = rng.integers(0, 720, size=n_people + 1)
    for p in range(1, n_people + 1):
        name = _name(p)
        role = ROLES[(p * 7) % len(ROLES)]
        company = f"{LAST[(p * 3) % len(LAST)]} {INDUSTRIES[(p * 5) % len(INDUSTRIES)]} GmbH"
        city = CITIES[(p * 11) % len(CITIES)]
        seen = f"2026-{1 + int(days[p]) % 11:02d}-{1 + int(days[p]) % 28:02d}T10:00:00+00:00"
        for n in nets_of[p]:
            aid = len(rows) + 1
            account_id[(p, n)] = aid
            key = "__viewer__" if p == me else f"u{p}"
            rows.append((aid, NETWORKS[n], key, p, name, f"{role} bei {company}", company, role,
                         city, seen, seen))  # fmt: skip
    conn.executemany(
        "insert into accounts (id, network, key, person_id, name, headline, company, role, "
        "location, first_seen, last_seen) values (?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    n_accounts = len(rows)
    del rows
    ties: set[tuple[int, int, int]] = set()

    def tie(a: int, b: int) -> None:
        for n in set(nets_of[a]) & set(nets_of[b]):
            x, y = account_id[(a, n)], account_id[(b, n)]
            ties.add((min(x, y), max(x, y), n))

    for p in d1:
        tie(me, int(p))
    for c in range(communities):
        members = d1[c::communities]
        base = first_d2 + c * pool
        for p in members:
            p = int(p)
            picks = base + rng.choice(pool, size=per_contact, replace=False)
            for q in picks:
                tie(p, int(q))
            for q in rng.choice(members, size=min(20, len(members)), replace=False):
                if int(q) != p:
                    tie(p, int(q))
    seen_days = rng.integers(0, 720, size=len(ties))
    conn.executemany(
        "insert into ties (src_account_id, dst_account_id, network, kind, directed, "
        "first_seen, last_seen) values (?, ?, ?, 'contact', 0, ?, ?)",
        (
            (
                a,
                b,
                NETWORKS[n],
                stamp,
                f"2026-{1 + int(d) % 11:02d}-{1 + int(d) % 28:02d}T10:00:00+00:00",
            )
            for (a, b, n), d in zip(ties, seen_days, strict=True)
        ),
    )
    # a few offline relations among direct contacts and their contacts
    labels = ("neighbour", "golf partner", "colleague", "family", "club")
    rel = set()
    for _ in range(2_000):
        a = int(rng.choice(d1))
        b = int(rng.integers(2, n_people + 1))
        if a != b:
            rel.add((min(a, b), max(a, b), labels[len(rel) % len(labels)]))
    conn.executemany(
        "insert or ignore into relations (a_person_id, b_person_id, label, source, created_at) "
        "values (?, ?, ?, 'user', ?)",
        ((a, b, label, stamp) for a, b, label in rel),
    )
    conn.commit()
    conn.close()
    return {"people": n_people, "accounts": n_accounts, "ties": len(ties), "relations": len(rel)}


CIRCLE_KINDS = ("club", "association", "chapter", "employer", "school", "neighbourhood")


def add_circles(path: Path, count: int = 2_000, seed: int = 20) -> dict[str, int]:
    """Circles of 5-500 members into an existing network (its schema migrated first).

    Members are drawn at random from everyone, 2 % of them from the user's direct contacts;
    the user is in ten circles. A third of the circles are inferred employers and schools
    whose members have years (so only some pairs overlap); the rest are the user's own.
    """
    rng = np.random.default_rng(seed)
    Store(path).close()  # brings the schema up to date (circles: m014)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    stamp = "2026-11-01T12:00:00+00:00"
    me = conn.execute("select id from persons where is_me = 1").fetchone()[0]
    first_account = dict(
        conn.execute("select person_id, min(id) from accounts group by person_id").fetchall()
    )
    people = np.array(sorted(first_account), dtype=np.int64)
    contacts = np.array(
        sorted(
            {
                int(p)
                for (p,) in conn.execute(
                    "select b.person_id from ties t join accounts a on a.id = t.src_account_id "
                    "join accounts b on b.id = t.dst_account_id where a.person_id = ?",
                    [me],
                )
            }
        ),
        dtype=np.int64,
    )
    start = int(conn.execute("select coalesce(max(id), 0) from circles").fetchone()[0]) + 1
    sizes = rng.integers(5, 501, size=count)
    with_me = set(rng.choice(count, size=min(10, count), replace=False).tolist())
    circles, members = [], []
    for i, size in enumerate(sizes.tolist()):
        circle = start + i
        inferred = i % 3 == 0
        kind = CIRCLE_KINDS[3 + i % 2] if inferred else CIRCLE_KINDS[i % 3]
        circles.append((circle, f"Circle {circle}", kind, "inferred" if inferred else "user",
                        stamp, stamp))  # fmt: skip
        near = rng.random(size) < 0.02
        chosen = np.where(near, rng.choice(contacts, size=size), rng.choice(people, size=size))
        chosen = set(chosen.tolist())
        if i in with_me:
            chosen.add(me)
        for person in chosen:
            start_year = int(rng.integers(1990, 2024)) if inferred else None
            end_year = start_year + int(rng.integers(0, 8)) if start_year else None
            members.append((circle, first_account[person], start_year, end_year,
                            "profile" if inferred else "user", stamp))  # fmt: skip
    conn.executemany(
        "insert into circles (id, name, kind, origin, created_at, updated_at) "
        "values (?, ?, ?, ?, ?, ?)",
        circles,
    )
    conn.executemany(
        "insert or ignore into circle_members (circle_id, account_id, start_year, end_year, "
        "source, created_at) values (?, ?, ?, ?, ?, ?)",
        members,
    )
    conn.commit()
    conn.close()
    return {"circles": count, "memberships": len(members), "with_me": len(with_me)}


if __name__ == "__main__":
    started = time.perf_counter()
    if sys.argv[1] == "circles":
        counts = add_circles(Path(sys.argv[2]), *(int(a) for a in sys.argv[3:4]))
    else:
        counts = generate(sys.argv[1], Path(sys.argv[2]))
    print(counts, f"{time.perf_counter() - started:.0f} s")
