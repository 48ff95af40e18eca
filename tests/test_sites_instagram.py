"""Instagram: normaliser, page kinds, the dialog at other addresses, hostile and cut pages.

What each real page yields is pinned in tests/expected/instagram/
(tests/test_sites_real_pages.py); the followers dialog of @hausoftiffany holds 12 loaded
followers (shared/fixtures/real/instagram/, see PROVENANCE.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import sites
from metanet.capture import ingest
from metanet.model import AccountRef, PageKind
from metanet.sites import instagram
from metanet.sites.base import ParserError
from metanet.store import Store
from tests.sites_follow_support import huge_page, stored_follows, tie_pairs

RealFixture = Callable[[str], Path]
OWNER = "hausoftiffany"
FOLLOWERS = [
    ("vprtwn", "Ben Guo"),
    ("fanibbear", "Alice \u2728"),
    ("godstears", "Anqi Dai"),
    ("lizzypooey", "Liz"),
    ("robertkarpay", "Robert Karpay"),
    ("instadan_027", "Dan Demmitt"),
    ("shreyans", "Shreyans Bhansali"),
    ("virrtuesss", "?????"),
    ("slexaxton", "Alex Sexton"),
    ("p0giiii", "JP Abeleda"),
    ("austinwhittier", "Austin Whittier"),
    ("lachlanfletcher", "L"),
]
KEYS = [key for key, _ in FOLLOWERS]


def read(real_fixture: RealFixture, name: str) -> str:
    return real_fixture(f"instagram/{name}").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.instagram.com/hausoftiffany/",
        "https://instagram.com/hausoftiffany",
        "http://m.instagram.com/HausOfTiffany/?hl=de",
        "https://www.instagram.com/hausoftiffany?igsh=MWQ1ZGUxMzBkMA==",
        "instagram.com/hausoftiffany/followers/",
        "https://www.instagram.com/hausoftiffany/followers/mutualOnly",
    ],
)
def test_every_form_of_a_profile_url_gives_one_key(url: str) -> None:
    assert instagram.normalise(url) == AccountRef("instagram", OWNER)
    assert sites.normalise(url) == AccountRef("instagram", OWNER)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.instagram.com/p/DH1x2abc/",
        "https://www.instagram.com/reel/C9zz/",
        "https://www.instagram.com/explore/tags/berlin/",
        "https://www.instagram.com/accounts/login/",
        "https://www.instagram.com/",
        "https://www.instagram.com/bad name/",
        "https://notinstagram.com/hausoftiffany/",
        "javascript:alert(1)",
    ],
)
def test_posts_features_and_other_sites_are_not_profiles(url: str) -> None:
    assert instagram.normalise(url) is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("", PageKind.PROFILE),
        ("followers/", PageKind.FOLLOWERS),
        ("following/", PageKind.FOLLOWING),
        ("followers/mutualOnly", PageKind.MUTUAL),
        ("tagged/", None),
    ],
)
def test_detect_names_the_page_kind_from_the_url(path: str, kind: str | None) -> None:
    assert instagram.detect(f"https://www.instagram.com/{OWNER}/{path}", "") == kind


def test_followed_by_names_accounts_the_count_names_nobody(real_fixture: RealFixture) -> None:
    """ "Followed by robertkarpay, instadan_027 + 56 more": the two named accounts follow
    the owner and are followed by the viewer, and are listed as accounts (parser version
    3: the store keeps ties only between accounts a page lists); the 58 is kept as a
    count, never as ties; the follower counts in the meta tags and the page (2,067 vs
    2,066) name nobody."""
    result = instagram.parse(
        "https://www.instagram.com/hausoftiffany/", read(real_fixture, "profile-2025-brocc.html")
    )
    assert [shared.total for shared in result.shared] == [58]
    assert tie_pairs(result) == [
        ("robertkarpay", OWNER),
        ("~me", "robertkarpay"),
        ("instadan_027", OWNER),
        ("~me", "instadan_027"),
    ]
    assert [account.key for account in result.accounts] == ["robertkarpay", "instadan_027"]


def test_following_dialog_points_the_other_way(real_fixture: RealFixture) -> None:
    # The same dialog markup under the /following/ URL: the owner follows each listed account.
    url = "https://www.instagram.com/hausoftiffany/following/"
    result = instagram.parse(url, read(real_fixture, "followers-2025-brocc.html"))
    assert result.kind == PageKind.FOLLOWING
    assert tie_pairs(result) == [(OWNER, key) for key in KEYS]


def test_followed_by_mutual_list_ties_both_sides(real_fixture: RealFixture) -> None:
    # "Followed by robertkarpay, instadan_027 + 56 more" opens /followers/mutualOnly: the
    # accounts *the viewer follows* that follow the owner. So each listed account follows
    # the owner, and the viewer follows each of them. The viewer-owner tie is not implied.
    url = "https://www.instagram.com/hausoftiffany/followers/mutualOnly"
    result = instagram.parse(url, read(real_fixture, "followers-2025-brocc.html"))
    assert result.kind == PageKind.MUTUAL
    expected = []
    for key in KEYS:
        expected += [(key, OWNER), ("~me", key)]
    assert tie_pairs(result) == expected
    assert all(tie.src.is_viewer for tie in result.ties[1::2])


def test_list_url_without_an_open_dialog_is_a_parser_failure(real_fixture: RealFixture) -> None:
    with pytest.raises(ParserError):
        instagram.parse(
            "https://www.instagram.com/hausoftiffany/followers/",
            read(real_fixture, "profile-2025-brocc.html"),
        )


def test_a_page_that_is_not_a_profile_is_a_parser_failure() -> None:
    with pytest.raises(ParserError):
        instagram.parse("https://www.instagram.com/someone/", "<html><title>Page not found")


DIALOG_ROW = (
    '<div><a href="/{user}/"><span dir="auto">{user}</span></a>'
    '<span dir="auto">{name}</span><button>Follow</button></div>'
)


def test_hostile_names_are_cleaned_text() -> None:
    rows = DIALOG_ROW.format(user="eve", name="&lt;script&gt;x&lt;/script&gt; \u202eEve\u200b")
    rows += DIALOG_ROW.format(user="ali.ce", name="\u0639\u0644\u064a \u200fAli")
    html = f'<div role="dialog">{rows}</div>'
    result = instagram.parse("https://www.instagram.com/owner/followers/", html)
    assert [(a.key, a.name) for a in result.accounts] == [
        ("eve", "<script>x</script> Eve"),
        ("ali.ce", "\u0639\u0644\u064a Ali"),
    ]


def test_truncated_dialog_keeps_what_arrived(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "followers-2025-brocc.html")
    cut = html[: html.index('href="/robertkarpay/"')]
    result = instagram.parse("https://www.instagram.com/hausoftiffany/followers/", cut)
    assert [a.key for a in result.accounts] == KEYS[:4]


def test_a_20_mb_page_is_bounded() -> None:
    row = DIALOG_ROW.format(user="{}", name="Name")
    page = huge_page(
        "".join(row.replace("{}", f"user{i}") for i in range(50)),
        head='<div role="dialog">',
        tail="</div>",
    )
    started = time.monotonic()
    result = instagram.parse("https://www.instagram.com/owner/followers/", page)
    assert time.monotonic() - started < 30
    assert [a.key for a in result.accounts] == [f"user{i}" for i in range(50)]


def test_ingest_stores_directed_follows(tmp_path: Path, real_fixture: RealFixture) -> None:
    store = Store(tmp_path / "metanet.db")
    url = "https://www.instagram.com/hausoftiffany/followers/"
    captured = ingest(store, url, read(real_fixture, "followers-2025-brocc.html"))
    assert (captured.outcome, captured.site, captured.kind) == ("stored", "instagram", "followers")
    assert (captured.accounts_seen, captured.ties_seen) == (13, 12)
    assert stored_follows(store) == {("instagram", key, OWNER) for key in KEYS}
