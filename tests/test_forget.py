"""Forget and wipe leave nothing behind, and a forgotten person does not come back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from db_support import raw
from metanet.capture import ingest
from metanet.cli import cli
from metanet.demo.seed import load
from metanet.model import AccountRecord, AccountRef
from metanet.services.people import find_person
from metanet.store import Forgotten, Store

THOMAS_KEYS = ("thomas_mueller42", "thomas-mueller-consulting")
PAGE_URL = "https://club.example.org/members/mehmet"


def page_naming_thomas() -> str:
    person = {
        "@type": "Person",
        "name": "Mehmet Yılmaz",
        "url": PAGE_URL,
        "knows": [{"@type": "Person", "name": "Thomas Müller",
                   "url": "https://www.linkedin.com/in/thomas-mueller-consulting/"}],
    }  # fmt: skip
    return f'<script type="application/ld+json">{json.dumps(person)}</script>'


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    store = Store()
    load(store)
    ingest(store, PAGE_URL, page_naming_thomas())
    return store


def text_everywhere(store: Store) -> str:
    """Every text value of every table (search index included), as one string."""
    chunks = []
    for table in raw(store).table_names():
        for row in raw(store).execute(f"select * from [{table}]"):
            chunks += [str(v) for v in row if isinstance(v, str)]
    return "\n".join(chunks)


def test_forget_leaves_nothing_in_tables_index_pages_or_files(store: Store, tmp_path: Path) -> None:
    thomas = find_person(store, "Thomas Müller")
    thomas_accounts = store.person_accounts(thomas)
    assert "thomas-mueller-consulting" in text_everywhere(store)
    assert "w_tomas_muller" in text_everywhere(store)  # his folded name, in the index
    report = store.forget_person(thomas)
    assert report.accounts == 2 and report.raw_pages_removed == 1
    everything = text_everywhere(store)
    assert "Thomas Müller" not in everything
    assert not any(key in everything for key in THOMAS_KEYS)
    # nor in the search's word index: no row of theirs, no folded word of theirs
    index = raw(store).execute("select rowid, terms from account_words_fts").fetchall()
    assert not {a["id"] for a in thomas_accounts} & {rowid for rowid, _ in index}
    assert not any("konsulting" in terms or "w_tomas_muller" in terms for _, terms in index)
    assert raw(store).execute(
        "select count(*) from account_words_fts where account_words_fts match 'tomas'"
    ).fetchone() == (0,)
    store.close()
    for name in ("metanet.db", "metanet.db-wal"):
        path = tmp_path / name
        if path.exists():
            data = path.read_bytes()
            assert b"thomas-mueller-consulting" not in data and b"Thomas M\xc3\xbcller" not in data


def test_a_forgotten_person_is_not_recreated_by_capture_reparse_or_import(store: Store) -> None:
    store.forget_person(find_person(store, "Thomas Müller"))
    ingest(store, PAGE_URL, page_naming_thomas())  # the same page captured again
    assert "thomas-mueller-consulting" not in text_everywhere(store).replace(
        page_naming_thomas(), ""
    )
    assert store.account(AccountRef("linkedin", "thomas-mueller-consulting")) is None
    record = AccountRecord(
        "xing", "thomas_mueller42", "https://www.xing.com/profile/Thomas_Mueller42"
    )
    with pytest.raises(Forgotten):
        store.upsert_account(record)  # what an importer calls
    assert store.unforget(AccountRef("linkedin", "thomas-mueller-consulting"))
    ingest(store, PAGE_URL, page_naming_thomas())
    assert store.account(AccountRef("linkedin", "thomas-mueller-consulting")) is not None


def test_other_people_keep_their_ties(store: Store) -> None:
    me = store.me()
    assert me is not None
    before = {t["other"] for t in store.person_ties(me["id"])}
    thomas = find_person(store, "Thomas Müller")
    store.forget_person(thomas)
    assert {t["other"] for t in store.person_ties(me["id"])} == before - {thomas}


def test_cli_forget_and_wipe(store: Store, tmp_path: Path) -> None:
    store.close()
    runner = CliRunner()
    forgot = runner.invoke(cli, ["forget", "Bernd Keller", "--json"])
    assert forgot.exit_code == 0, forgot.output
    assert json.loads(forgot.output)["name"] == "Bernd Keller"
    missing = runner.invoke(cli, ["forget", "Bernd Keller", "--yes"])
    assert missing.exit_code == 1 and "no person" in missing.output
    wiped = runner.invoke(cli, ["wipe", "--yes", "--json"])
    assert wiped.exit_code == 0
    assert str(tmp_path / "metanet.db") in json.loads(wiped.output)["removed"]
    assert not (tmp_path / "metanet.db").exists()
