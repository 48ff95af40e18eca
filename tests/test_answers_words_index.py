"""The search's word index stays current: filled by the migration, kept by every change.

A real SQLite file, the real migrations and the real capture service: the index must say
what the accounts say after a capture, an import, a direct write, a changed headline, a
merge and a forget, and the migration must fill it from a database made before it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from metanet import migrations
from metanet.answers.search import search
from metanet.answers.service import snapshot_for
from metanet.answers.words_index import current_roles, has_pending, index_pending
from metanet.demo.seed import load
from metanet.identity.persons import Merge, merge_persons
from metanet.model import AccountRecord
from metanet.services.changes import change
from metanet.services.pages import capture
from metanet.store import Store
from metanet.store.people import AccountRow
from metanet.words import index_row, shipped_roles
from metanet.words.index import word_terms
from tests.db_support import raw


def terms(store: Store, account_id: int) -> str | None:
    row = (
        raw(store)
        .execute("select terms from account_words_fts where rowid = ?", [account_id])
        .fetchone()
    )
    return None if row is None else str(row[0])


def record(key: str, **facts: str) -> AccountRecord:
    return AccountRecord("xing", key, f"https://www.xing.com/profile/{key}", **facts)  # type: ignore[arg-type]


def indexed_facts(account: AccountRow | None) -> dict[str, str | None]:
    """An account row as the indexer reads it (``index_row`` takes the text columns)."""
    assert account is not None
    row: dict[str, object] = dict(account)
    return {name: value for name, value in row.items() if value is None or isinstance(value, str)}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    return Store(tmp_path / "metanet.db")


def test_a_change_indexes_its_accounts_in_its_own_transaction(store: Store) -> None:
    with change(store):
        account = store.upsert_account(
            record("Anna_Berger", name="Anna Berger", role="Geschäftsführerin")
        )
        assert terms(store, account) is None  # written, not yet indexed: the change does it
    assert terms(store, account) == index_row({"name": "Anna Berger", "role": "Geschäftsführerin"})
    assert not has_pending(store.sql("answers"))


def test_a_failed_change_leaves_neither_rows_nor_words(store: Store) -> None:
    with pytest.raises(RuntimeError), change(store):
        store.upsert_account(record("Gone_Person", name="Gone Person"))
        raise RuntimeError("the parser broke half-way")
    assert raw(store).execute("select count(*) from account_words_fts").fetchone() == (0,)
    assert not has_pending(store.sql("answers"))


def test_changed_facts_replace_the_words_and_unchanged_ones_cost_nothing(store: Store) -> None:
    with change(store):
        account = store.upsert_account(
            record("Jana_Vogel", name="Jana Vogel", headline="Einkäuferin")
        )
    with change(store):
        store.upsert_account(record("Jana_Vogel", name="Jana Vogel", headline="Vertriebsleiterin"))
    assert "p_vertrieb" in str(terms(store, account)) and "einkauf" not in str(
        terms(store, account)
    )
    store.upsert_account(record("Jana_Vogel", name="Jana Vogel"))  # seen again: no new facts
    assert not has_pending(store.sql("answers"))


def test_accounts_written_outside_a_change_are_found_by_the_next_search(store: Store) -> None:
    load(store)  # the demo's loader writes accounts directly, then captures through change()
    me = store.me()
    assert me is not None
    store.upsert_account(record("Kim_Lange", name="Kim Lange", role="Geschäftsführer*in"))
    assert has_pending(store.sql("answers"))
    found = search(store, snapshot_for(store), "Kim Lange Geschäftsführerin")
    assert found["total"] == 0 and found["beyond"]["total"] == 1  # indexed, not connected
    assert not has_pending(store.sql("answers"))


def test_a_capture_is_searchable_at_once(store: Store) -> None:
    load(store)
    page = (
        '<script type="application/ld+json">{"@type": "Person", "name": "Zofia Nowak", '
        '"jobTitle": "Steuerberaterin", "url": "https://club.example.org/zofia"}</script>'
    )
    result = capture(store, "https://club.example.org/zofia", page)
    assert result.owner_account_id is not None
    account = store.account_by_id(result.owner_account_id)
    assert "Steuerberaterin" in (account["headline"], account["role"])
    assert terms(store, result.owner_account_id) == index_row(indexed_facts(account))
    found = search(store, snapshot_for(store), "Steuerberater Nowak")
    assert found["beyond"] == {"hops": None, "total": 1}  # found, though no tie to the user


def test_a_merge_keeps_the_words_of_each_account(store: Store) -> None:
    with change(store):
        a = store.upsert_account(record("A_Roth", name="Anna Roth", role="Prokuristin"))
        b = store.upsert_account(
            AccountRecord("linkedin", "anna-roth", "https://www.linkedin.com/in/anna-roth/",
                          name="Anna Roth", headline="Authorised Signatory")
        )  # fmt: skip
    before = terms(store, a), terms(store, b)
    persons = [int(store.account_by_id(x)["person_id"]) for x in (a, b)]
    merge_persons(store, [Merge(persons[0], persons[1], "test", "test", None)])
    assert (terms(store, a), terms(store, b)) == before
    assert not has_pending(store.sql("answers"))


def test_indexing_nothing_is_free(store: Store) -> None:
    assert index_pending(store.sql("answers")) == 0


def test_the_migration_fills_the_index_from_a_database_made_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.MIGRATIONS.apply(db, stop_before="m010_search_words")
    assert "accounts_fts" in db.table_names()
    db.execute(
        "insert into accounts (network, key, person_id, name, role, location, first_seen, "
        "last_seen) values ('xing', 'Mehmet_Yilmaz', 1, 'Mehmet Yılmaz', 'Geschäftsführer', "
        "'München', 'x', 'x')"
    )
    db.conn.commit()
    db.close()
    with Store(path) as store:
        assert "accounts_fts" not in raw(store).table_names()  # the whole-word index is gone
        assert terms(store, 1) == index_row(
            {"name": "Mehmet Yılmaz", "role": "Geschäftsführer", "location": "München"}
        )
        assert not has_pending(store.sql("answers"))
    plain = sqlite3.connect(path)
    triggers = {
        r[0] for r in plain.execute("select name from sqlite_master where type = 'trigger'")
    }
    assert {"account_words_new", "account_words_changed", "account_words_gone"} <= triggers
    assert not {"accounts_ai", "accounts_ad", "accounts_au"} & triggers


def test_an_index_left_by_an_earlier_numbering_is_made_afresh(tmp_path: Path) -> None:
    # the search branch's databases ran this migration as m008, with terms in an older
    # format: the migration finds the tables there, replaces them and fills them anew
    path = tmp_path / "branch.db"
    with Store(path) as store:
        load(store)
        berger = (
            raw(store)
            .execute("select id from accounts where name = 'Dr. Katharina Berger'")
            .fetchone()[0]
        )
    plain = sqlite3.connect(path)
    plain.execute("delete from _sqlite_migrations where name = 'm010_search_words'")
    plain.execute("update account_words_fts set terms = 'e_geshaftsfuhr' where rowid = ?", [berger])
    plain.commit()
    plain.close()
    with Store(path) as store:
        assert terms(store, berger) == index_row(indexed_facts(store.account_by_id(berger)))
        found = search(store, snapshot_for(store), "Geschäftsführer München")
        assert "Dr. Katharina Berger" in [p["name"] for p in found["people"]]


def test_the_role_terms_migration_indexes_every_account_again(tmp_path: Path) -> None:
    path = tmp_path / "m014.db"
    db = sqlite_utils.Database(path)
    migrations.MIGRATIONS.apply(db, stop_before="m015_role_terms")
    db.execute(
        "insert into accounts (network, key, person_id, name, headline, first_seen, "
        "last_seen) values ('xing', 'Mehmet_Yilmaz', 1, 'Mehmet Yılmaz', 'Managing Director', "
        "'x', 'x')"
    )
    # as an older version indexed it: its word terms only, nothing pending
    db.execute(
        "insert into account_words_fts (rowid, terms) values (1, ?)",
        [word_terms({"name": "Mehmet Yılmaz", "headline": "Managing Director"})],
    )
    db.execute("delete from account_words_pending")
    db.conn.commit()
    db.close()
    with Store(path) as store:
        assert terms(store, 1) == index_row(
            {"name": "Mehmet Yılmaz", "headline": "Managing Director"}
        )
        assert current_roles(store.sql("answers")) is shipped_roles()


def without_role_terms(path: Path, stamp: str | None) -> None:
    """The index as a version with other shipped roles left it: no role terms (or other
    ones) in the rows, and that version's stamp."""
    plain = sqlite3.connect(path)
    rows = plain.execute("select rowid, terms from account_words_fts").fetchall()
    for rowid, text in rows:
        kept = " ".join(t for t in text.split() if not t.startswith("r_"))
        plain.execute("update account_words_fts set terms = ? where rowid = ?", [kept, rowid])
    if stamp is not None:
        plain.execute("update account_words_state set value = ? where name = 'roles'", [stamp])
    plain.commit()
    plain.close()


def test_the_search_reads_the_role_terms_only_when_they_are_the_codes_own(tmp_path: Path) -> None:
    path = tmp_path / "roles.db"
    with Store(path) as store:
        load(store)
    without_role_terms(path, stamp="an older list")
    with Store(path) as store:  # every alternative read: Berger is a Geschäftsführerin
        found = search(store, snapshot_for(store), "Managing Director München")
        assert "Dr. Katharina Berger" in [p["name"] for p in found["people"]]
    without_role_terms(path, stamp=None)  # the stamp left current: the (missing) term is read
    with Store(path) as store:
        raw(store).execute(
            "update account_words_state set value = ? where name = 'roles'", [shipped_roles().stamp]
        )
        found = search(store, snapshot_for(store), "Managing Director München")
        assert "Dr. Katharina Berger" not in [p["name"] for p in found["people"]]
