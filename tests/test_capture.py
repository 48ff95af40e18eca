"""From a received page to stored rows: outcomes, one transaction, raw page kept."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from metanet import capture, sites
from metanet.capture import CaptureInputError, Outcome, ingest
from metanet.i18n import texts, words
from metanet.model import AccountRecord, AccountRef, ParseResult, TieRecord
from metanet.sites.base import ParserError
from metanet.store import Store
from tests.db_support import raw

PROFILE_URL = "https://se.linkedin.com/in/eduardo-alvarez-nowak"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "metanet.db")


def test_public_profile_is_stored_with_its_raw_page(store: Store, real_fixture: Any) -> None:
    html = real_fixture("linkedin/profile-public-2024-scoutr.html").read_text(encoding="utf-8")
    result = ingest(store, PROFILE_URL, html, "Eduardo Alvarez Nowak | LinkedIn")
    assert result.outcome == Outcome.STORED
    assert (result.site, result.kind) == ("linkedin", "profile")
    assert result.ties_seen == 0
    owner = store.account_by_id(result.owner_account_id or 0)
    assert (owner["network"], owner["key"]) == ("linkedin", "eduardo-alvarez-nowak")
    assert store.capture_html(result.capture_id) == html
    row = raw(store).table("captures").get(result.capture_id)
    assert row["parser"] == "linkedin" and row["accounts_seen"] == result.accounts_seen


def test_capturing_twice_keeps_one_account(store: Store, real_fixture: Any) -> None:
    html = real_fixture("linkedin/profile-public-2024-scoutr.html").read_text(encoding="utf-8")
    first = ingest(store, PROFILE_URL, html)
    second = ingest(store, "https://www.linkedin.com/in/Eduardo-Alvarez-Nowak/?trk=abc", html)
    assert first.owner_account_id == second.owner_account_id
    assert store.counts()["captures"] == 2
    assert store.counts()["accounts"] == first.accounts_seen


def test_unsupported_page_is_kept_without_accounts(store: Store) -> None:
    result = ingest(store, "https://example.org/", "<html><p>Kuchen</p></html>")
    assert result.outcome == Outcome.UNSUPPORTED
    assert (result.accounts_seen, result.owner_account_id) == (0, None)
    assert store.counts() == {**store.counts(), "captures": 1, "accounts": 0, "persons": 0}


def _fake_result(ties: list[TieRecord]) -> ParseResult:
    owner = AccountRecord("linkedin", "owner", "https://www.linkedin.com/in/owner/", name="Owner")
    friend = AccountRecord(
        "linkedin", "friend", "https://www.linkedin.com/in/friend/", name="Friend"
    )
    return ParseResult(
        "linkedin", "contacts", "linkedin", 1, owner=owner, accounts=[friend], ties=ties
    )


def test_ties_are_stored_with_capture_evidence(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    tie = TieRecord(AccountRef("linkedin", "owner"), AccountRef("linkedin", "friend"), "contact")
    monkeypatch.setattr(sites, "parse_page", lambda url, html: _fake_result([tie]))
    result = ingest(store, "https://www.linkedin.com/mynetwork/", "<html/>")
    assert result.ties_seen == 1
    evidence = list(raw(store).table("tie_evidence").rows)
    assert [e["capture_id"] for e in evidence] == [result.capture_id]


def test_parser_failure_is_reported_not_zero_people(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(url: str, html: str) -> ParseResult:
        raise ParserError("the profile card was not found: the page layout changed")

    monkeypatch.setattr(sites, "parse_page", broken)
    result = ingest(store, PROFILE_URL, "<html/>")
    assert result.outcome == Outcome.PARSER_FAILED
    assert result.error and "layout changed" in result.error
    assert raw(store).table("captures").get(result.capture_id)["outcome"] == "parser_failed"


def test_a_page_in_an_unknown_layout_is_stored_as_partly_read(store: Store) -> None:
    """A known site's page whose markup no parser generation knows, but which names its
    person: stored with that owner and marked, never a parser failure."""
    html = "<html><head><title>(3) Jana Novák | LinkedIn</title></head><body><main/></body>"
    result = ingest(store, "https://www.linkedin.com/in/jana-novak/", html)
    assert (result.outcome, result.partly_read) == (Outcome.STORED, "unknown_layout")
    owner = store.account_by_id(result.owner_account_id or 0)
    assert (owner["key"], owner["name"]) == ("jana-novak", "Jana Novák")
    assert result.as_dict()["partly_read"] == "unknown_layout"


def test_shared_connections_and_aliases_do_not_disturb_storing(
    store: Store, real_fixture: Any
) -> None:
    """The parse result's new fields (shared connections, aliases, positions) are not
    stored yet; the ties named mutual friends prove are."""
    html = real_fixture(
        "facebook/m-profile-loggedin-2017-rob.douglas.7923-friends-mutual-skopenow.html"
    ).read_text(encoding="utf-8")
    result = ingest(store, "https://m.facebook.com/rob.douglas.7923", html)
    assert (result.outcome, result.partly_read, result.ties_seen) == (Outcome.STORED, None, 4)


def _card(key: str, aliases: list[str] | None = None) -> AccountRecord:
    url = f"https://www.linkedin.com/in/{key}/"
    return AccountRecord("linkedin", key, url, name=key.title(), aliases=aliases or [])


def _capture_list(
    store: Store, monkeypatch: pytest.MonkeyPatch, cards: list[AccountRecord], html: str
) -> list[tuple[str, ...]]:
    """Capture a contact list of ``cards`` (the owner tied to each): the ties' ends' keys."""
    ties = [TieRecord(_card("owner").ref, c.ref, "contact") for c in cards]
    result = ParseResult("linkedin", "contacts", "linkedin", 1, owner=_card("owner"),
                         accounts=cards, ties=ties)  # fmt: skip
    monkeypatch.setattr(sites, "parse_page", lambda url, html: result)
    ingest(store, "https://www.linkedin.com/mynetwork/", html)  # a page of its own: not cached
    tied = raw(store).execute(
        "select a.key, b.key from ties t join accounts a on a.id = t.src_account_id "
        "join accounts b on b.id = t.dst_account_id"
    )
    return sorted(tuple(sorted(ends)) for ends in tied)


def test_a_card_joined_by_a_later_card_keeps_its_tie(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One list names a stored member by the URN on one card, by slug and URN on the next:
    the URN's new account is joined into the slug's and its tie follows; a card after the
    join whose new account gets the joined account's id is not taken for it."""
    store.upsert_account(_card("slug-1"))
    cards = [_card("urn-1"), _card("slug-1", ["urn-1"]), _card("new-3", ["urn-3"])]
    tied = _capture_list(store, monkeypatch, cards, "<html>joined later</html>")
    assert tied == [("new-3", "owner"), ("owner", "slug-1")]
    joined = store.account(AccountRef("linkedin", "urn-1"))
    new = store.account(AccountRef("linkedin", "new-3"))
    assert joined is not None and new is not None
    assert (joined["key"], new["id"]) == ("slug-1", 3)  # 3: urn-1's account before the join


def test_a_card_of_an_account_joined_by_an_earlier_card_is_the_joined_account(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two accounts stored apart although one's alias is the other's key (from before
    joins): the first card joins them; a later card naming the other by its key is then
    the joined account, not the one deleted."""
    store.upsert_account(_card("slug-k"))
    store.upsert_account(_card("other-x", ["ACoAAx"]))
    store.upsert_account(_card("slug-k", ["other-x"]))  # an alias, not joined here
    cards = [_card("slug-k", ["urn-k"]), _card("other-x")]
    tied = _capture_list(store, monkeypatch, cards, "<html>two apart</html>")
    assert tied == [("owner", "slug-k")]
    joined = store.account(AccountRef("linkedin", "other-x"))
    assert joined is not None and joined["key"] == "slug-k"
    orphans = "select count(*) from account_links where account_id not in (select id from accounts)"
    assert raw(store).execute(orphans).fetchone() == (0,)


def test_a_crashing_parser_loses_no_capture(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(url: str, html: str) -> ParseResult:
        raise KeyError("surprise")

    monkeypatch.setattr(sites, "parse_page", crash)
    result = ingest(store, PROFILE_URL, "<html>kept</html>")
    assert result.outcome == Outcome.PARSER_FAILED and "KeyError" in (result.error or "")
    assert store.capture_html(result.capture_id) == "<html>kept</html>"


def test_a_failure_while_storing_stores_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    tie = TieRecord(AccountRef("linkedin", "owner"), AccountRef("linkedin", "friend"), "contact")
    monkeypatch.setattr(sites, "parse_page", lambda url, html: _fake_result([tie]))

    def disk_full(*args: object, **kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(store, "add_ties", disk_full)
    with pytest.raises(OSError):
        ingest(store, "https://www.linkedin.com/mynetwork/", "<html/>")
    assert store.counts()["captures"] == 0 and store.counts()["accounts"] == 0


@pytest.mark.parametrize(
    ("url", "html", "message"),
    [
        (None, "<html/>", "url"),
        ("", "<html/>", "url"),
        ("javascript:alert(1)", "<html/>", "http"),
        ("https://example.org/" + "a" * 9000, "<html/>", "longer"),
        ("https://example.org/", None, "html"),
        ("https://example.org/", ["<html/>"], "html"),
    ],
)
def test_unusable_requests_are_refused_before_storing(
    store: Store, url: Any, html: Any, message: str
) -> None:
    with pytest.raises(CaptureInputError, match=message):
        ingest(store, url, html)
    assert store.counts()["captures"] == 0


def test_the_users_own_list_gives_first_degree_ties(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    friend = AccountRecord("linkedin", "friend", "https://www.linkedin.com/in/friend/", name="F")
    own_list = ParseResult(
        "linkedin", "contacts", "linkedin", 1, owner=None, accounts=[friend],
        ties=[TieRecord(AccountRef.viewer("linkedin"), friend.ref, "contact")],
    )  # fmt: skip
    monkeypatch.setattr(sites, "parse_page", lambda url, html: own_list)
    result = ingest(store, "https://www.linkedin.com/mynetwork/invite-connect/connections/", "<x/>")
    assert result.ties_seen == 1
    me = store.me()
    assert me is not None
    assert [t["other"] for t in store.person_ties(me["id"])] == [
        store.account(friend.ref)["person_id"]  # type: ignore[index]
    ]


def test_a_captured_profile_gets_merge_suggestions_at_once(store: Store) -> None:
    from metanet.identity.suggestions import review_queue

    def page(url: str) -> str:
        person = {"@type": "Person", "name": "Eduardo Alvarez Nowak", "url": url,
                  "address": "Stockholm"}  # fmt: skip
        return f'<script type="application/ld+json">{json.dumps(person)}</script>'

    from metanet.services.pages import capture as capture_page  # what follows a capture

    capture_page(store, "https://club.example/eduardo", page("https://club.example/eduardo"))
    result = capture_page(store, "https://example.org/eduardo", page("https://example.org/eduardo"))
    person = store.account_by_id(result.owner_account_id or 0)["person_id"]
    queue = review_queue(store, person_id=person)
    assert queue and "Eduardo Alvarez Nowak" in texts.reasons(words("en"), queue[0]["reasons"])


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4,
        bytes(random.Random(7).randrange(256) for _ in range(4096)),
        b"just some words, no markup at all",
    ],
)
def test_capture_of_a_file_that_is_not_html_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    """`metanet capture` of a PNG once exited 0, printed a BeautifulSoup warning and counted
    as a LinkedIn parser failure in "parser health"."""
    from click.testing import CliRunner

    from metanet.cli import cli

    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    page = tmp_path / "picture.html"
    page.write_bytes(content)
    result = CliRunner().invoke(
        cli, ["capture", str(page), "--url", "https://www.linkedin.com/in/someone/"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: this is not an HTML page (an image or another file?)"
    ]
    with Store(tmp_path / "metanet.db") as store:
        assert store.counts()["captures"] == 0


# --- what a list page saved, what a page says about shared connections, whole pages ---

CONNECTIONS = "https://www.linkedin.com/mynetwork/invite-connect/connections/"


def test_a_list_says_how_many_people_it_saved_and_how_many_were_new(
    store: Store, real_fixture: Any
) -> None:
    html = real_fixture("linkedin/connections-list-2025-brocc.html").read_text(encoding="utf-8")
    first = ingest(store, CONNECTIONS, html)
    assert (first.kind, first.listed, first.new, first.yours) == ("contacts", 10, 10, True)
    again = ingest(store, CONNECTIONS, html)
    assert (again.listed, again.new) == (10, 0)


def test_a_search_page_counts_its_results_not_the_mutuals_they_name(
    store: Store, real_fixture: Any
) -> None:
    page = "linkedin/search-people-with-mutual-connections-2025-brocc.html"
    html = real_fixture(page).read_text(encoding="utf-8")
    found = ingest(store, "https://www.linkedin.com/search/results/people/?keywords=a", html)
    assert (found.kind, found.listed, found.yours) == ("search", 10, False)


def test_named_mutuals_with_a_link_are_ties_on_both_sides(store: Store, real_fixture: Any) -> None:
    """Facebook's "mutual friends" on Rob Douglas's profile: you ↔ Mark, Mark ↔ Rob."""
    page = "facebook/m-profile-loggedin-2017-rob.douglas.7923-friends-mutual-skopenow.html"
    html = real_fixture(page).read_text(encoding="utf-8")
    ingest(store, "https://m.facebook.com/rob.douglas.7923", html)
    mark = store.account(AccountRef("facebook", "markajacoub"))
    rob = store.account(AccountRef("facebook", "robdouglas7923"))
    me = store.me()
    assert mark is not None and rob is not None and me is not None
    ties = {(t["other"], t["kind"]) for t in store.person_ties(int(mark["person_id"]))}
    assert {(int(rob["person_id"]), "friend"), (int(me["id"]), "friend")} <= ties
    counts = {c["account_id"]: c["total"] for c in store.shared_counts([int(mark["id"])])}
    assert counts == {int(mark["id"]): 19}  # "19 mutual friends" beside Mark in the list


def test_instagram_followed_by_after_the_followers_list_ties_you_to_them(
    store: Store, real_fixture: Any
) -> None:
    """tiff's followers list, then her profile ("Followed by robertkarpay, instadan_027 +
    56 more"): you follow both, both follow her, and they keep the names the list gave."""
    for url, page in [
        ("https://www.instagram.com/hausoftiffany/followers/", "followers-2025-brocc.html"),
        ("https://www.instagram.com/hausoftiffany/", "profile-2025-brocc.html"),
    ]:
        html = real_fixture(f"instagram/{page}").read_text(encoding="utf-8")
        assert ingest(store, url, html).outcome == Outcome.STORED
    me = store.me()
    tiff = store.account(AccountRef("instagram", "hausoftiffany"))
    assert me is not None and tiff is not None
    for key, name in [("robertkarpay", "Robert Karpay"), ("instadan_027", "Dan Demmitt")]:
        account = store.account(AccountRef("instagram", key))
        assert account is not None and account["name"] == name
        ties = {(t["other"], t["kind"]) for t in store.person_ties(int(account["person_id"]))}
        assert {(int(me["id"]), "follows"), (int(tiff["person_id"]), "follows")} <= ties
    named = {m["name"]: m["person_id"] for m in store.shared_mentions([int(tiff["id"])])}
    assert set(named) == {"robertkarpay", "instadan_027"} and None not in named.values()


def test_a_page_longer_than_the_parsers_read_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch, real_fixture: Any
) -> None:
    from metanet.sites import page

    html = real_fixture("linkedin/profile-public-2024-scoutr.html").read_text(encoding="utf-8")
    monkeypatch.setattr(page, "MAX_PAGE_CHARS", len(html) - 1)
    monkeypatch.setattr(capture, "MAX_PAGE_CHARS", len(html) - 1)
    found = ingest(store, PROFILE_URL, html)
    assert (found.outcome, found.partly_read) == ("stored", "page_cut")
    row = raw(store).table("captures").get(found.capture_id)
    assert row["partly_read"] == "page_cut"
    assert "its end was left out" in texts.reading(words("en"), row["partly_read"])


def test_a_list_of_6000_cards_is_stored_whole(store: Store, real_fixture: Any) -> None:
    """Issue 16, item 14: a 3 MB cut kept 2,805 of 6,000 contacts without a word. The
    page (about 28 MB: the real list's cards repeated with new addresses) is read whole."""
    from tests.big_pages import connections_page

    html = connections_page(real_fixture("linkedin/connections-list-2025-brocc.html"), 6000)
    assert len(html) > 20_000_000
    found = ingest(store, CONNECTIONS, html)
    assert (found.outcome, found.partly_read) == ("stored", None)
    assert (found.listed, found.new) == (6000, 6000)


def test_a_display_name_drawn_with_img_alt_emoji_keeps_them(
    store: Store, real_fixture: Any
) -> None:
    """X draws emoji in display names as <img alt>: "ben g🥦" stays "ben g🥦"."""
    html = real_fixture("twitter/followers-2025-brocc.html").read_text(encoding="utf-8")
    ingest(store, "https://x.com/perceptnet/followers", html)
    names = {row[0] for row in raw(store).execute("select name from persons")}
    assert "ben g🥦" in names
