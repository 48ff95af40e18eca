"""A person judged again when an account merged without a name shows one (identity/rejudge).

An address-book card that links a LinkedIn profile not captured yet merges with that
profile's still empty account. When the real profile page is captured and shows another
first name, the outcome must be the one the other order gives: two people, suggested with
the evidence. What the user confirmed is never split.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.i18n import texts, words
from metanet.identity.decisions import confirm, merge, split
from metanet.identity.me import set_me
from metanet.identity.persons import USER
from metanet.identity.suggestions import review_queue
from metanet.model import VIEWER_KEY
from metanet.services.imports import import_file
from metanet.services.pages import Captured, capture
from metanet.store import Store
from tests.db_support import raw

PROFILE = "linkedin/profile-public-2016-jeffweiner08.html"  # Jeff Weiner's public profile
URL = "https://www.linkedin.com/in/jeffweiner08"


def _card(folder: Path, name: str, *, first: str) -> Path:
    path = folder / f"{first}.vcf"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nURL:{URL}\r\nEND:VCARD\r\n", encoding="utf-8"
    )
    return path


def _capture(store: Store, real_fixture: Callable[[str], Path]) -> Captured:
    return capture(store, URL, real_fixture(PROFILE).read_text(encoding="utf-8"))


def _partition(store: Store) -> set[frozenset[str]]:
    """The persons of the cards and of the captured profile (the page lists others too)."""
    persons: dict[int, set[str]] = {}
    for network, name, key, person_id in raw(store).execute(
        "select network, name, key, person_id from accounts where key != ? "
        "and (network = 'addressbook' or key = 'jeffweiner08')",
        [VIEWER_KEY],
    ):
        persons.setdefault(person_id, set()).add(f"{network}:{name or key}")
    return {frozenset(p) for p in persons.values()}


def _accounts(store: Store) -> dict[str, int]:
    rows = raw(store).execute("select id, network, name from accounts where key != ?", [VIEWER_KEY])
    return {f"{network}:{name}": int(i) for i, network, name in rows}


def _person(store: Store, account_id: int) -> int:
    return int(store.account_by_id(account_id)["person_id"])


def _said(store: Store) -> list[str]:
    """What the review queue says between the cards and the captured profile (the page
    lists four more men named Jeff Weiner: they are suggested by name, and not here)."""
    ids = {i for n, i in _accounts(store).items() if n.startswith("addressbook:")}
    ids.add(
        int(raw(store).execute("select id from accounts where key = 'jeffweiner08'").fetchone()[0])
    )
    return [
        texts.reasons(words("en"), item["reasons"])
        for item in review_queue(store, limit=500)
        if {item["a"]["id"], item["b"]["id"]} <= ids
    ]


@pytest.mark.parametrize("card_first", [True, False])
def test_a_card_linking_a_profile_of_another_first_name_ends_apart_in_either_order(
    tmp_path: Path, real_fixture: Callable[[str], Path], card_first: bool
) -> None:
    store = Store(tmp_path / "metanet.db")
    card = _card(tmp_path, "Jane Weiner", first="jane")
    if card_first:
        import_file(store, card)
        captured = _capture(store, real_fixture)
    else:
        captured = _capture(store, real_fixture)
        import_file(store, card)
    assert _partition(store) == {
        frozenset({"addressbook:Jane Weiner"}),
        frozenset({"linkedin:Jeff Weiner"}),
    }
    assert captured.person is not None and captured.person["name"] == "Jeff Weiner"
    assert _said(store) == [
        "both point to the LinkedIn profile jeffweiner08; first names differ: Jane / Jeff"
    ]


@pytest.mark.parametrize("card_first", [True, False])
def test_a_card_of_the_same_first_name_stays_merged_in_either_order(
    tmp_path: Path, real_fixture: Callable[[str], Path], card_first: bool
) -> None:
    store = Store(tmp_path / "metanet.db")
    card = _card(tmp_path, "Jeff Weiner", first="jeff")
    if card_first:
        import_file(store, card)
    _capture(store, real_fixture)
    if not card_first:
        import_file(store, card)
    assert _partition(store) == {frozenset({"addressbook:Jeff Weiner", "linkedin:Jeff Weiner"})}
    assert _said(store) == []


def test_the_split_shows_in_the_merge_history(
    tmp_path: Path, real_fixture: Callable[[str], Path]
) -> None:
    store = Store(tmp_path / "metanet.db")
    import_file(store, _card(tmp_path, "Jane Weiner", first="jane"))
    [auto] = raw(store).execute("select id from merge_decisions where decision = 'same'")
    _capture(store, real_fixture)
    undone = raw(store).execute("select undone_at from merge_decisions where id = ?", auto)
    assert undone.fetchone()[0] is not None  # the automatic merge no longer holds
    assert (
        raw(store).execute("select count(*) from merge_decisions where decision = 'different'")
    ).fetchone()[0] == 0  # no "not the same": new evidence may join them again


def test_a_merge_the_user_confirmed_is_never_split(
    tmp_path: Path, real_fixture: Callable[[str], Path]
) -> None:
    store = Store(tmp_path / "metanet.db")
    import_file(store, _card(tmp_path, "Jane Weiner", first="jane"))
    ids = _accounts(store)
    card, profile = ids["addressbook:Jane Weiner"], ids["linkedin:None"]
    decision = split(store, _person(store, card), [profile])  # the user takes it apart …
    assert _person(store, card) != _person(store, profile)
    confirm(store, card, profile)  # … and says: the same after all
    assert decision.id
    _capture(store, real_fixture)
    assert _person(store, card) == _person(store, profile)
    assert _said(store) == []


def test_a_person_the_user_merged_keeps_what_the_user_joined(
    tmp_path: Path, real_fixture: Callable[[str], Path]
) -> None:
    store = Store(tmp_path / "metanet.db")
    import_file(store, _card(tmp_path, "Jane Weiner", first="jane"))
    other = tmp_path / "other.vcf"
    other.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J. Weiner\r\nEND:VCARD\r\n", "utf-8")
    import_file(store, other)
    ids = _accounts(store)
    card, initial = ids["addressbook:Jane Weiner"], ids["addressbook:J. Weiner"]
    merge(store, _person(store, card), _person(store, initial), source=USER,
          reasons=[{"code": "confirmed"}], score=None, pair=(card, initial))  # fmt: skip
    _capture(store, real_fixture)
    assert _person(store, card) == _person(store, initial)  # the user's merge holds
    assert _person(store, ids["linkedin:None"]) != _person(store, card)  # the profile left


def test_the_users_own_person_is_never_split(
    tmp_path: Path, real_fixture: Callable[[str], Path]
) -> None:
    store = Store(tmp_path / "metanet.db")
    import_file(store, _card(tmp_path, "Jane Weiner", first="jane"))
    ids = _accounts(store)
    me = set_me(store, ids["addressbook:Jane Weiner"])
    _capture(store, real_fixture)
    assert _person(store, ids["linkedin:None"]) == me
