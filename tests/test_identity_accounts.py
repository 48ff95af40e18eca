"""One member, one account: a LinkedIn member URN and the slug of the same member are one
account, whichever page came first, and split pairs stored before join on reparse."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import reparse
from metanet.capture import ingest, parse_guarded, store_result
from metanet.identity.accounts import join_accounts
from metanet.model import AccountRecord, AccountRef
from metanet.store import Store, now
from tests.db_support import raw
from tests.real_pages import REAL_PAGES

RealFixture = Callable[[str], Path]
PROFILE = "linkedin/profile-loggedin-2025-brocc.html"
SEARCH = "linkedin/search-people-with-mutual-connections-2025-brocc.html"
URN = "ACoAAAwyvpsBdVfk2kwZzamQtesKhd23iQB_i1w"
SLUG = "robertkcheung"


def url_of(path: str) -> str:
    return next(page.url for page in REAL_PAGES if page.path == path)


def capture_real(store: Store, real_fixture: RealFixture, path: str) -> int:
    html = real_fixture(path).read_text(encoding="utf-8")
    return ingest(store, url_of(path), html).capture_id


def linkedin_accounts_named(store: Store, name: str) -> list[tuple[str, str]]:
    return [
        (row[0], row[1])
        for row in raw(store).execute(
            "select key, profile_url from accounts where network = 'linkedin' and name = ?",
            [name],
        )
    ]


@pytest.mark.parametrize("order", [(PROFILE, SEARCH), (SEARCH, PROFILE)])
def test_rob_cheung_is_one_linkedin_account_whichever_page_came_first(
    tmp_path: Path, real_fixture: RealFixture, order: tuple[str, str]
) -> None:
    store = Store(tmp_path / "metanet.db")
    for path in order:
        capture_real(store, real_fixture, path)
    assert linkedin_accounts_named(store, "Rob Cheung") == [
        (SLUG, f"https://www.linkedin.com/in/{SLUG}/")
    ]
    by_urn = store.account(AccountRef("linkedin", URN))
    assert by_urn is not None and by_urn["key"] == SLUG  # a page naming the URN finds him
    person = int(by_urn["person_id"])
    assert [a["network"] for a in store.person_accounts(person)] == ["linkedin"]
    # the search page's tie (Rob is a mutual connection of Maja) is on the one account
    maja = store.account(AccountRef("linkedin", "maja-milinkovic"))
    assert maja is not None
    assert any(t["other"] == int(maja["person_id"]) for t in store.person_ties(person))


def test_split_pairs_from_before_join_on_reparse(tmp_path: Path, real_fixture: RealFixture) -> None:
    """A database from before aliases were stored: the profile's slug and the search
    page's URN are two accounts (two persons, since no merge took them together)."""
    store = Store(tmp_path / "metanet.db")
    capture_real(store, real_fixture, SEARCH)
    html = real_fixture(PROFILE).read_text(encoding="utf-8")
    result, outcome, _ = parse_guarded(url_of(PROFILE), html)
    assert result is not None and result.owner is not None
    owner = dataclasses.replace(result.owner, aliases=[], same_as=[])  # as stored before
    old = dataclasses.replace(result, owner=owner)
    with store.write():
        capture_id = store.add_capture(
            {"url": url_of(PROFILE), "site": "linkedin", "kind": "profile",
             "received_at": now(), "parser": result.parser,
             "parser_version": result.parser_version, "sha256": "0" * 64,
             "outcome": outcome, "store_version": 1},
            html,
        )  # fmt: skip
        store_result(store, old, capture_id, now())
    raw(store).execute("delete from account_aliases")  # no alias was known then
    assert len(linkedin_accounts_named(store, "Rob Cheung")) == 2

    report = reparse.reparse_all(store)

    assert linkedin_accounts_named(store, "Rob Cheung") == [
        (SLUG, f"https://www.linkedin.com/in/{SLUG}/")
    ]
    assert any(change.capture_id == capture_id for change in report.changed)
    again = reparse.reparse_all(store)  # stored by the current version: nothing to do
    assert again.changed == []


def test_join_moves_ties_relations_and_what_pages_said(tmp_path: Path) -> None:
    store = Store(tmp_path / "metanet.db")
    slug = store.upsert_account(AccountRecord("linkedin", SLUG, "https://x/", name="Rob Cheung"))
    urn = store.upsert_account(AccountRecord("linkedin", URN, "https://y/", name="Rob Cheung"))
    other = store.upsert_account(AccountRecord("linkedin", "maja", "https://z/", name="Maja"))
    store.add_tie(urn, other, network="linkedin", kind="contact", directed=False)
    store.add_tie(slug, other, network="linkedin", kind="contact", directed=False)
    urn_person = int(store.account_by_id(urn)["person_id"])
    maja = int(store.account_by_id(other)["person_id"])
    store.relate(urn_person, maja, "neighbour")
    store.set_shared_count(urn, "contact", 291, capture_id=None, seen_at=now())
    with store.write():
        join_accounts(store, slug, urn)
    assert not store.account_exists(urn)
    kept = int(store.account_by_id(slug)["person_id"])
    ties = store.person_ties(kept)
    assert sorted(t["kind"] for t in ties) == ["contact", "neighbour"]  # one tie, evidence kept
    assert store.shared_counts([slug])[0]["total"] == 291
    assert store.account(AccountRef("linkedin", URN)) is not None  # the URN is an alias now
    evidence = raw(store).execute("select count(*) from tie_evidence").fetchone()[0]
    assert evidence == 2
