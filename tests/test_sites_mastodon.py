"""Mastodon: detection by page structure (any host), user@instance keys, profile, lists.

No real Mastodon page is among the shared fixtures: the pages under
tests/fixtures/pages/mastodon/ are written from Mastodon's own source (each says which
files); the IDN handle comes from Mastodon's import spec (shared/fixtures/real/mastodon/).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import sites
from metanet.capture import ingest
from metanet.model import AccountRef, PageKind
from metanet.sites import mastodon
from metanet.sites.base import ParserError
from metanet.store import Store
from tests.sites_follow_support import huge_page, stored_follows, tie_pairs

RealFixture = Callable[[str], Path]
PAGES = Path(__file__).parent / "fixtures" / "pages" / "mastodon"
OWNER = "ada@social.example"
IDN = "nare@\u0569\u0578\u0582\u0569.\u0570\u0561\u0575"  # nare@թութ.հայ
FOLLOWERS = [
    ("bruno@social.example", "Bruno Keller"),
    ("carla@mastodon.example", "Carla Ruiz"),
    (IDN, "\u0546\u0561\u0580\u0565"),
    ("dora@social.example", "<b>Dora</b> \u05d3\u05d5\u05e8\u05d4"),
]


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_idn_handles_keep_one_unicode_key(real_fixture: RealFixture) -> None:
    handle = real_fixture("mastodon/utf8-followers-idn-mastodon-spec.txt").read_text("utf-8")
    assert mastodon.handle_key(handle.strip()) == IDN
    punycode = "\u0569\u0578\u0582\u0569.\u0570\u0561\u0575".encode("idna").decode("ascii")
    assert mastodon.normalise(f"https://{punycode}/@Nare@{punycode.upper()}") == AccountRef(
        "mastodon", IDN
    )
    assert mastodon.account_ref(f"https://{punycode}/@nare") == AccountRef("mastodon", IDN)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://Social.Example/@Ada@social.example", OWNER),
        ("https://mastodon.example/@ada@Social.Example/followers", OWNER),
        ("https://mastodon.example/web/@ada@social.example", OWNER),
        ("https://social.example/@carla@mastodon.example?ref=1", "carla@mastodon.example"),
    ],
)
def test_user_at_domain_urls_are_keyed_on_any_host(url: str, key: str) -> None:
    assert mastodon.normalise(url) == AccountRef("mastodon", key)
    assert sites.normalise(url) == AccountRef("mastodon", key)


@pytest.mark.parametrize(
    "url",
    [
        # a bare /@user could be YouTube, Medium or a blog: only the page can tell
        "https://social.example/@ada",
        "https://www.youtube.com/@somechannel",
        "https://social.example/users/ada",
        "https://social.example/@",
        "https://social.example/@a b@x.example",
        "ftp://social.example/@ada@social.example",
    ],
)
def test_urls_alone_do_not_claim_bare_handles(url: str) -> None:
    assert mastodon.normalise(url) is None


def test_detect_needs_mastodon_markup_not_a_host_name() -> None:
    html = page("profile-web-ui.html")
    assert mastodon.detect("https://any-host.example/@ada", html) == PageKind.PROFILE
    assert mastodon.detect("https://any-host.example/@ada/followers", html) == PageKind.FOLLOWERS
    assert mastodon.detect("https://any-host.example/@ada/following", html) == PageKind.FOLLOWING
    assert mastodon.detect("https://any-host.example/@ada/123456", html) is None
    plain = "<html><head><meta property='og:type' content='profile'></head><body>hi</body>"
    assert mastodon.detect("https://mastodon.social/@ada", plain) is None
    assert mastodon.detect("https://www.youtube.com/@ada", plain) is None


def test_profile(tmp_path: Path) -> None:
    result = sites.parse_page("https://social.example/@ada", page("profile-web-ui.html"))
    assert result is not None and result.parser == "mastodon" and result.kind == "profile"
    owner = result.owner
    assert owner is not None and owner.ref == AccountRef("mastodon", OWNER)
    assert owner.name == "Ada Beispiel"
    assert owner.profile_url == "https://social.example/@ada"
    assert owner.photo_url == "https://files.social.example/accounts/avatars/ada.png"
    assert owner.headline == "Engineer in Hamburg. Writes about # rust ."
    # rel="me" field links only (the Blog field's link has no "me")
    assert owner.same_as == ["https://ada.example/", "https://github.com/ada-beispiel"]
    # a boosted post's author on the profile is neither a tie nor a listed account
    assert result.accounts == [] and result.ties == []


def test_followers_list() -> None:
    result = sites.parse_page(
        "https://social.example/@ada/followers", page("followers-web-ui.html")
    )
    assert result is not None and result.kind == PageKind.FOLLOWERS
    assert result.owner is not None and result.owner.key == OWNER
    assert result.owner.name == "Ada Beispiel" and result.owner.photo_url is None
    # the familiar-followers avatar in the header is not a listed account; bruno loaded twice
    assert [(a.key, a.name) for a in result.accounts] == FOLLOWERS
    assert tie_pairs(result) == [(key, OWNER) for key, _ in FOLLOWERS]


def test_following_list_points_the_other_way() -> None:
    result = mastodon.parse("https://social.example/@ada/following", page("followers-web-ui.html"))
    assert tie_pairs(result) == [(OWNER, key) for key, _ in FOLLOWERS]


def test_remote_account_viewed_on_the_home_instance() -> None:
    # The viewer's instance shows a remote account's followers: local links (/@bruno) are
    # accounts of the viewing instance, the owner keeps its own home.
    url = "https://home.example/@ada@social.example/followers"
    result = mastodon.parse(url, page("followers-web-ui.html"))
    assert result.owner is not None and result.owner.key == OWNER
    assert [a.key for a in result.accounts][:2] == ["bruno@home.example", "carla@mastodon.example"]


def test_profile_without_header_or_metadata_is_a_parser_failure() -> None:
    with pytest.raises(ParserError):
        mastodon.parse("https://social.example/@ada", '<div id="mastodon"></div>')


ROW = (
    '<div class="account"><a class="account__display-name" href="/@{u}">'
    '<strong class="display-name__html">{n}</strong></a></div>'
)


def test_truncated_page_keeps_what_arrived() -> None:
    html = page("followers-web-ui.html")
    cut = html[: html.index('title="nare@')]
    result = mastodon.parse("https://social.example/@ada/followers", cut)
    assert [a.key for a in result.accounts] == [key for key, _ in FOLLOWERS[:2]]


def test_a_20_mb_page_is_bounded() -> None:
    rows = "".join(ROW.format(u=f"user{i}", n="N") for i in range(40))
    html = huge_page(rows, head='<div id="mastodon">', tail="</div>")
    started = time.monotonic()
    result = mastodon.parse("https://social.example/@ada/followers", html)
    assert time.monotonic() - started < 30
    assert [a.key for a in result.accounts] == [f"user{i}@social.example" for i in range(40)]


def test_ingest_stores_directed_follows(tmp_path: Path) -> None:
    store = Store(tmp_path / "metanet.db")
    captured = ingest(store, "https://social.example/@ada/followers", page("followers-web-ui.html"))
    assert (captured.outcome, captured.site, captured.kind) == ("stored", "mastodon", "followers")
    assert stored_follows(store) == {("mastodon", key, OWNER) for key, _ in FOLLOWERS}
