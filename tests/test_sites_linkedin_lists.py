"""LinkedIn lists: My Network → Connections, a member's connections, shared connections,
people searches. What each real page yields at its own address is pinned in
tests/expected/linkedin/ (tests/test_sites_real_pages.py); here are the same pages at
other list addresses, the hand-built ones in tests/fixtures/pages/linkedin/, and storing.

Why each real page gives the ties it gives:

- connections-list-2025-brocc.html is the capturing user's own "Connections" page: every
  card is a first-degree connection of the viewer, so 10 viewer ties, nothing else.
- search-people-with-mutual-connections-2025-brocc.html is a people search (all results
  "• 2nd"). Captured at a plain search URL, the results are strangers matched by words:
  seen accounts, no ties. But each result names two "mutual connections" (linked by
  URN): LinkedIn states that each of them is connected to both the viewer and that
  result, so those pairs are ties. Captured at a shared-connections URL
  (connectionOf=X, network=F), the "2nd" badges contradict the first-degree filter, so
  the results get no ties from either side; with the badges saying "1st" they would be
  shared connections of the viewer and X.
- search-people-shared-connections-2018-linkedinonymous.html is a 2018 people search: 5
  rendered results (keys are member URNs), all "2nd", no named mutual connections with
  profile links (only a face pile of photos): seen accounts, no ties; the face pile's
  names and "9 shared connections" are kept as what the page says is shared.
- search-people-loggedin-2017-robdouglas-skopenow.html is an "All" search whose markup is
  an empty shell: its one result comes from the embedded Voyager data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import sites
from metanet.capture import Outcome, ingest
from metanet.model import VIEWER_KEY, AccountRef, PageKind
from metanet.sites import linkedin, linkedin_lists, tree
from metanet.sites.base import ParserError
from metanet.sites.linkedin_lists import ListPage
from metanet.store import Store
from tests.db_support import raw

RealFixture = Callable[[str], Path]
HERE = Path(__file__).parent / "fixtures" / "pages" / "linkedin"
CONNECTIONS_URL = "https://www.linkedin.com/mynetwork/invite-connect/connections/"
SEARCH_URL = "https://www.linkedin.com/search/results/people/?keywords=engineer&origin=GLOBAL"
ROB = "ACoAAAwyvpsBdVfk2kwZzamQtesKhd23iQB_i1w"  # Rob Cheung, named on the 2025 search page
SHARED_URL = (
    "https://www.linkedin.com/search/results/people/?facetNetwork=%5B%22F%22%5D"
    f"&facetConnectionOf=%5B%22{ROB}%22%5D&origin=MEMBER_PROFILE_CANNED_SEARCH"
)
CONNECTIONS_OF_URL = (
    f"https://www.linkedin.com/search/results/people/?connectionOf=%5B%22{ROB}%22%5D"
    "&network=%5B%22S%22%2C%22O%22%5D"
)
ME = AccountRef.viewer("linkedin")


def real(real_fixture: RealFixture, name: str) -> str:
    return real_fixture(f"linkedin/{name}").read_text(encoding="utf-8")


def local(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def urn_url(urn: str) -> str:
    return f"https://www.linkedin.com/in/{urn}/"


# --- which list a URL is ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (CONNECTIONS_URL, ListPage(PageKind.CONTACTS)),
        ("https://de.linkedin.com/mynetwork/connections/?x=1", ListPage(PageKind.CONTACTS)),
        (SEARCH_URL, ListPage(PageKind.SEARCH)),
        (SHARED_URL, ListPage(PageKind.MUTUAL, ROB, first_degree=True)),
        (CONNECTIONS_OF_URL, ListPage(PageKind.CONTACTS, ROB)),
        # 2023+ spelling, unencoded, with the facet as a plain value
        (
            f'https://www.linkedin.com/search/results/people/?connectionOf=["{ROB}"]&network=["F"]',
            ListPage(PageKind.MUTUAL, ROB, first_degree=True),
        ),
        (
            f"https://www.linkedin.com/search/results/people/?facetConnectionOf={ROB}",
            ListPage(PageKind.CONTACTS, ROB),
        ),
        # a connectionOf that is no member URN, or two of them: a plain search
        (
            "https://www.linkedin.com/search/results/people/?connectionOf=%5B%22x%22%5D",
            ListPage(PageKind.SEARCH),
        ),
        (
            f'https://www.linkedin.com/search/results/people/?connectionOf=["{ROB}","{ROB}x"]',
            ListPage(PageKind.SEARCH),
        ),
    ],
)
def test_list_page_from_url(url: str, expected: ListPage) -> None:
    assert linkedin_lists.list_page(url) == expected
    assert linkedin.detect(url, "") == expected.kind


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/mynetwork/",
        "https://www.linkedin.com/mynetwork/invitation-manager/",
        "https://www.linkedin.com/search/results/companies/?keywords=x",
        "https://www.linkedin.com/in/someone/",
        "https://example.com/mynetwork/invite-connect/connections/",
    ],
)
def test_other_urls_are_no_lists(url: str) -> None:
    assert linkedin_lists.list_page(url) is None


# --- My Network → Connections ----------------------------------------------------------


def test_hostile_connections_page() -> None:
    """Markup-as-text and RTL overrides stay plain text; missing fields stay None; a
    repeated card counts once; a card without a profile link is skipped; the cut-off
    last card still counts (its link is complete)."""
    result = linkedin.parse(CONNECTIONS_URL, local("connections-hostile.html"))
    assert [
        (a.key, a.name, a.headline, a.photo_url is not None, a.same_as) for a in result.accounts
    ] == [
        (
            "mallory-x",
            "<b>Mallory</b> reppoH",
            "Head of <script>alert(1)</script> Research",
            True,
            [urn_url("ACoAAAmAlLoRyXXXXXXXXXXXXXXXXXXXXXXXXX1")],
        ),
        ("yasmin-haddad", "ياسمين Haddad", None, False, []),
        ("noname-person", "Jürgen Weiß", None, False, []),
        ("cut-off", "Cut Off", "Wr", False, []),
    ]
    assert [(t.src, t.dst.key) for t in result.ties] == [
        (ME, "mallory-x"),
        (ME, "yasmin-haddad"),
        (ME, "noname-person"),
        (ME, "cut-off"),
    ]


def test_ember_connections_page() -> None:
    """The older layout: three cards; the "People you may know" aside is not read."""
    result = linkedin.parse(CONNECTIONS_URL, local("connections-ember-2020.html"))
    assert [(a.key, a.name, a.headline, a.same_as) for a in result.accounts] == [
        (
            "anna-schmidt-1987",
            "Anna Schmidt",
            "Prokuristin bei Berger Maschinenbau GmbH",
            [urn_url("ACoAABbbbbbbBBBBBBBBBBBBBBBBBBBBBBBBBBB")],
        ),
        ("thomas-mueller", "Thomas Müller", "Vertriebsleiter", []),
        (
            "mehmet-yilmaz-b1a2c3",
            "Mehmet Y\u0131lmaz",  # dotless i
            None,
            [urn_url("ACoAACcccccccCCCCCCCCCCCCCCCCCCCCCCCCCCC")],
        ),
    ]
    assert {t.dst.key for t in result.ties} == {a.key for a in result.accounts}
    assert all(t.src == ME for t in result.ties)


def test_a_page_with_both_card_structures_reads_both() -> None:
    """A page mid-way between the layouts (a 2025 card before the Ember list) loses no
    card: the Ember query is skipped only where its class does not occur."""
    card_2025 = (
        '<div data-view-name="connections-list"><div>'
        '<a data-view-name="connections-profile" href="https://www.linkedin.com/in/ann-a/">'
        '<p><a href="https://www.linkedin.com/in/ann-a/">Ann A</a></p></a></div></div>'
    )
    html = local("connections-ember-2020.html").replace("<body>", "<body>" + card_2025, 1)
    result = linkedin.parse(CONNECTIONS_URL, html)
    assert [a.name for a in result.accounts] == [
        "Ann A", "Anna Schmidt", "Thomas Müller", "Mehmet Y\u0131lmaz"
    ]  # fmt: skip


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body><h1>Sign in to LinkedIn</h1></body></html>",
        # the container is there but LinkedIn changed the cards: a failure, not zero people
        '<div componentkey="ConnectionsPage_ConnectionsList"><div data-view-name="x">'
        '<a href="/in/a/">A</a></div></div>',
        "\x00\x00\x00",
    ],
)
def test_a_connections_page_without_cards_is_a_parser_error(html: str) -> None:
    assert linkedin.detect(CONNECTIONS_URL, html) == PageKind.CONTACTS
    with pytest.raises(ParserError):
        sites.parse_page(CONNECTIONS_URL, html)


# --- searches --------------------------------------------------------------------------

SEARCH_2025 = [
    (
        "sikailee",
        "Si Kai Lee",
        "Data Scientist @ Gaimin | ex-PhD -> MA Statistics and Data Science + MS Computer Science",
        "New York City Metropolitan Area",
        "ACoAABiVqgQBIwh7moen_LASzM1cVEVLdb77xYQ",
    ),
    (
        "jake-nyquist",
        "Jake Nyquist",
        "Head of Protocol at Caldera",
        "New York, NY",
        "ACoAABaSY_oBGINDHOnXNRkd796wMm7bvRToDtk",
    ),
    (
        "dylansherry",
        "Dylan Sherry",
        "Engineering Leader",
        "New York City Metropolitan Area",
        "ACoAAAKB2O4BXuP7rWMh2sNI-bedafLBo52XNyg",
    ),
    (
        "panjoseph67",
        "Joseph Pan",
        "CS Undergraduate at Rensselaer Polytechnic Institute",
        "Queens, NY",
        "ACoAADxQU7EBgAWq8I7ce7B5PfoIawgWbNOseKI",
    ),
    (
        "sidharthshanker",
        "Sidharth Shanker",
        "Software Engineer at Baseten",
        "Brooklyn, NY",
        "ACoAAAeJE7ABL5mGdhPkSQ5URfw_opkXZmRzGA0",
    ),
    (
        "maja-milinkovic",
        "Maja Milinkovic",
        "Software Engineer - Machine Learning Platform",
        "Brooklyn, NY",
        "ACoAACJvMNcBXj2d5dGHHc5s0uws3TySrkpNZp0",
    ),
    (
        "jeremiahr",
        "Jeremiah Rogers",
        "Full-stack ML & data systems builder | Experience from seed stage to IPO | "
        "Ex-Meta, Flexport, Fin, & others",
        "New York, NY",
        "ACoAAABUTWYBAqRZGTJUuyB9a4gN9V-GP7MR7ag",
    ),
    (
        "aj-ding-90826856",
        "AJ Ding",
        "Founder | Building great software for SMBs",
        "New York, NY",
        "ACoAAAvI2RgBe-vYNJIr2Qefiv6n_Aql5q9jDUk",
    ),
    (
        "andriymulyar",
        "Andriy Mulyar",
        "Founder & CEO @ Nomic",
        "New York, NY",
        "ACoAABngBcQBEF5cgDcNVbO7-HQbPSup3TdEWXU",
    ),
    (
        "dseeto",
        "David Seeto",
        "Passionate About Building",
        "New York, NY",
        "ACoAAAa9BrMBrzJ4R9JUdi98UCDp-Igz0EUrtW0",
    ),
]


def test_shared_connections_search_contradicted_by_badges_gives_no_result_ties(
    real_fixture: RealFixture,
) -> None:
    html = real(real_fixture, "search-people-with-mutual-connections-2025-brocc.html")
    result = linkedin.parse(SHARED_URL, html)
    assert result.kind == PageKind.MUTUAL
    assert result.owner is not None
    assert (result.owner.key, result.owner.profile_url) == (ROB, urn_url(ROB))
    result_keys = {key for key, *_ in SEARCH_2025}
    assert not [t for t in result.ties if t.dst.key in result_keys or t.src.key == ROB]


def test_shared_connections_search_with_first_degree_results(real_fixture: RealFixture) -> None:
    """The same page as if LinkedIn had shown first-degree results: each is a shared
    connection, tied to both the viewer and Rob (keyed by his URN from the URL)."""
    html = real(real_fixture, "search-people-with-mutual-connections-2025-brocc.html")
    result = linkedin.parse(SHARED_URL, html.replace("• 2nd", "• 1st"))
    result_ties = [
        (t.src.key, t.dst.key) for t in result.ties if t.dst.key in {k for k, *_ in SEARCH_2025}
    ]
    assert result_ties == [(src, key) for key, *_ in SEARCH_2025 for src in (ROB, VIEWER_KEY)]


def test_connections_of_a_member_tie_that_member_only(real_fixture: RealFixture) -> None:
    html = real(real_fixture, "search-people-with-mutual-connections-2025-brocc.html")
    result = linkedin.parse(CONNECTIONS_OF_URL, html)
    assert result.kind == PageKind.CONTACTS
    from_rob = [t.dst.key for t in result.ties if t.src.key == ROB]
    assert from_rob == [key for key, *_ in SEARCH_2025]
    viewer_to_results = [t for t in result.ties if t.src == ME and t.dst.key in from_rob]
    assert viewer_to_results == []  # "2nd" badges: not the viewer's connections


def test_a_search_page_without_results_is_a_parser_error() -> None:
    with pytest.raises(ParserError):
        linkedin.parse(SEARCH_URL, "<html><body><main>No results found</main></body></html>")


# --- through the store -----------------------------------------------------------------


def test_connections_page_is_stored_as_the_users_first_degree(
    tmp_path: Path, real_fixture: RealFixture
) -> None:
    """Through capture.ingest on a real database: the ties hang on the user's own account
    (a placeholder of the person *me* until the user names it), and a later, partial
    capture adds what is new without removing anything."""
    store = Store(tmp_path / "metanet.db")
    first = ingest(store, CONNECTIONS_URL, real(real_fixture, "connections-list-2025-brocc.html"))
    assert (first.outcome, first.kind, first.ties_seen) == (Outcome.STORED, "contacts", 10)
    me = store.me()
    assert me is not None
    viewer = store.account(ME)
    assert viewer is not None and viewer["person_id"] == me["id"]
    second = ingest(store, CONNECTIONS_URL, local("connections-hostile.html"))
    assert second.ties_seen == 4
    db = raw(store)
    rows = db.execute(
        "select count(*) from ties where src_account_id = ? or dst_account_id = ?",
        [viewer["id"], viewer["id"]],
    ).fetchone()
    assert rows[0] == 14
    kenaizawa = store.account(AccountRef("linkedin", "kenaizawa"))
    assert kenaizawa is not None
    assert store.account_links(kenaizawa["id"]) == [
        urn_url("ACoAABfOTBcBBdx0NVHTz0TfZmiuyJ7LEN1GS3E")
    ]


CARD_VARIANTS = [
    # the real card's shape: one paragraph with the name link, the headline after it
    '<p><a href="/in/ann-a/">Ann A</a></p><span></span><p>Head of Sales</p>',
    # no name paragraph: no headline
    '<a href="/in/ann-a/">Ann A</a><p>Head of Sales</p>',
    # the name paragraph last: nothing after it
    "<p>Head of Sales</p><p><a href='/in/ann-a/'>Ann A</a></p>",
    # an empty paragraph after the name: the next one's text is not read
    '<p><a href="/in/ann-a/">Ann A</a></p><p> </p><p>Head of Sales</p>',
    # several paragraphs hold links, nested so that their order is not their links'
    '<div><p><b><a href="/x">x</a></b><a href="/in/ann-a/">Ann</a></p><p>first</p></div>'
    '<p><a href="/in/ann-a/">Ann A</a></p><p>second</p>',
    # the first name paragraph's next paragraph comes after the second one's
    '<p><a href="/in/ann-a/">Ann A</a></p><div><p><a href="/in/ann-a/">Ann</a></p>'
    "<p>inner</p></div><p>outer</p>",
    # links in several paragraphs, empty ones first
    '<p><a href="/in/ann-a/"> </a></p><p></p><p><a href="/in/ann-a/">Ann A</a></p><p>third</p>',
]


@pytest.mark.parametrize("inner", CARD_VARIANTS)
def test_a_card_is_read_as_its_queries_read_it(inner: str) -> None:
    """The card's links are read once: name, headline, photo and URN are what the
    per-card queries give (``.//p/a``, ``.//p[a]/following-sibling::p[1]``, the first
    picture in a profile link, the Message link's URN)."""
    urn = "ACoAABfOTBcBBdx0NVHTz0TfZmiuyJ7LEN1GS3E"
    html = (
        '<div data-view-name="connections-list"><div>'
        '<a data-view-name="connections-profile" href="https://www.linkedin.com/in/ann-a/">'
        '<span></span></a><a data-view-name="connections-profile" href="/in/ann-a/">'
        '<img src="https://media.licdn.com/dms/image/p/1"></a>'
        f"{inner}<a href='/messaging/compose/?recipient={urn}'>Message</a></div></div>"
    )
    item = tree.first(tree.load_tree(html, "test"), '//*[@data-view-name="connections-list"]/div')
    [card] = linkedin.parse(CONNECTIONS_URL, html).accounts
    assert card.name == tree.first_text(item, ".//p/a")
    assert card.headline == tree.first_text(item, ".//p[a]/following-sibling::p[1]")
    assert card.photo_url == "https://media.licdn.com/dms/image/p/1"
    assert card.aliases == [urn]
