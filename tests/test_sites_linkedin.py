"""LinkedIn: URL normaliser, page detection, and how profiles are read (behaviour that is
not one page's expected result).

What each real page yields is pinned in tests/expected/linkedin/ and checked, on the saved
page and on the browser's DOM, by tests/test_sites_real_pages.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import sites
from metanet.model import AccountRef, PageKind, ParseResult, Reading
from metanet.sites import linkedin, linkedin_asides, linkedin_urls, tree
from metanet.sites.base import ParserError

RealFixture = Callable[[str], Path]
SCOUTR = "eduardo-alvarez-nowak"


def read(real_fixture: RealFixture, name: str) -> str:
    return real_fixture(f"linkedin/{name}").read_text(encoding="utf-8")


# --- normalise -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://se.linkedin.com/in/Eduardo-Alvarez-Nowak/?trk=public_profile_browsemap-profile",
        "http://www.linkedin.com/in/eduardo-alvarez-nowak",
        "https://www.linkedin.com/in/eduardo-alvarez-nowak/",
        "linkedin.com/in/eduardo-alvarez-nowak/de",
        "www.linkedin.com/in/eduardo-alvarez-nowak/en-us/",
        "//www.linkedin.com/in/eduardo-alvarez-nowak",
        "https://www.linkedin.com/in/eduardo-alvarez-nowak/details/experience/",
        "https://www.linkedin.com/in/eduardo-alvarez-nowak/overlay/contact-info/",
        "https://www.linkedin.com/in/eduardo-alvarez-nowak/recent-activity/all/",
        "https://m.linkedin.com/in/eduardo-alvarez-nowak",
        "https://www.linkedin.com/mwlite/in/eduardo-alvarez-nowak",
        "https://www.linkedin.com/public-profile/in/eduardo-alvarez-nowak/",
        "https://de.linkedin.com/in/eduardo-alvarez-nowak?locale=de_DE#experience",
        "HTTPS://WWW.LINKEDIN.COM/IN/EDUARDO-ALVAREZ-NOWAK",
        "https://www.linkedin.com:443/in/eduardo-alvarez-nowak",
        "https://www.linkedin.com/in/%45duardo-%61lvarez-nowak",
        "https://www.linkedin.com./in/eduardo-alvarez-nowak",
        "  https://www.linkedin.com/in/eduardo-alvarez-nowak  ",
    ],
)
def test_every_form_of_a_profile_url_gives_one_key(url: str) -> None:
    assert linkedin.normalise(url) == AccountRef("linkedin", SCOUTR)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        # percent-encoded slugs are decoded, then lowercased (and NFC-normalised)
        (
            "https://ec.linkedin.com/in/roberto-andr%C3%A9s-noboa-g%C3%A1rate-1852a473?trk=x",
            "roberto-andrés-noboa-gárate-1852a473",
        ),
        (
            "https://www.linkedin.com/in/Thilde-Markstro%CC%88m-02a5192b7",
            "thilde-markström-02a5192b7",
        ),
        # member URNs are case-sensitive ids and keep their case
        (
            "https://www.linkedin.com/in/ACoAAAU5f0EBFYU9aWHwe0I4dWT3Km15smJbbMw/",
            "ACoAAAU5f0EBFYU9aWHwe0I4dWT3Km15smJbbMw",
        ),
        # old public URLs: /pub/<name>/<a>/<b>/<c> redirects to /in/<name>-<c><b><a>
        (
            "https://sy.linkedin.com/pub/krzysztof-marzec/a7/576/b50?trk=biz_employee_pub",
            "krzysztof-marzec-b50576a7",
        ),
        (
            "http://www.linkedin.com/pub/thomas-mcneill/5/518/9a1?trk=pub-pbmap",
            "thomas-mcneill-9a15185",
        ),
    ],
)
def test_special_profile_urls(url: str, key: str) -> None:
    assert linkedin.normalise(url) == AccountRef("linkedin", key)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/feed/",
        "https://www.linkedin.com/company/linkedin/",
        "https://www.linkedin.com/school/kth/",
        "https://www.linkedin.com/search/results/people/?keywords=jana",
        "https://www.linkedin.com/jobs/view/123/",
        "https://www.linkedin.com/mynetwork/invite-connect/connections/",
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/profile/view?id=123",
        "https://www.linkedin.com/pub/dir/Jeff/Weiner",
        # ambiguous old public URL: the first group may have lost a leading zero
        "http://www.linkedin.com/pub/tania-quesada/53/178/a7",
        "https://evil.example/in/eduardo-alvarez-nowak",
        "https://linkedin.com.evil.example/in/eduardo-alvarez-nowak",
        "https://notlinkedin.com/in/eduardo-alvarez-nowak",
        "ftp://www.linkedin.com/in/eduardo-alvarez-nowak",
        "javascript:alert(1)//www.linkedin.com/in/x",
        "https://www.linkedin.com/in/%E2%80%AEeduardo",  # right-to-left override
        "https://www.linkedin.com/in/edu%E2%80%8Bardo",  # zero-width space
        "https://www.linkedin.com/in/%ff%fe",  # not UTF-8
        "https://www.linkedin.com/in/eduardo alvarez",
        "",
    ],
)
def test_non_profile_urls_have_no_key(url: str) -> None:
    assert linkedin.normalise(url) is None


def test_the_plain_link_shortcut_keys_every_real_link_as_the_general_reading(
    real_fixture: RealFixture,
) -> None:
    """``normalise`` reads ``https://www.linkedin.com/in/<slug>/`` without splitting the
    URL (most links of a 500-card list): it must give what :func:`member` gives, for every
    link on the real pages and for the forms around the shortcut's edges."""
    links = [
        str(href)
        for path in sorted(
            real_fixture("linkedin/profile-public-2024-scoutr.html").parent.glob("*.html")
        )
        for href in tree.xpath(tree.load_tree(path.read_text(encoding="utf-8"), "t"), "//a/@href")
    ]
    links += [
        "https://www.linkedin.com/in/Ken-Aizawa/",
        "https://linkedin.com/in/ken_aizawa",
        "https://www.linkedin.com/in/ACoAAAU5f0EBFYU9aWHwe0I4dWT3Km15smJbbMw/?mini=1#x",
        "https://www.linkedin.com/in/ken//",
        "https://www.linkedin.com/in/ken/?",
        "https://www.linkedin.com/in/-/",
        "https://www.linkedin.com/in/" + "a" * 200 + "/",
        "https://www.linkedin.com/in/" + "a" * 201 + "/",
    ]
    plain = [link for link in links if linkedin_urls._PLAIN.fullmatch(link)]
    assert len(plain) > 20  # the shortcut is taken, on real links too
    for link in links:
        assert linkedin_urls.member(link) == linkedin_urls.member_of_path(link), link
        general = linkedin_urls.member_of_path(link)
        expected = AccountRef("linkedin", general[0]) if general else None
        assert linkedin.normalise(link) == expected, link


@pytest.mark.parametrize(
    "key",
    [SCOUTR, "roberto-andrés-noboa-gárate-1852a473", "ACoAAAU5f0EBFYU9aWHwe0I4dWT3Km15smJbbMw"],
)
def test_profile_url_round_trips(key: str) -> None:
    url = linkedin.profile_url(key)
    assert url.startswith("https://www.linkedin.com/in/") and url.endswith("/")
    assert linkedin.normalise(url) == AccountRef("linkedin", key)


def test_registry_keys_linkedin_urls_before_the_generic_parser() -> None:
    assert sites.normalise("https://se.linkedin.com/in/Eduardo-Alvarez-Nowak/") == AccountRef(
        "linkedin", SCOUTR
    )
    assert sites.normalise("https://www.linkedin.com/feed/") == AccountRef(
        "web", "https://linkedin.com/feed"
    )


# --- real pages ------------------------------------------------------------------------


def parse_real(real_fixture: RealFixture, name: str, url: str) -> ParseResult:
    return linkedin.parse(url, read(real_fixture, name))


def test_logged_in_owner_is_the_profile_never_the_viewer(real_fixture: RealFixture) -> None:
    # The navigation bar shows the viewer ("Ben Guo"); the owner is the top card's member,
    # even when the page was captured at another member's URL (or a member URN).
    html = read(real_fixture, "profile-loggedin-2025-brocc.html")
    assert 'alt="Ben Guo"' in html
    result = linkedin.parse("https://www.linkedin.com/in/someone-else/", html)
    assert result.owner is not None
    assert (result.owner.key, result.owner.name) == ("robertkcheung", "Rob Cheung")
    assert all(account.name != "Ben Guo" for account in result.accounts)
    urn_url = "https://www.linkedin.com/in/ACoAABS9BdoBSJFfAvbRCM0dr7lB5Eggww93Ld0/"
    scoutr = linkedin.parse(urn_url, read(real_fixture, "profile-loggedin-2024-scoutr.html"))
    assert scoutr.owner is not None and scoutr.owner.key == SCOUTR


def test_the_owner_comes_from_the_pages_data_when_the_markup_changes(
    real_fixture: RealFixture,
) -> None:
    """Meaning, not nesting: with every top-card class renamed, the logged-in page still
    names its owner through its embedded Voyager data (slug, URN, name, headline)."""
    html = read(real_fixture, "profile-loggedin-2025-brocc.html")
    renamed = html.replace("pv-top-card", "xx-renamed").replace("<h1", "<h2")
    result = linkedin.parse("https://www.linkedin.com/in/robertkcheung/", renamed)
    assert result.partly_read is None
    owner = result.owner
    assert owner is not None
    assert (owner.key, owner.name, owner.headline, owner.location) == (
        "robertkcheung",
        "Rob Cheung",
        "Co-Founder \uaa5cSubstrate",
        "Brooklyn, New York, United States",
    )
    assert owner.aliases == ["ACoAAAwyvpsBdVfk2kwZzamQtesKhd23iQB_i1w"]


def test_an_unknown_layout_is_partly_read_from_the_pages_metadata() -> None:
    """A profile in markup no generation here knows: the owner from OpenGraph or the
    title, marked partly read, never a parser failure while a name is on the page."""
    url = "https://www.linkedin.com/in/jana-novak/"
    html = (
        "<html><head><title>(3) Jana Novák | LinkedIn</title></head>"
        "<body><main><div class='new-2030-card'>Jana Novák</div></main></body></html>"
    )
    result = linkedin.parse(url, html)
    assert result.partly_read == Reading.UNKNOWN_LAYOUT
    assert result.owner is not None
    assert (result.owner.key, result.owner.name) == ("jana-novak", "Jana Novák")
    assert result.accounts == [] and result.ties == []


@pytest.mark.parametrize(
    ("fixture", "url", "kind"),
    [
        (
            "connections-list-2025-brocc.html",
            "https://www.linkedin.com/mynetwork/invite-connect/connections/",
            PageKind.CONTACTS,
        ),
        (
            "search-people-with-mutual-connections-2025-brocc.html",
            "https://www.linkedin.com/search/results/people/?network=%5B%22S%22%5D",
            PageKind.SEARCH,
        ),
        (
            "search-people-shared-connections-2018-linkedinonymous.html",
            "https://www.linkedin.com/search/results/people/?facetNetwork=%5B%22F%22%5D",
            PageKind.SEARCH,
        ),
    ],
)
def test_lists_and_searches_are_not_reported_as_profiles(
    fixture: str, url: str, kind: str, real_fixture: RealFixture
) -> None:
    """List pages go to the list parser (tests/test_sites_linkedin_lists.py), never to the
    profile parser: no owner is read from them."""
    html = read(real_fixture, fixture)
    assert linkedin.detect(url, html) == kind
    result = linkedin.parse(url, html)
    assert (result.kind, result.owner) == (kind, None)


def test_profile_sub_pages_are_left_alone(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "profile-loggedin-2024-scoutr.html")
    url = "https://www.linkedin.com/in/eduardo-alvarez-nowak/details/experience/"
    assert linkedin.detect(url, html) is None
    assert (
        linkedin.detect("https://www.linkedin.com/in/eduardo-alvarez-nowak/de/", html) == "profile"
    )


# --- hostile and broken variants -------------------------------------------------------


def test_a_profile_url_without_a_profile_is_a_parser_error() -> None:
    url = "https://www.linkedin.com/in/eduardo-alvarez-nowak/"
    html = "<html><body><h1>Sign in to LinkedIn</h1></body></html>"
    assert linkedin.detect(url, html) == "profile"
    with pytest.raises(ParserError):
        sites.parse_page(url, html)
    with pytest.raises(ParserError):
        linkedin.parse(url, "")


def test_truncated_pages(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "profile-loggedin-2025-brocc.html")
    url = "https://www.linkedin.com/in/robertkcheung/"
    cut_after_top_card = linkedin.parse(url, html[:450_000])
    assert cut_after_top_card.owner is not None
    assert cut_after_top_card.owner.name == "Rob Cheung"
    assert cut_after_top_card.partly_read is None
    assert len(cut_after_top_card.accounts) < 14
    # Cut before the owner's data and the top card: the title still names him.
    cut_early = linkedin.parse(url, html[:300_000])
    assert cut_early.partly_read == Reading.UNKNOWN_LAYOUT
    assert cut_early.owner is not None and cut_early.owner.name == "Rob Cheung"
    with pytest.raises(ParserError):  # nothing names anybody: a failure, never "nobody"
        linkedin.parse(url, html[: html.index("<title>")])


def test_hostile_names_come_out_as_plain_single_line_text(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "profile-public-2016-jeffweiner08.html")
    html = html.replace(
        "Jeff Weiner</h1>",
        "\u202eJe\u200bff\u2066 &lt;b&gt;W&lt;/b&gt;\u2069<img src=x onerror=alert(1)>"
        "<script>alert(2)</script>\n\teiner\x07</h1>",
        1,
    )
    result = linkedin.parse("https://www.linkedin.com/in/jeffweiner08", html)
    assert result.owner is not None
    assert result.owner.name == "Jeff <b>W</b> einer"


def test_not_found_needs_the_structure_not_the_words(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "profile-public-2016-jeffweiner08.html")
    html = html.replace("CEO at LinkedIn", "page-not-found__headline public_profile_not-found", 1)
    result = linkedin.parse("https://www.linkedin.com/in/jeffweiner08", html)
    assert result.kind == "profile"
    assert result.owner is not None and result.owner.key == "jeffweiner08"


def test_own_websites_become_same_as(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "profile-public-2016-jeffweiner08.html")
    result = linkedin.parse("https://www.linkedin.com/in/jeffweiner08", html)
    assert result.owner is not None and result.owner.same_as == []  # "Company Website"
    html = html.replace("Company Website", "Personal Website", 1)
    result = linkedin.parse("https://www.linkedin.com/in/jeffweiner08", html)
    assert result.owner is not None and result.owner.same_as == ["http://www.linkedin.com/"]


def test_a_huge_page_is_bounded(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "profile-public-2016-jeffweiner08.html")
    card = (
        '<li class="profile-card"><a href="https://www.linkedin.com/in/m{0}">'
        '<div class="info"><h4>Member {0}</h4></div></a></li>'
    )
    filler = "".join(card.format(index) for index in range(200_000))  # about 20 MB
    huge = html.replace("</body>", f"<ul>{filler}</ul></body>", 1)
    assert len(huge) > 20_000_000
    started = time.perf_counter()
    result = linkedin.parse("https://www.linkedin.com/in/jeffweiner08", huge)
    assert time.perf_counter() - started < 30  # measured ~3 s; guards against blow-ups
    assert result.owner is not None and result.owner.name == "Jeff Weiner"
    assert len(result.accounts) <= linkedin_asides.MAX_SEEN


def test_a_300_kb_page_parses_quickly(real_fixture: RealFixture) -> None:
    html = read(real_fixture, "profile-public-2024-scoutr.html")
    url = "https://se.linkedin.com/in/eduardo-alvarez-nowak"
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        linkedin.parse(url, html)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.5  # measured ~60 ms; a loose guard, not a benchmark


def test_one_member_one_account_the_profile_reports_the_urn_lists_use(
    real_fixture: RealFixture,
) -> None:
    """A search names Rob Cheung by member URN only; his profile page is keyed by his
    slug and reports that URN as an alias, so the two can be one account."""
    search = linkedin.parse(
        "https://www.linkedin.com/search/results/people/?keywords=engineer",
        read(real_fixture, "search-people-with-mutual-connections-2025-brocc.html"),
    )
    rob_in_search = [a for a in search.accounts if a.name == "Rob Cheung"]
    assert [a.key for a in rob_in_search] == ["ACoAAAwyvpsBdVfk2kwZzamQtesKhd23iQB_i1w"]
    profile = parse_real(
        real_fixture,
        "profile-loggedin-2025-brocc.html",
        "https://www.linkedin.com/in/robertkcheung/",
    )
    assert profile.owner is not None and profile.owner.key == "robertkcheung"
    assert rob_in_search[0].ref in profile.owner.refs
    # a card that links a slug and carries the URN reports both
    assert all(a.aliases and a.aliases[0].startswith("ACoAA") for a in search.accounts[:10])
