"""A shared connection a page names without a link: one of the user's people when exactly
one person they know on that network has a fitting name; otherwise a name only."""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet.capture import store_result
from metanet.identity.mentions import known_account_named
from metanet.identity.resolve import resolve_accounts
from metanet.model import (
    AccountRecord,
    MutualMention,
    PageKind,
    ParseResult,
    SharedConnections,
)
from metanet.services.me import me_add
from metanet.sites.base import result
from metanet.store import Store, now

OWNER = AccountRecord("linkedin", "robertkcheung", "https://www.linkedin.com/in/robertkcheung/",
                      name="Rob Cheung")  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "metanet.db")
    me_add(store, "https://www.linkedin.com/in/jana-example/", name="Jana Example")
    return store


def contact_of_mine(store: Store, key: str, name: str, network: str = "linkedin") -> int:
    """An account the user knows: tied to their own account on ``network``."""
    account = store.upsert_account(
        AccountRecord(network, key, f"https://{network}/{key}", name=name)
    )
    mine = store.viewer_account(network)
    store.add_tie(mine, account, network=network, kind="contact", directed=False)
    resolve_accounts(store, [account], suggest=False)  # its name keys, as after a capture
    return account


def me(store: Store) -> int:
    found = store.me()
    assert found is not None
    return int(found["id"])


def page_naming(*names: str, total: int = 291) -> ParseResult:
    said = SharedConnections(
        OWNER.ref, "contact", [MutualMention(name) for name in names], total=total
    )
    return result("linkedin", 1, PageKind.PROFILE, OWNER, shared=[said])


def test_the_one_known_person_of_that_name_is_meant(store: Store) -> None:
    ron = contact_of_mine(store, "ron-shapiro", "Ron Shapiro")
    assert known_account_named(store, "linkedin", "Ron Shapiro", me=me(store)) == ron
    assert known_account_named(store, "linkedin", "RON SHAPIRO", me=me(store)) == ron
    assert known_account_named(store, "linkedin", "Kathy Zhou-Patel", me=me(store)) is None
    assert known_account_named(store, "xing", "Ron Shapiro", me=me(store)) is None  # network


def test_two_known_people_of_that_name_leave_a_name(store: Store) -> None:
    contact_of_mine(store, "ron-shapiro", "Ron Shapiro")
    contact_of_mine(store, "ron-shapiro-2", "Ron Shapiro")
    assert known_account_named(store, "linkedin", "Ron Shapiro", me=me(store)) is None


def test_someone_stored_but_not_known_to_the_user_is_not_meant(store: Store) -> None:
    stranger = store.upsert_account(
        AccountRecord("linkedin", "ron-shapiro", "https://l/r", name="Ron Shapiro")
    )
    resolve_accounts(store, [stranger], suggest=False)
    assert known_account_named(store, "linkedin", "Ron Shapiro", me=me(store)) is None
    assert known_account_named(store, "linkedin", "Ron Shapiro", me=None) is None


def test_a_page_naming_a_known_person_ties_them_to_its_owner(store: Store) -> None:
    ron = contact_of_mine(store, "ron-shapiro", "Ron Shapiro")
    with store.write():
        capture_id = store.add_capture(
            {"url": OWNER.profile_url, "received_at": now(), "sha256": "0", "outcome": "stored"},
            "",
        )
        stored = store_result(store, page_naming("Ron Shapiro", "Bhaval Patel"), capture_id, now())
    owner = store.account(OWNER.ref)
    assert owner is not None and stored.owner_id == owner["id"]
    ron_person = int(store.account_by_id(ron)["person_id"])
    assert [t["other"] for t in store.person_ties(int(owner["person_id"]))] == [ron_person]
    mentions = {m["name"]: m["person_id"] for m in store.shared_mentions([int(owner["id"])])}
    assert mentions == {"Ron Shapiro": ron_person, "Bhaval Patel": None}
    assert store.shared_counts([int(owner["id"])])[0]["total"] == 291


def test_the_latest_capture_s_count_is_kept(store: Store) -> None:
    account = store.upsert_account(OWNER)
    store.set_shared_count(account, "contact", 291, capture_id=None, seen_at="2026-01-02")
    store.set_shared_count(account, "contact", 250, capture_id=None, seen_at="2025-01-01")
    assert store.shared_counts([account])[0]["total"] == 291  # an older page said less
    store.set_shared_count(account, "contact", 300, capture_id=None, seen_at="2026-03-01")
    assert store.shared_counts([account])[0]["total"] == 300
