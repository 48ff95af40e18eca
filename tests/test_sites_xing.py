"""XING: URL normaliser, page kinds, the real profile page and contact lists.

The profile expectations come from the real page shared/fixtures/real/xing/
profile-cv-loggedin-ru-dennisd1.html (see PROVENANCE.md). No real contact-list page
exists here: the list fixtures in tests/fixtures/pages/xing/ are built from XING's
observed markup and say so in their header comments.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metanet import sites
from metanet.capture import Outcome, ingest
from metanet.model import AccountRef, PageKind
from metanet.sites import xing
from metanet.sites.base import ParserError
from metanet.store import Store
from tests.db_support import raw

RealFixture = Callable[[str], Path]
HERE = Path(__file__).parent / "fixtures" / "pages" / "xing"
ME = AccountRef.viewer("xing")
MAX = AccountRef("xing", "max_mustermann")
OWN_LIST = "https://www.xing.com/contacts/contacts?page=1&initial=&order_by=last_name"
MAX_LIST = "https://www.xing.com/profile/Max_Mustermann/contacts"


def local(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


# --- normalise -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.xing.com/profile/Max_Mustermann",
        "https://www.xing.com/profile/Max_Mustermann/",
        "https://www.xing.com/profile/Max_Mustermann/cv",
        "https://www.xing.com/profile/Max_Mustermann/contacts",
        "https://www.xing.com/profile/Max_Mustermann?sc_o=da980_e&sc_p=x",
        "xing.com/profile/max_mustermann/cv",
        "http://m.xing.com/profile/Max_Mustermann",
        "https://www.xing.com/profile/Max%5FMustermann",
    ],
)
def test_every_form_of_a_profile_url_gives_one_key(url: str) -> None:
    assert xing.normalise(url) == MAX


@pytest.mark.parametrize(
    "url",
    [
        "https://www.xing.com/profile/my_profile",  # the viewer's alias, not an account
        "https://www.xing.com/profile/badges/basic",
        "https://www.xing.com/profile/",
        "https://www.xing.com/companies/acme",
        "https://www.xing.com/contacts/contacts",
        "https://www.xing.com.evil.example/profile/Max_Mustermann",
        "ftp://www.xing.com/profile/Max_Mustermann",
        "https://www.xing.com/profile/Max%20Mustermann",
        "https://www.xing.com/profile/%ff",
    ],
)
def test_non_profile_urls_have_no_key(url: str) -> None:
    assert xing.normalise(url) is None


def test_anonymised_page_names_are_keys() -> None:
    assert xing.normalise("https://www.xing.com/profile/-_-3319/cv") == AccountRef(
        "xing", "-_-3319"
    )


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.xing.com/profile/Max_Mustermann", PageKind.PROFILE),
        ("https://www.xing.com/profile/Max_Mustermann/cv", PageKind.PROFILE),
        (MAX_LIST, PageKind.CONTACTS),
        (MAX_LIST + "?tab=shared", PageKind.MUTUAL),
        ("https://www.xing.com/profile/Max_Mustermann/contacts/shared", PageKind.MUTUAL),
        ("https://www.xing.com/profile/Max_Mustermann/shared_contacts", PageKind.MUTUAL),
        (OWN_LIST, PageKind.CONTACTS),
        ("https://www.xing.com/contacts", PageKind.CONTACTS),
        ("https://www.xing.com/app/contact", PageKind.CONTACTS),
        ("https://www.xing.com/profile/my_profile/contacts", PageKind.CONTACTS),
        ("https://www.xing.com/app/contact?op=toconfirm", None),  # requests, not contacts
        ("https://www.xing.com/contacts/recommendations", None),  # suggestions
        ("https://www.xing.com/profile/Max_Mustermann/groups", None),
        ("https://www.xing.com/jobs/search?keywords=x", None),
    ],
)
def test_detect_by_url(url: str, kind: str | None) -> None:
    assert xing.detect(url, "") == kind


# --- the real profile page -------------------------------------------------------------


def test_real_profile_owner_is_the_page_not_the_viewer(real_fixture: RealFixture) -> None:
    """The canonical link names the owner; ``xing.user`` (id 27053541) is the viewer and
    is not used; the "nobody" silhouette and the "---" company are no data."""
    html = real_fixture("xing/profile-cv-loggedin-ru-dennisd1.html").read_text(encoding="utf-8")
    url = "https://www.xing.com/profile/-_-3319/cv?sc_o=p2786_ns"
    assert xing.detect(url, html) == PageKind.PROFILE
    result = xing.parse(url, html)
    assert (result.kind, result.accounts, result.ties) == (PageKind.PROFILE, [], [])
    owner = result.owner
    assert owner is not None
    assert (
        owner.key,
        owner.profile_url,
        owner.name,
        owner.headline,
        owner.company,
        owner.location,
        owner.photo_url,
    ) == (
        "-_-3319",
        "https://www.xing.com/profile/-_-3319",
        "Денис Дидковский",
        "Служащий",
        None,
        "Moscow, Российская Федерация",
        None,
    )
    assert "27053541" not in repr(result)


def test_a_profile_without_a_name_is_a_parser_error() -> None:
    with pytest.raises(ParserError):
        sites.parse_page(
            "https://www.xing.com/profile/Max_Mustermann", "<html><body>Login</body></html>"
        )


# --- contact lists ---------------------------------------------------------------------


def test_own_contacts_list() -> None:
    """Three contacts, each tied to the viewer; the contact suggestion is a seen account;
    the viewer's own card in the header is neither."""
    result = xing.parse(OWN_LIST, local("contacts-own-classic.html"))
    assert (result.kind, result.owner) == (PageKind.CONTACTS, None)
    assert [
        (a.key, a.name, a.headline, a.company, a.location, a.photo_url, a.profile_url)
        for a in result.accounts
    ] == [
        (
            "thomas_mueller12",
            "Thomas Müller",
            "Vertriebsleiter",
            "Acme GmbH",
            "Stuttgart",
            "https://www.xing.com/image/1_2_3_thomas.64x64.jpg",
            "https://www.xing.com/profile/Thomas_Mueller12",
        ),
        (
            "anna_schmidt3",
            "Anna Schmidt",
            "Prokuristin",
            None,
            None,
            None,
            "https://www.xing.com/profile/Anna_Schmidt3",
        ),
        (
            "dr_katharina_berger",
            "Dr. Katharina Berger",
            None,
            None,
            None,
            None,
            "https://www.xing.com/profile/Dr_Katharina_Berger",
        ),
        (
            "sven_suggestion",
            "Sven Suggestion",
            None,
            None,
            None,
            None,
            "https://www.xing.com/profile/Sven_Suggestion",
        ),
    ]
    assert [(t.src, t.dst.key, t.kind, t.directed) for t in result.ties] == [
        (ME, "thomas_mueller12", "contact", False),
        (ME, "anna_schmidt3", "contact", False),
        (ME, "dr_katharina_berger", "contact", False),
    ]


def test_a_members_contacts_list() -> None:
    result = xing.parse(MAX_LIST, local("contacts-member-classic.html"))
    assert result.kind == PageKind.CONTACTS
    assert result.owner is not None
    assert (result.owner.key, result.owner.name, result.owner.profile_url) == (
        "max_mustermann",
        "Max Mustermann",
        "https://www.xing.com/profile/Max_Mustermann",
    )
    assert [(a.key, a.headline, a.company) for a in result.accounts] == [
        ("frank_wagner", "Prokurist", "Berger Maschinenbau GmbH"),
        ("anna_schmidt3", None, None),
    ]
    assert [(t.src, t.dst.key) for t in result.ties] == [
        (MAX, "frank_wagner"),
        (MAX, "anna_schmidt3"),
    ]


def test_shared_contacts_by_the_active_tab() -> None:
    """Same URL as the member's list, but the "Gemeinsame Kontakte" tab is selected: ties
    from both sides. The hostile name stays literal text without the RTL override."""
    html = local("contacts-shared-classic.html")
    assert xing.detect(MAX_LIST, html) == PageKind.CONTACTS  # cheap guess by URL
    result = xing.parse(MAX_LIST, html)
    assert result.kind == PageKind.MUTUAL
    assert [(a.key, a.name) for a in result.accounts] == [
        ("anna_schmidt3", "Anna Schmidt"),
        ("eve_evil", "<img src=x onerror=alert(1)> Eve liveE"),
    ]
    assert [(t.src, t.dst.key) for t in result.ties] == [
        (MAX, "anna_schmidt3"),
        (ME, "anna_schmidt3"),
        (MAX, "eve_evil"),
        (ME, "eve_evil"),
    ]


def test_shared_contacts_by_url() -> None:
    result = xing.parse(MAX_LIST + "?tab=shared", local("contacts-member-classic.html"))
    assert result.kind == PageKind.MUTUAL
    assert len(result.ties) == 4


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body><ul><li><a href='/profile/Frank_Wagner'>Frank</a></li></ul></body></html>",
        local("contacts-own-classic.html").replace("component-user-card", "new-card"),
    ],
)
def test_a_contacts_page_without_cards_is_a_parser_error(html: str) -> None:
    with pytest.raises(ParserError):
        sites.parse_page(OWN_LIST, html)


def test_a_truncated_contacts_page_keeps_what_arrived() -> None:
    html = local("contacts-own-classic.html")
    cut = html[: html.index("Dr_Katharina_Berger") + 30]
    result = xing.parse(OWN_LIST, cut)
    assert [t.dst.key for t in result.ties] == [
        "thomas_mueller12",
        "anna_schmidt3",
        "dr_katharina_berger",
    ]


def test_own_contacts_stored_on_the_users_account(tmp_path: Path) -> None:
    store = Store(tmp_path / "metanet.db")
    result = ingest(store, OWN_LIST, local("contacts-own-classic.html"))
    assert (result.outcome, result.site, result.kind, result.ties_seen) == (
        Outcome.STORED,
        "xing",
        "contacts",
        3,
    )
    me = store.me()
    viewer = store.account(ME)
    assert me is not None and viewer is not None and viewer["person_id"] == me["id"]
    db = raw(store)
    tied = db.execute(
        # undirected ties are stored once, lower account id first
        "select a.key from ties t join accounts a "
        "on a.id = t.src_account_id + t.dst_account_id - ? "
        "where ? in (t.src_account_id, t.dst_account_id) order by a.key",
        [viewer["id"], viewer["id"]],
    ).fetchall()
    assert [row[0] for row in tied] == ["anna_schmidt3", "dr_katharina_berger", "thomas_mueller12"]
    assert store.account(AccountRef("xing", "sven_suggestion")) is not None
