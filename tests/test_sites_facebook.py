"""Facebook: URL normaliser, page kinds, profile, friends lists and mutual friends.

The real 2017 m.facebook.com profiles and the 2017 people search are pinned in
tests/expected/facebook/ (tests/test_sites_real_pages.py). No real friends-list page
exists here: the fixtures in tests/fixtures/pages/facebook/ are built from Facebook's
documented and observed structure and say so in their header comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metanet import sites
from metanet.capture import Outcome, ingest
from metanet.model import AccountRef, PageKind
from metanet.sites import facebook
from metanet.sites.base import ParserError
from metanet.store import Store

HERE = Path(__file__).parent / "fixtures" / "pages" / "facebook"
ME = AccountRef.viewer("facebook")
ANNA = AccountRef("facebook", "annaschmidt1987")
ANNA_ID = "100012345678901"


def local(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


# --- normalise -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/anna.schmidt.1987",
        "https://www.facebook.com/anna.schmidt.1987/",
        "https://m.facebook.com/anna.schmidt.1987?fref=nf&refid=17",
        "https://mbasic.facebook.com/anna.schmidt.1987?__tn__=%2Cd-R&eid=x",
        "https://web.facebook.com/Anna.Schmidt.1987",
        "https://de-de.facebook.com/annaschmidt1987",  # dots do not count on Facebook
        "facebook.com/anna.schmidt.1987/friends",
        "https://www.facebook.com/anna.schmidt.1987/about",
    ],
)
def test_every_form_of_a_username_url_gives_one_key(url: str) -> None:
    assert facebook.normalise(url) == ANNA


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.facebook.com/profile.php?id={ANNA_ID}",
        f"https://m.facebook.com/profile.php?id={ANNA_ID}&refid=17&fref=fr_tab",
        f"https://www.facebook.com/profile.php?sk=friends&id={ANNA_ID}",
        f"https://www.facebook.com/people/Anna-Schmidt/{ANNA_ID}/",
        f"https://www.facebook.com/{ANNA_ID}",
    ],
)
def test_numeric_ids_are_kept_as_keys(url: str) -> None:
    assert facebook.normalise(url) == AccountRef("facebook", ANNA_ID)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/",
        "https://www.facebook.com/groups/12345",
        "https://www.facebook.com/photo.php?fbid=1",
        "https://www.facebook.com/profile.php",
        "https://www.facebook.com/profile.php?id=abc",
        "https://www.facebook.com/friends/list",
        "https://www.facebook.com/home.php",
        "https://www.facebook.com/hashtag/x",
        "https://www.facebook.com.evil.example/anna.schmidt.1987",
        "https://www.facebook.com/anna%20schmidt",
    ],
)
def test_non_profile_urls_have_no_key(url: str) -> None:
    assert facebook.normalise(url) is None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.facebook.com/anna.schmidt.1987", PageKind.PROFILE),
        (f"https://m.facebook.com/profile.php?id={ANNA_ID}", PageKind.PROFILE),
        ("https://www.facebook.com/anna.schmidt.1987/friends", PageKind.CONTACTS),
        (f"https://www.facebook.com/profile.php?id={ANNA_ID}&sk=friends", PageKind.CONTACTS),
        (f"https://mbasic.facebook.com/profile.php?v=friends&id={ANNA_ID}", PageKind.CONTACTS),
        ("https://www.facebook.com/anna.schmidt.1987/friends_mutual", PageKind.MUTUAL),
        (f"https://www.facebook.com/profile.php?id={ANNA_ID}&sk=friends_mutual", PageKind.MUTUAL),
        (f"https://mbasic.facebook.com/browse/mutual_friends/?uid={ANNA_ID}", PageKind.MUTUAL),
        ("https://www.facebook.com/friends/list", PageKind.CONTACTS),
        ("https://mbasic.facebook.com/friends/center/friends/?fb_ref=fbm", PageKind.CONTACTS),
        ("https://www.facebook.com/me/friends", PageKind.CONTACTS),
        ("https://www.facebook.com/anna.schmidt.1987/photos", None),
        ("https://www.facebook.com/friends/suggestions", None),  # suggestions: not handled
        ("https://www.facebook.com/search/str/rob+douglas/keywords_users", PageKind.SEARCH),
        ("https://m.facebook.com/groups/southamericansincomputing/", "group"),
        ("https://www.facebook.com/groups/123456/members", "group"),
        ("https://www.facebook.com/groups/southamericansincomputing/permalink/1/", None),
        ("https://www.facebook.com/browse/mutual_friends/?uid=x", None),
    ],
)
def test_detect_by_url(url: str, kind: str | None) -> None:
    assert facebook.detect(url, "") == kind


# --- profile ---------------------------------------------------------------------------


def test_profile_keeps_the_numeric_id_as_same_as() -> None:
    result = facebook.parse(
        "https://www.facebook.com/anna.schmidt.1987?fref=nf", local("profile-www.html")
    )
    assert (result.kind, result.accounts, result.ties) == (PageKind.PROFILE, [], [])
    owner = result.owner
    assert owner is not None
    assert (owner.key, owner.name, owner.profile_url, owner.photo_url, owner.same_as) == (
        "annaschmidt1987",
        "Anna Schmidt",
        "https://www.facebook.com/annaschmidt1987",
        "https://scontent.xx.fbcdn.net/v/t39.30808-1/anna.jpg",
        [f"https://www.facebook.com/profile.php?id={ANNA_ID}"],
    )


def test_profile_name_falls_back_to_the_heading_and_the_title() -> None:
    html = local("profile-www.html").replace('property="og:title"', 'property="x"')
    result = facebook.parse("https://www.facebook.com/anna.schmidt.1987", html)
    assert result.owner is not None and result.owner.name == "Anna Schmidt (Anni)"
    bare = "<html><head><title>(3) Anna Schmidt | Facebook</title></head><body></body></html>"
    result = facebook.parse("https://www.facebook.com/anna.schmidt.1987", bare)
    assert result.owner is not None and result.owner.name == "Anna Schmidt"


def test_a_login_wall_is_a_parser_error() -> None:
    html = "<html><head><title>Facebook</title></head><body><form>Log in</form></body></html>"
    with pytest.raises(ParserError):
        sites.parse_page("https://www.facebook.com/anna.schmidt.1987", html)


# --- friends lists ---------------------------------------------------------------------


def test_a_friends_friends_list_on_mbasic() -> None:
    """Anna's friends: ties from Anna (not from the viewer, whose link is in the header);
    the "see more" link is no person; the hostile name stays text."""
    result = facebook.parse(
        "https://mbasic.facebook.com/anna.schmidt.1987/friends?refid=17",
        local("friends-mbasic-friend.html"),
    )
    assert result.kind == PageKind.CONTACTS
    assert result.owner is not None and result.owner.ref == ANNA
    assert [(a.key, a.name, a.profile_url) for a in result.accounts] == [
        ("thomasmueller75", "Thomas Müller", "https://www.facebook.com/thomasmueller75"),
        (
            "100004444444444",
            "Mehmet Y\u0131lmaz",
            "https://www.facebook.com/profile.php?id=100004444444444",
        ),
        ("eveevil9", "<b>Eve</b> liveE", "https://www.facebook.com/eveevil9"),
    ]
    assert [(t.src, t.dst.key, t.kind, t.directed) for t in result.ties] == [
        (ANNA, "thomasmueller75", "friend", False),
        (ANNA, "100004444444444", "friend", False),
        (ANNA, "eveevil9", "friend", False),
    ]


def test_own_friends_list() -> None:
    result = facebook.parse("https://www.facebook.com/friends/list", local("friends-www-own.html"))
    assert (result.kind, result.owner) == (PageKind.CONTACTS, None)
    assert [(a.key, a.name) for a in result.accounts] == [
        ("thomasmueller75", "Thomas Müller"),
        ("100004444444444", "Mehmet Y\u0131lmaz"),
        ("annaschmidt1987", "Anna Schmidt"),
    ]
    assert [(t.src, t.dst.key) for t in result.ties] == [
        (ME, "thomasmueller75"),
        (ME, "100004444444444"),
        (ME, "annaschmidt1987"),
    ]


def test_mutual_friends_tie_both_sides_and_skip_suggestions() -> None:
    result = facebook.parse(
        "https://www.facebook.com/anna.schmidt.1987/friends_mutual",
        local("friends-mutual-www.html"),
    )
    assert result.kind == PageKind.MUTUAL
    assert [(a.key, a.name) for a in result.accounts] == [
        ("thomasmueller75", "Thomas Müller"),
        ("frankwagner9", "Frank Wagner"),
    ]
    assert [(t.src, t.dst.key) for t in result.ties] == [
        (ANNA, "thomasmueller75"),
        (ME, "thomasmueller75"),
        (ANNA, "frankwagner9"),
        (ME, "frankwagner9"),
    ]


def test_suggestions_inside_the_list_are_seen_not_tied() -> None:
    """A "People you may know" block inside the main region, and a pymk-marked link."""
    html = local("friends-www-own.html").replace(
        '<div role="main">',
        '<div role="main"><div aria-label="People you may know">'
        '<a href="https://www.facebook.com/sven.suggestion">Sven</a></div>'
        '<a href="https://www.facebook.com/pia.pymk?fref=pymk">Pia</a>',
    )
    html = html.replace('aria-label="All friends"', 'aria-label="Alle Freunde"')
    result = facebook.parse("https://www.facebook.com/friends/list", html)
    assert [(a.key, a.name) for a in result.accounts] == [
        ("svensuggestion", "Sven"),
        ("piapymk", "Pia"),
    ]
    assert result.ties == []


def test_mutual_friends_on_mbasic_by_uid() -> None:
    url = f"https://mbasic.facebook.com/browse/mutual_friends/?uid={ANNA_ID}"
    result = facebook.parse(url, local("friends-mbasic-friend.html"))
    assert result.kind == PageKind.MUTUAL
    assert result.owner is not None and result.owner.key == ANNA_ID
    assert len(result.ties) == 6


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body><p>Log in to continue</p></body></html>",
        '<html><body><div role="main"><a href="/friends/list">Friends</a></div></body></html>',
    ],
)
def test_a_friends_page_without_friends_is_a_parser_error(html: str) -> None:
    with pytest.raises(ParserError):
        sites.parse_page("https://www.facebook.com/anna.schmidt.1987/friends", html)


def test_a_truncated_friends_page_keeps_what_arrived() -> None:
    html = local("friends-mbasic-friend.html")
    cut = html[: html.index("Mehmet")]
    result = facebook.parse("https://mbasic.facebook.com/anna.schmidt.1987/friends", cut)
    assert [t.dst.key for t in result.ties] == ["thomasmueller75", "100004444444444"]


def test_mutual_friends_stored_through_capture(tmp_path: Path) -> None:
    store = Store(tmp_path / "metanet.db")
    url = "https://www.facebook.com/anna.schmidt.1987/friends_mutual"
    result = ingest(store, url, local("friends-mutual-www.html"))
    assert (result.outcome, result.site, result.kind, result.ties_seen) == (
        Outcome.STORED,
        "facebook",
        "mutual",
        4,
    )
    me = store.me()
    viewer = store.account(ME)
    anna = store.account(ANNA)
    assert me is not None and viewer is not None and anna is not None
    assert viewer["person_id"] == me["id"] and anna["person_id"] != me["id"]
    assert result.owner_account_id == anna["id"]
    again = ingest(store, url.replace("www.", "m."), local("friends-mutual-www.html"))
    assert again.owner_account_id == anna["id"]
    assert store.counts()["ties"] == 4
