"""Forget and wipe leave nothing behind, and a forgotten person does not come back."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import html
import json
import re
import shutil
import sqlite3
import stat
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from metanet.capture import ingest
from metanet.cli import cli
from metanet.demo.seed import load
from metanet.model import AccountRecord, AccountRef
from metanet.services import data
from metanet.services.people import find_person
from metanet.store import Forgotten, Store, scrub
from tests.db_support import raw

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


#: a club's page naming Thomas only through entities, a percent-encoded relative link, JSON
#: escapes and a name split across elements: no byte of it spells his name or key
ENCODED_PAGE_URL = "https://verein.example.org/vorstand"
ENCODED_PAGE = (
    "<html><head><title>Vorstand</title></head><body>"
    "<p>Kassenwart: Thomas M&uuml;ller (Unternehmensberater, M&#xFC;ller Consulting)</p>"
    '<a href="/in/thomas%2Dmueller%2Dconsulting/">Profil</a></body></html>'
)
JSON_PAGE_URL = "https://verein.example.org/beirat"
JSON_PAGE = (
    '<html><body><script type="application/json">{"chair": "Thomas M\\u00fcller", '
    '"xing": "https:\\/\\/www.xing.com\\/profile\\/Thomas%5FMueller42"}</script>'
    "<p><span>Thomas</span><span>M&uuml;ller</span></p></body></html>"
)
NEEDLES = ("thomas müller", "thomas mueller", *THOMAS_KEYS, "unternehmensberater")


def decoded(text: str) -> str:
    """What a reader gets from stored text: entities, JSON escapes, percent-encoding undone."""
    for _ in range(3):
        text = html.unescape(text).replace("\\/", "/")
        text = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)
        text = unquote(text)
    return " ".join(re.sub(r"<[^>]*>", " ", text).lower().split())


def traces(store: Store, home: Path) -> list[str]:
    """Where Thomas is still named: table values (search index included), every stored page
    decompressed and decoded, and the bytes of the database and its WAL."""
    found = []
    text = decoded(text_everywhere(store))
    found += [f"tables: {n}" for n in NEEDLES if n in text]
    for capture_id, blob in raw(store).execute("select id, html_z from captures"):
        page = decoded(zlib.decompress(blob).decode("utf-8")) if blob else ""
        found += [f"page {capture_id}: {n}" for n in NEEDLES if n in page]
    if raw(store).execute(
        "select count(*) from account_words_fts where account_words_fts match 'tomas'"
    ).fetchone() != (0,):
        found.append("full-text index")
    store.close()
    for name in ("metanet.db", "metanet.db-wal"):
        path = home / name
        data = path.read_bytes().lower() if path.exists() else b""
        found += [f"{name}: {n}" for n in NEEDLES if n.encode() in data]
    return found


def test_forget_finds_encoded_mentions_in_stored_pages(store: Store, tmp_path: Path) -> None:
    ingest(store, ENCODED_PAGE_URL, ENCODED_PAGE)
    ingest(store, JSON_PAGE_URL, JSON_PAGE, title="Beirat: Thomas M&uuml;ller")
    report = store.forget_person(find_person(store, "Thomas Müller"))
    assert report.raw_pages_removed == 3  # these two and the page that links him
    assert traces(store, tmp_path) == []


def test_a_forgotten_person_is_not_recreated_by_capture_reparse_or_import(store: Store) -> None:
    store.forget_person(find_person(store, "Thomas Müller"))
    again = ingest(store, PAGE_URL, page_naming_thomas())  # the same page captured again
    assert "thomas-mueller-consulting" not in text_everywhere(store)
    assert store.capture_html(again.capture_id) == ""  # the page names him: not kept
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


def files_name_thomas(home: Path) -> bool:
    for name in ("metanet.db", "metanet.db-wal"):
        path = home / name
        if path.exists() and "Thomas Müller".encode() in path.read_bytes():
            return True
    return False


def reading(database: Path) -> sqlite3.Connection:
    """Another program with a read transaction open (an SQLite browser, a backup)."""
    reader = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    reader.execute("begin")
    assert reader.execute("select count(*) from persons").fetchone()[0] > 0
    return reader


@pytest.fixture
def impatient(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo in a store that waits 0.2 s for a lock, not 5 s (the test's pace)."""
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    store = Store(busy_timeout_ms=200)
    load(store)
    return store


def test_forget_with_a_reader_open_says_pending_and_finishes_by_itself(
    impatient: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scrub, "WAIT_S", 1.0)
    reader = reading(tmp_path / "metanet.db")
    report = data.forget(impatient, find_person(impatient, "Thomas Müller"))
    assert report["pending"] is True
    assert files_name_thomas(tmp_path)  # the reader still sees the old copies
    reader.rollback()
    reader.close()
    deadline = time.monotonic() + 30
    mark = scrub.mark(tmp_path / "metanet.db")
    while (files_name_thomas(tmp_path) or mark.exists()) and time.monotonic() < deadline:
        time.sleep(0.2)  # the background finisher, not this store (it stays open)
    assert not files_name_thomas(tmp_path)
    assert not mark.exists()  # removed by the finisher once its scrub is done
    impatient.close()


def test_forget_waits_for_a_reader_that_stops_soon(impatient: Store, tmp_path: Path) -> None:
    reader = reading(tmp_path / "metanet.db")

    def stop_reading() -> None:
        reader.rollback()
        reader.close()

    threading.Timer(1.0, stop_reading).start()
    report = data.forget(impatient, find_person(impatient, "Thomas Müller"))
    assert report["pending"] is False
    assert not files_name_thomas(tmp_path)
    impatient.close()


def test_a_pending_scrub_is_finished_by_the_next_process(
    impatient: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a restart (the finisher gone), whoever opens the database finishes it."""
    monkeypatch.setattr(scrub, "WAIT_S", 0.5)
    monkeypatch.setattr(scrub, "leave_pending", lambda database: scrub.mark(database).touch())
    reader = reading(tmp_path / "metanet.db")
    assert data.forget(impatient, find_person(impatient, "Thomas Müller"))["pending"]
    reader.rollback()
    reader.close()
    assert files_name_thomas(tmp_path)
    Store(tmp_path / "metanet.db").close()
    assert not scrub.mark(tmp_path / "metanet.db").exists()
    assert not files_name_thomas(tmp_path)
    impatient.close()


def test_a_copy_of_the_database_cannot_confirm_who_was_forgotten(
    store: Store, tmp_path: Path
) -> None:
    """The forgotten list's hashes are keyed; the key is beside the database, not in it."""
    store.forget_person(find_person(store, "Thomas Müller"))
    store.close()
    copy = tmp_path / "elsewhere" / "metanet.db"
    copy.parent.mkdir()
    shutil.copyfile(tmp_path / "metanet.db", copy)
    with contextlib.closing(sqlite3.connect(copy)) as db:
        listed = dict(db.execute("select key_hash, scheme from forgotten"))
    candidate = b"linkedin\x00thomas-mueller-consulting"
    assert len(listed) == 2 and set(listed.values()) == {"hmac-sha256"}
    assert hashlib.sha256(candidate).hexdigest() not in listed  # the unkeyed hash
    key_file = tmp_path / "metanet.db.forget-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    text = json.loads(key_file.read_text())
    key = base64.b64decode(text["key"])
    assert key not in copy.read_bytes() and text["key"].encode() not in copy.read_bytes()
    assert hmac.new(key, candidate, hashlib.sha256).hexdigest() in listed  # with the key


def test_each_database_has_its_own_key(store: Store, tmp_path: Path) -> None:
    store.forget_person(find_person(store, "Thomas Müller"))
    with Store(tmp_path / "other.db") as other:
        load(other)
        other.forget_person(find_person(other, "Thomas Müller"))
        theirs = {r[0] for r in raw(other).execute("select key_hash from forgotten")}
    ours = {r[0] for r in raw(store).execute("select key_hash from forgotten")}
    assert len(ours) == 2 and not ours & theirs


def test_rows_from_before_the_key_still_hold_and_are_rekeyed_when_met(store: Store) -> None:
    """A database forgotten under m005's unkeyed hash: checked both ways, re-keyed when
    the account is met again (then its network and key are known)."""
    ref = AccountRef("xing", "old_forgotten")
    unkeyed = hashlib.sha256(b"xing\x00old_forgotten").hexdigest()
    raw(store).execute(
        "insert into forgotten (network, key_hash, forgotten_at) values (?, ?, ?)",
        [ref.network, unkeyed, "2024-01-01T00:00:00+00:00"],
    )
    raw(store).conn.commit()
    assert store.forgotten_counts() == {"sha256": 1}
    with pytest.raises(Forgotten):
        store.upsert_account(AccountRecord(ref.network, ref.key, "https://www.xing.com/profile/x"))
    assert store.forgotten_counts() == {"hmac-sha256": 1}
    assert raw(store).execute("select key_hash from forgotten").fetchone()[0] != unkeyed
    with pytest.raises(Forgotten):
        store.upsert_account(AccountRecord(ref.network, ref.key, "https://www.xing.com/profile/x"))
    assert store.unforget(ref) and store.forgotten_counts() == {}


def test_wipe_removes_the_key(store: Store, tmp_path: Path) -> None:
    store.forget_person(find_person(store, "Thomas Müller"))
    store.close()
    assert (tmp_path / "metanet.db.forget-key").exists()
    data.wipe()
    assert not (tmp_path / "metanet.db.forget-key").exists()


def test_doctor_reports_a_missing_key_and_old_rows(store: Store, tmp_path: Path) -> None:
    store.forget_person(find_person(store, "Thomas Müller"))
    raw(store).execute(
        "insert into forgotten (network, key_hash, forgotten_at) values ('xing', 'ab', 'x')"
    )
    raw(store).conn.commit()
    store.close()
    healthy = CliRunner().invoke(cli, ["doctor"])
    assert "1 forgotten profile is listed under the old unkeyed hash" in healthy.output
    assert "key of the forgotten list" not in healthy.output
    (tmp_path / "metanet.db.forget-key").unlink()
    broken = CliRunner().invoke(cli, ["doctor"])
    assert broken.exit_code == 1
    assert "the key of the forgotten list is missing" in broken.output
