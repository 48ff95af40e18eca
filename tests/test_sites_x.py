"""X (Twitter): normaliser, page kinds, lists at other addresses, hostile and cut pages.

What each real page yields is pinned in tests/expected/twitter/ (tests/test_sites_real_pages.py).
The followers page (shared/fixtures/real/twitter/, see PROVENANCE.md) has 24 follower
cells, 3 "Who to follow" cells in the sidebar, "Follows you" on 6 cells and a
"Following" (unfollow) button on 3.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import sites
from metanet.capture import ingest
from metanet.model import AccountRef, PageKind, Reading
from metanet.sites import x
from metanet.sites.base import ParserError
from metanet.store import Store
from tests.sites_follow_support import huge_page, stored_follows, tie_pairs

RealFixture = Callable[[str], Path]
OWNER = "perceptnet"
FOLLOWERS = [
    "0thernet", "devloper_xyz", "luis30843964", "giacomo_ran", "awhitty", "hanchunglee",
    "fb84648795", "zzzzijunnn", "siebritzmorne", "iqramband", "almarritech", "jordan916987383",
    "ataurrehman680", "meed727", "jpceo2025", "__jaybee1", "kydcaba", "zagor531453",
    "justincarpin", "ecker_tobias", "altocenter", "shuvoroy118777", "stonkzgoupp", "rashadshalom",
]  # fmt: skip
WHO_TO_FOLLOW_LIST_PAGE = ["bulwarkonline", "oriolvinyalsml", "nunosempere"]
FOLLOWS_YOU = ["devloper_xyz", "awhitty", "hanchunglee", "iqramband", "almarritech", "altocenter"]
YOU_FOLLOW = ["awhitty", "hanchunglee", "iqramband"]


def read(real_fixture: RealFixture, name: str) -> str:
    return real_fixture(f"twitter/{name}").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/perceptnet",
        "https://twitter.com/PerceptNet/",
        "https://mobile.twitter.com/perceptnet?s=21&t=abc",
        "https://www.x.com/perceptnet/followers",
        "x.com/perceptnet/followers_you_follow",
        "https://mobile.x.com/perceptnet#top",
    ],
)
def test_every_form_of_a_profile_url_gives_one_key(url: str) -> None:
    assert x.normalise(url) == AccountRef("x", OWNER)
    assert sites.normalise(url) == AccountRef("x", OWNER)


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/home",
        "https://x.com/i/lists/123",
        "https://twitter.com/search?q=x",
        "https://x.com/settings/profile",
        "https://x.com/a_handle_longer_than_15",
        "https://x.com/",
        "https://xx.com/perceptnet",
    ],
)
def test_features_and_other_sites_are_not_accounts(url: str) -> None:
    assert x.normalise(url) is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("", PageKind.PROFILE),
        ("/followers", PageKind.FOLLOWERS),
        ("/verified_followers", PageKind.FOLLOWERS),
        ("/following", PageKind.FOLLOWING),
        ("/followers_you_follow", PageKind.MUTUAL),
        ("/status/1234", None),
    ],
)
def test_detect_names_the_page_kind_from_the_url(path: str, kind: str | None) -> None:
    assert x.detect(f"https://x.com/perceptnet{path}", "") == kind


def test_a_cell_outside_the_primary_column_is_still_listed() -> None:
    """Meaning, not nesting: Chromium's parser moves X's list cells (a <button> holding a
    <button>) out of the primary column; only the sidebar landmark makes a suggestion."""
    listed = CELL.format(h="anna", name="Anna")
    suggested = CELL.format(h="sam", name="Sam")
    html = (
        '<main><div data-testid="primaryColumn"></div><div data-testid="cellInnerDiv">'
        f"{listed}</div>"
        f'<div data-testid="sidebarColumn"><aside>{suggested}</aside></div></main>'
    )
    result = x.parse("https://x.com/owner/followers", html)
    assert [a.key for a in result.accounts] == ["anna", "sam"]
    assert tie_pairs(result) == [("anna", "owner")]


def test_a_profile_in_an_unknown_layout_is_partly_read() -> None:
    html = "<html><head><title>Jana Novák (@jana) / X</title></head><body><main>…</main>"
    result = x.parse("https://x.com/jana", html)
    assert result.partly_read == Reading.UNKNOWN_LAYOUT
    assert result.owner is not None and (result.owner.key, result.owner.name) == (
        "jana",
        "Jana Novák",
    )


def test_followers_you_know_and_following(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "followers-2025-brocc.html")
    mutual = x.parse("https://x.com/perceptnet/followers_you_follow", html)
    pairs = tie_pairs(mutual)
    # each listed account follows the owner, and the viewer follows each listed account
    assert all((key, OWNER) in pairs and ("~me", key) in pairs for key in FOLLOWERS)
    following = x.parse("https://x.com/perceptnet/following", html)
    assert tie_pairs(following)[:24] == [(OWNER, key) for key in FOLLOWERS]


def test_a_list_without_its_column_is_a_parser_failure() -> None:
    with pytest.raises(ParserError):
        x.parse("https://x.com/perceptnet/followers", "<html><body>Something went wrong")


def test_a_profile_that_names_nobody_is_a_parser_failure() -> None:
    with pytest.raises(ParserError):
        x.parse("https://x.com/perceptnet", "<html><body><p>nothing here")


CELL = (
    '<div data-testid="UserCell"><div data-testid="UserAvatar-Container-{h}"><img src="/a.png">'
    '</div><a href="/{h}"><span>{name}</span></a><a href="/{h}"><span>@{h}</span></a></div>'
)


def test_hostile_names_are_cleaned_text() -> None:
    cells = CELL.format(h="eve", name="&lt;b&gt;Eve&lt;/b&gt; \u202e\u200bevE")
    cells += CELL.format(h="noura", name="\u0646\u0648\u0631\u0629 \u2067x\u2069")
    html = f'<div data-testid="primaryColumn">{cells}</div>'
    result = x.parse("https://x.com/owner/followers", html)
    assert [(a.key, a.name) for a in result.accounts] == [
        ("eve", "<b>Eve</b> evE"),
        ("noura", "\u0646\u0648\u0631\u0629 x"),
    ]


def test_truncated_page_keeps_the_cells_that_arrived(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "followers-2025-brocc.html")
    cut = html[: html.index("UserAvatar-Container-giacomo_ran")]
    result = x.parse("https://x.com/perceptnet/followers", cut)
    assert [a.key for a in result.accounts] == FOLLOWERS[:3]


def test_a_20_mb_page_is_bounded() -> None:
    cells = "".join(CELL.format(h=f"user{i}", name="N") for i in range(30))
    page = huge_page(cells, head='<div data-testid="primaryColumn">', tail="</div>")
    started = time.monotonic()
    result = x.parse("https://x.com/owner/followers", page)
    assert time.monotonic() - started < 30
    assert [a.key for a in result.accounts] == [f"user{i}" for i in range(30)]


def test_ingest_stores_directed_follows(tmp_path: Path, real_fixture: RealFixture) -> None:
    store = Store(tmp_path / "metanet.db")
    html = read(real_fixture, "followers-2025-brocc.html")
    captured = ingest(store, "https://x.com/perceptnet/followers", html)
    assert (captured.outcome, captured.site, captured.kind) == ("stored", "x", "followers")
    assert captured.ties_seen == 24 + 9
    follows = stored_follows(store)
    assert {(src, dst) for net, src, dst in follows if dst == OWNER} == {
        (key, OWNER) for key in FOLLOWERS
    }
    # the viewer's ties hang on the placeholder account until `metanet me add` names it
    assert {src for _, src, dst in follows if dst == "~me"} == set(FOLLOWS_YOU)
