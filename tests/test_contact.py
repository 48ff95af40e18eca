"""How to reach a person (:mod:`metanet.contact`): which link is a profile and which a
website, one entry per address, number and page with all its sources, newest first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from metanet.contact import contact_details, is_empty
from metanet.model import AccountRecord
from metanet.store import AccountOrigin, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def account(network: str, key: str, url: str | None, seen: str = "2026-01-01") -> dict[str, Any]:
    return {"network": network, "key": key, "profile_url": url, "last_seen": seen}


def row(kind: str, value: str, network: str = "addressbook", **source: Any) -> dict[str, Any]:
    return {"person_id": 1, "account_id": 1, "network": network, "kind": kind, "value": value,
            "last_seen": source.pop("seen", "2026-01-01"), "import_id": None,
            "import_format": None, "import_file": None, "capture_id": None,
            "capture_site": None, **source}  # fmt: skip


def test_links_that_name_a_network_profile_are_profiles_the_rest_websites() -> None:
    accounts = [account("linkedin", "fritz", "https://www.linkedin.com/in/fritz/"),
                account("addressbook", "uid:1", ""), account("offline", "p7", None),
                account("web", "https://fritz.example", "https://fritz.example/")]  # fmt: skip
    rows = [
        row("link", "https://de.linkedin.com/in/fritz?trk=x"),  # the LinkedIn account's page
        row("link", "https://www.xing.com/profile/Fritz_Becker"),  # no account yet: a profile
        row("link", "https://www.becker-haustechnik.example/team"),
        row("link", "https://fritz.example"),  # the web account's page, once
        row("link", "javascript:alert(1)"),  # not a page at all
    ]
    found = contact_details(accounts, rows, "DE")  # type: ignore[arg-type]
    assert [(w["network"], w["value"]) for w in found["profiles"]] == [
        ("linkedin", "https://www.linkedin.com/in/fritz/"),
        ("xing", "https://www.xing.com/profile/Fritz_Becker"),
    ]
    assert sorted(w["value"] for w in found["websites"]) == [
        "https://fritz.example/", "https://www.becker-haustechnik.example/team",
    ]  # fmt: skip
    assert not any("p7" in w["value"] or "uid:" in w["value"] for w in found["profiles"])


def test_one_address_from_two_places_is_one_entry_with_both_sources() -> None:
    rows = [
        row("email", "fritz@example.de", "linkedin", import_file="Connections.csv",
            import_format="linkedin", import_id=1, seen="2026-01-01"),
        row("email", "fritz@example.de", "addressbook", import_file="kontakte.vcf",
            import_format="vcard", import_id=2, seen="2026-03-01"),
        row("email", "old@example.de", seen="2020-01-01"),
        row("phone", "+491712345678", capture_id=4, capture_site="xing"),
        row("phone", "01712345678"),  # the same number, stored before the region was known
    ]  # fmt: skip
    found = contact_details([], rows, "DE")  # type: ignore[arg-type]
    first, old = found["emails"]
    assert first["value"] == "fritz@example.de" and old["value"] == "old@example.de"
    assert first["last_seen"] == "2026-03-01"
    assert [s["import_file"] for s in first["sources"]] == ["Connections.csv", "kontakte.vcf"]
    [phone] = found["phones"]
    assert phone["shown"] == "0171 2345678" and phone["href"] == "tel:+491712345678"
    assert len(phone["sources"]) == 2


def test_nothing_known_is_empty() -> None:
    found = contact_details([account("addressbook", "uid:1", "")], [], None)
    assert is_empty(found)


def test_the_stores_rows_say_which_import_brought_each(store: Store) -> None:
    record = AccountRecord("addressbook", "uid:1", "", name="Fritz Becker",
                           emails=["fritz@example.de"], phones=["+491712345678"],
                           same_as=["https://www.becker-haustechnik.example"])  # fmt: skip
    with store.write():
        import_id = store.add_import({"filename": "kontakte.vcf", "format": "vcard",
                                      "sha256": "0" * 64, "imported_at": "2026-01-01",
                                      "outcome": "stored"})  # fmt: skip
        account_id = store.upsert_account(record, seen_at="2026-02-02", import_id=import_id)
    person_id = int(store.account_by_id(account_id)["person_id"])
    rows = store.person_contact_rows(person_id)
    assert {(r["kind"], r["value"], r["import_file"], r["last_seen"]) for r in rows} == {
        ("email", "fritz@example.de", "kontakte.vcf", "2026-02-02"),
        ("phone", "+491712345678", "kontakte.vcf", "2026-02-02"),
        ("link", "https://www.becker-haustechnik.example", "kontakte.vcf", "2026-02-02"),
    }
    assert dict(store.all_contact_rows())[person_id] == rows


def test_a_profile_says_where_it_came_from_and_every_link_to_it() -> None:
    """The LinkedIn export listed the profile; the vCard links it (another URL form)."""
    url = "https://www.linkedin.com/in/fritz-becker-haustechnik/"
    linkedin = {**account("linkedin", "fritz-becker-haustechnik", url), "id": 7}
    origin: AccountOrigin = {"import_id": 2, "import_format": "linkedin",
                             "import_file": "Connections.csv", "capture_id": None,
                             "capture_site": None}  # fmt: skip
    link = row("link", "https://de.linkedin.com/in/fritz-becker-haustechnik", seen="2026-03-03",
               import_id=4, import_format="vcard", import_file="kontakte.vcf")  # fmt: skip
    found = contact_details([linkedin], [link], None, {7: origin})  # type: ignore[list-item]
    [profile] = found["profiles"]
    assert profile["value"] == url and profile["last_seen"] == "2026-03-03"
    assert [(s["network"], s["import_file"]) for s in profile["sources"]] == [
        ("linkedin", "Connections.csv"),
        ("addressbook", "kontakte.vcf"),
    ]
    unknown = contact_details([linkedin], [], None)["profiles"][0]
    assert unknown["sources"] == []  # the demo's, a name typed in: only when it was seen
