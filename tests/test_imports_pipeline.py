"""Storing imports: one transaction, idempotent, diffs between exports, ZIPs, errors."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from metanet.imports import ImportFileError
from metanet.model import VIEWER_KEY
from metanet.services.imports import import_file
from metanet.store import Store
from tests.db_support import raw

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def rows(store: Store, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    return [dict(row) for row in raw(store).query(sql, params)]


def counts(store: Store) -> dict[str, int]:
    tables = (
        "persons", "accounts", "ties", "tie_evidence", "imports", "import_entries",
        "import_changes", "account_identifiers", "account_links",
    )  # fmt: skip
    return {name: raw(store).table(name).count for name in tables}


def linkedin(*lines: str) -> bytes:
    return (HEADER + "".join(f"{line}\n" for line in lines)).encode("utf-8")


ANNA = "Anna,Schmidt,https://www.linkedin.com/in/anna-schmidt,,Acme,CEO,12 Mar 2021"
BERND = "Bernd,Keller,https://www.linkedin.com/in/bernd-keller,,Acme,CFO,05 Jan 2020"
CARLA = "Carla,Weiss,https://www.linkedin.com/in/carla-weiss,,Initech,CTO,01 Feb 2022"


def test_connections_become_ties_from_the_viewer(store: Store) -> None:
    result = import_file(store, linkedin(ANNA, BERND), "Connections.csv")
    assert (result.entries, result.accounts, result.ties) == (2, 2, 2)
    ties = rows(
        store,
        "select a.key as src, b.key as dst, t.kind, t.directed, t.first_seen from ties t "
        "join accounts a on a.id = t.src_account_id join accounts b on b.id = t.dst_account_id "
        "order by dst",
    )
    assert {(t["kind"], t["directed"]) for t in ties} == {("contact", 0)}
    pairs = [({t["src"], t["dst"]}, t["first_seen"]) for t in ties]
    assert sorted(pairs, key=lambda pair: pair[1]) == [
        ({VIEWER_KEY, "bernd-keller"}, "2020-01-05"),  # first_seen is "Connected On"
        ({VIEWER_KEY, "anna-schmidt"}, "2021-03-12"),
    ]
    evidence = rows(store, "select import_id, capture_id from tie_evidence")
    assert evidence == [{"import_id": result.import_id, "capture_id": None}] * 2


def test_same_file_twice_changes_nothing(store: Store) -> None:
    data = (FIXTURES / "linkedin-current-bom.csv").read_bytes()
    first = import_file(store, data, "Connections.csv")
    before = counts(store)
    again = import_file(store, data, "Connections (1).csv")
    assert again.already_imported and again.import_id == first.import_id
    assert counts(store) == before


def test_newer_export_records_new_removed_and_job_changes(store: Store) -> None:
    import_file(store, linkedin(ANNA, BERND), "Connections.csv")
    anna_moved = ANNA.replace("Acme,CEO", '"Berger Maschinenbau, GmbH",CEO')
    result = import_file(store, linkedin(anna_moved, CARLA), "Connections.csv")
    changes = {(c.change, c.key, c.field, c.old, c.new) for c in result.changes}
    assert changes == {
        ("added", "carla-weiss", None, None, None),
        ("removed", "bernd-keller", None, None, None),
        ("changed", "anna-schmidt", "company", "Acme", "Berger Maschinenbau, GmbH"),
    }
    stored = rows(store, "select change, key from import_changes order by key")
    assert [(r["change"], r["key"]) for r in stored] == [
        ("changed", "anna-schmidt"), ("removed", "bernd-keller"), ("added", "carla-weiss"),
    ]  # fmt: skip
    anna = rows(store, "select company from accounts where key = 'anna-schmidt'")
    assert anna == [{"company": "Berger Maschinenbau, GmbH"}]


def test_address_books_never_report_removals(store: Store) -> None:
    import_file(store, FIXTURES / "vcard-2.1-latin1-xing.vcf")
    result = import_file(store, FIXTURES / "vcard-4.0-utf8.vcf")
    assert {c.change for c in result.changes} == {"added"}


@pytest.mark.parametrize(
    ("mutilate", "message"),
    [
        (lambda zipped: zipped[: len(zipped) // 2], "damaged or cut short"),
        (lambda zipped: b"PK\x03\x04" + b"\0" * 40, "damaged or cut short"),
    ],
)
def test_broken_zip_stores_nothing(
    store: Store, mutilate: Callable[[bytes], bytes], message: str
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Connections.csv", linkedin(ANNA, BERND) * 50)
    before = counts(store)
    with pytest.raises(ImportFileError) as caught:
        import_file(store, mutilate(buffer.getvalue()), "Basic_LinkedInDataExport.zip")
    assert str(caught.value).startswith("Basic_LinkedInDataExport.zip, ZIP archive: " + message)
    assert counts(store) == before


def test_error_late_in_the_file_stores_nothing(store: Store) -> None:
    before = counts(store)
    with pytest.raises(ImportFileError, match="line 6"):
        import_file(store, FIXTURES / "linkedin-malformed-row.csv")
    assert counts(store) == before


def test_failure_while_storing_rolls_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first contact's tie is stored alone (add_tie), the second's in a batch
    (add_ties): a failure in the batch undoes the first too."""
    calls = {"n": 0}
    original = Store.add_ties

    def failing_ties(self: Any, *args: Any, **kwargs: Any) -> list[int]:
        calls["n"] += 1
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "add_ties", failing_ties)
    before = counts(store)
    with pytest.raises(RuntimeError):
        import_file(store, linkedin(ANNA, BERND), "Connections.csv")
    assert calls["n"] == 1
    assert counts(store) == before
    monkeypatch.setattr(Store, "add_ties", original)
    import_file(store, linkedin(ANNA, BERND), "Connections.csv")
    assert counts(store)["ties"] == before["ties"] + 2


def test_zip_as_the_services_deliver_them(store: Store) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("connections/followers_and_following/followers_1.json",
                         (FIXTURES / "instagram-followers_1.json").read_bytes())  # fmt: skip
        archive.writestr("connections/followers_and_following/following.json",
                         (FIXTURES / "instagram-following.json").read_bytes())  # fmt: skip
        archive.writestr("media/posts/1.jpg", b"\xff\xd8")
        archive.writestr("__MACOSX/connections/._following.json", b"\0\5")
    result = import_file(store, buffer.getvalue(), "instagram-me-2026.zip")
    assert [p.source for p in result.parts] == ["instagram-followers", "instagram-following"]
    follows = rows(
        store,
        "select a.key as src, b.key as dst from ties t join accounts a on a.id = t.src_account_id "
        "join accounts b on b.id = t.dst_account_id where t.directed = 1 order by src, dst",
    )
    assert [(f["src"], f["dst"]) for f in follows] == [
        ("juergen_groess", VIEWER_KEY), ("zoe.orsted", VIEWER_KEY),
        (VIEWER_KEY, "jose.garcia"), (VIEWER_KEY, "zoe.orsted"),
    ]  # fmt: skip


def test_facebook_friends_stay_unconfirmed(store: Store) -> None:
    import_file(store, FIXTURES / "facebook-your_friends.json")
    found = rows(store, "select name, confirmed from accounts where network = 'facebook' "
                        "and key != '~me' order by name")  # fmt: skip
    assert found == [
        {"name": "José García", "confirmed": 0}, {"name": "Jürgen Größ", "confirmed": 0},
        {"name": "Zoë Ørsted", "confirmed": 0},
    ]  # fmt: skip


def test_address_book_links_become_accounts_without_ties(store: Store) -> None:
    import_file(store, FIXTURES / "vcard-4.0-utf8.vcf")
    linked = rows(
        store, "select id from accounts where network = 'linkedin' and key = 'juergen-groess'"
    )
    assert len(linked) == 1
    assert rows(store, "select id from ties where src_account_id = ? or dst_account_id = ?",
                [linked[0]["id"], linked[0]["id"]]) == []  # fmt: skip
    links = rows(store, "select url from account_links order by url")
    assert [r["url"] for r in links] == [
        "https://mastodon.social/@jgroess", "https://www.linkedin.com/in/juergen-groess/",
    ]  # fmt: skip
    ids = rows(store, "select kind, value from account_identifiers order by kind")
    assert [(r["kind"], r["value"]) for r in ids] == [
        ("email", "juergen@groess.example"), ("phone", "+491701234567"),
    ]  # fmt: skip


def test_connected_on_is_the_ties_first_date(store: Store) -> None:
    import_file(store, linkedin(ANNA, BERND), "Connections.csv")
    dates = rows(store, "select first_seen from ties order by id")
    assert all(d["first_seen"] < "2026" for d in dates), dates  # from "Connected On"


def test_progress_reports_every_contact(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    import_file(store, linkedin(ANNA, BERND, CARLA), "Connections.csv",
                progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_format_override_and_undetectable_content(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some text\n")
    with pytest.raises(ImportFileError, match=r"notes\.txt, content: not a format"):
        import_file(store, path)
    handles = tmp_path / "follows.txt"
    handles.write_text("user@example.com\n")  # without "@" it looks like an e-mail list
    with pytest.raises(ImportFileError):
        import_file(store, handles)
    result = import_file(store, handles, fmt="mastodon")
    assert result.format == "mastodon" and result.entries == 1


ALL_ENCODINGS = [
    ("linkedin-current-bom.csv", {"Jürgen Größ", "Zoë Ørsted", "José García"}),
    ("facebook-your_friends.json", {"Jürgen Größ", "Zoë Ørsted", "José García"}),
    ("vcard-2.1-latin1-xing.vcf", {"Jürgen Größ", "Zoë Ørsted"}),
    ("vcard-2.1-qp-utf8.vcf", {"Zoë Ørsted"}),
    ("vcard-3.0-utf16le-bom.vcf", {"José García"}),
    ("vcard-4.0-utf8.vcf", {"Jürgen Größ"}),
    ("google-current.csv", {"Dr. Jürgen Größ", "Zoë Ørsted"}),
    ("google-legacy-utf16.csv", {"José García"}),
]


@pytest.mark.parametrize(("fixture", "expected"), ALL_ENCODINGS)
def test_names_come_out_right_from_every_encoding(
    store: Store, fixture: str, expected: set[str]
) -> None:
    import_file(store, FIXTURES / fixture)
    stored = {r["name"] for r in rows(store, "select name from accounts where name is not null")}
    assert expected <= stored
    persons = {r["name"] for r in rows(store, "select name from persons where name is not null")}
    assert expected <= persons


def test_forgotten_people_are_not_imported_again(store: Store) -> None:

    import_file(store, linkedin(ANNA, BERND), "Connections.csv")
    anna = rows(store, "select person_id from accounts where key = 'anna-schmidt'")[0]
    store.forget_person(int(anna["person_id"]))
    result = import_file(store, linkedin(ANNA, BERND, CARLA), "Connections.csv")
    assert result.forgotten == 1
    assert rows(store, "select id from accounts where key = 'anna-schmidt'") == []
    assert rows(store, "select key from import_entries where key = 'anna-schmidt'") == []
    assert {(c.change, c.key) for c in result.changes} == {("added", "carla-weiss")}


def test_exact_evidence_merges_an_address_book_entry_with_its_linkedin_account(
    store: Store,
) -> None:
    import_file(store, FIXTURES / "linkedin-current-bom.csv")
    import_file(store, FIXTURES / "vcard-4.0-utf8.vcf")  # links linkedin.com/in/juergen-groess
    people = rows(
        store,
        "select network, person_id from accounts where key in "
        "('juergen-groess', 'uid:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1')",
    )
    assert {r["network"] for r in people} == {"linkedin", "addressbook"}
    assert len({r["person_id"] for r in people}) == 1


def test_a_saved_request_sees_imported_people_at_once(store: Store) -> None:
    from metanet.answers import requests

    requests.add(store, "Initech", hops=1)
    result = import_file(store, linkedin(ANNA, CARLA), "Connections.csv")
    carla = rows(store, "select person_id from accounts where key = 'carla-weiss'")
    assert [n["person_id"] for n in result.request_notices] == [carla[0]["person_id"]]
    assert result.suggested  # a small import gets merge suggestions at once
