"""GitHub: normaliser, page kinds, profile, followers tab, organisation people, hovercard.

The real pages (shared/fixtures/real/github/, see PROVENANCE.md: two profiles, 30 members
of dwyl, Deykun's hovercard) are pinned in tests/expected/github/. No real followers page
was available: tests/fixtures/pages/github/ holds pages written from GitHub's markup.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import sites
from metanet.capture import ingest
from metanet.model import AccountRef, PageKind, Reading
from metanet.sites import github
from metanet.sites.base import ParserError
from metanet.store import Store
from tests.sites_follow_support import huge_page, stored_follows, tie_pairs

RealFixture = Callable[[str], Path]
PAGES = Path(__file__).parent / "fixtures" / "pages" / "github"
OWNER = "ada-beispiel"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def real(real_fixture: RealFixture, name: str) -> str:
    return real_fixture(f"github/{name}").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/Ada-Beispiel",
        "http://www.github.com/ada-beispiel/",
        "github.com/ada-beispiel?tab=followers",
        "https://github.com/ada-beispiel?tab=repositories&q=x#top",
    ],
)
def test_every_form_of_a_profile_url_gives_one_key(url: str) -> None:
    assert github.normalise(url) == AccountRef("github", OWNER)
    assert sites.normalise(url) == AccountRef("github", OWNER)


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/orgs/dwyl/people",
        "https://github.com/settings/profile",
        "https://github.com/features",
        "https://github.com/topics/python",
        "https://github.com/ada-beispiel/some-repo",
        "https://github.com/-bad-",
        "https://github.com/",
        "https://gist.github.com/ada-beispiel",
    ],
)
def test_repositories_and_github_pages_are_not_users(url: str) -> None:
    assert github.normalise(url) is None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://github.com/ada-beispiel", PageKind.PROFILE),
        ("https://github.com/ada-beispiel?tab=repositories", PageKind.PROFILE),
        ("https://github.com/ada-beispiel?tab=followers", PageKind.FOLLOWERS),
        ("https://github.com/ada-beispiel?tab=following", PageKind.FOLLOWING),
        ("https://github.com/orgs/dwyl/people", github.ORG_PEOPLE),
        ("https://github.com/users/Deykun/hovercard", PageKind.PROFILE),
        ("https://github.com/ada-beispiel/repo", None),
    ],
)
def test_detect_names_the_page_kind(url: str, kind: str | None) -> None:
    assert github.detect(url, "") == kind


def test_profile_with_personal_links() -> None:
    result = sites.parse_page("https://github.com/Ada-Beispiel", page("profile-user.html"))
    assert result is not None and result.parser == "github" and result.kind == "profile"
    owner = result.owner
    assert owner is not None and owner.ref == AccountRef("github", OWNER)
    assert (owner.name, owner.headline, owner.company, owner.location) == (
        "Ada Beispiel",
        "Compilers, coffee.",
        "Beispiel GmbH",
        "Hamburg, Germany",
    )
    assert owner.photo_url == "https://avatars.githubusercontent.com/u/999001?v=4"
    assert owner.same_as == [
        "https://ada.example",
        "https://social.example/@ada",
        "https://www.linkedin.com/in/ada-beispiel",
    ]
    # the viewer in the page header is never read
    assert result.accounts == [] and result.ties == []


def test_a_page_describing_someone_else_is_a_parser_failure() -> None:
    with pytest.raises(ParserError):
        github.parse("https://github.com/someone-else", page("profile-user.html"))


def test_followers_tab() -> None:
    url = "https://github.com/ada-beispiel?tab=followers"
    result = sites.parse_page(url, page("followers-tab.html"))
    assert result is not None and result.kind == PageKind.FOLLOWERS
    assert result.owner is not None and result.owner.name == "Ada Beispiel"
    assert result.owner.photo_url is None  # a follower's avatar is not the owner's
    assert [(a.key, a.name, a.location) for a in result.accounts] == [
        ("brunok", "Bruno Keller", "Berlin"),
        ("carlar", None, None),
        ("dora-x", "<img src=x onerror=alert(1)> Dora D\u00f3ra", None),
    ]
    assert tie_pairs(result) == [("brunok", OWNER), ("carlar", OWNER), ("dora-x", OWNER)]


def test_following_tab_points_the_other_way() -> None:
    result = github.parse(
        "https://github.com/ada-beispiel?tab=following", page("followers-tab.html")
    )
    assert tie_pairs(result) == [(OWNER, "brunok"), (OWNER, "carlar"), (OWNER, "dora-x")]


def test_organisation_people_are_a_group_and_seen_accounts_without_ties(
    real_fixture: RealFixture,
) -> None:
    html = real(real_fixture, "org-people-list-dwyl-2024-github-usernames.html")
    result = sites.parse_page("https://github.com/orgs/dwyl/people", html)
    assert result is not None and result.kind == github.ORG_PEOPLE
    # Sharing an organisation is not knowing each other: no owner account, no ties; the
    # member list is kept as a group (later "circles").
    assert result.owner is None and result.ties == []
    assert [(group.key, len(group.members)) for group in result.groups] == [("dwyl", 30)]
    assert result.groups[0].members == [account.ref for account in result.accounts]


def test_a_user_page_in_an_unknown_layout_is_partly_read() -> None:
    html = "<html><head><title>Ada Beispiel (ada-beispiel) · GitHub</title></head><body>"
    result = github.parse("https://github.com/ada-beispiel", html)
    assert result.partly_read == Reading.UNKNOWN_LAYOUT
    assert result.owner is not None and result.owner.name == "Ada Beispiel (ada-beispiel)"


ROW = (
    '<div class="d-table"><a data-hovercard-type="user" href="/{u}">'
    '<span class="Link--primary">N</span></a></div>'
)


def test_truncated_and_empty_pages() -> None:
    html = page("followers-tab.html")
    cut = html[: html.index("/users/CarlaR/hovercard")]
    result = github.parse("https://github.com/ada-beispiel?tab=followers", cut)
    assert [a.key for a in result.accounts] == ["brunok"]
    with pytest.raises(ParserError):
        github.parse("https://github.com/ada-beispiel", "<html><body>rate limited")


def test_a_20_mb_page_is_bounded() -> None:
    rows = "".join(ROW.format(u=f"user{i}") for i in range(25))
    head = '<meta property="profile:username" content="owner">'
    html = huge_page(rows, head=head)
    started = time.monotonic()
    result = github.parse("https://github.com/owner?tab=followers", html)
    assert time.monotonic() - started < 30
    assert [a.key for a in result.accounts] == [f"user{i}" for i in range(25)]


def test_ingest_stores_directed_follows(tmp_path: Path) -> None:
    store = Store(tmp_path / "metanet.db")
    url = "https://github.com/ada-beispiel?tab=followers"
    captured = ingest(store, url, page("followers-tab.html"))
    assert (captured.outcome, captured.site, captured.kind) == ("stored", "github", "followers")
    assert stored_follows(store) == {
        ("github", "brunok", OWNER),
        ("github", "carlar", OWNER),
        ("github", "dora-x", OWNER),
    }


def test_an_open_hovercard_over_a_profile_does_not_change_whose_profile_it_is(
    real_fixture: RealFixture,
) -> None:
    # The extension captures the live DOM: a hovercard the user left open is part of it.
    hovercard = real(real_fixture, "user-hovercard-2024-github-usernames.html")
    html = page("profile-user.html").replace("</main>", hovercard + "</main>")
    result = github.parse("https://github.com/ada-beispiel", html)
    assert result.owner is not None and result.owner.key == OWNER
    assert result.owner.name == "Ada Beispiel"
