"""Captured pages as circles: a GitHub organisation's people page (the real saved page) is 30
memberships of one circle and no tie; the work and education sections of real LinkedIn
profiles are dated inferred circles, marked as such, with their evidence, dismissible; a
member list in vCard form; forgetting a person takes their memberships, the export keeps
circles."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from metanet.capture import ingest
from metanet.circles.roster import read
from metanet.errors import Refused
from metanet.services import circles
from metanet.services.data import export, forget
from metanet.services.pages import capture
from metanet.store import Store
from tests.db_support import raw
from tests.real_pages import REAL_PAGES

ORG_PAGE = "github/org-people-list-dwyl-2024-github-usernames.html"
ORG_URL = "https://github.com/orgs/dwyl/people"
Fixture = Callable[[str], Path]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("METANET_HOME", str(tmp_path))
    return Store(tmp_path / "metanet.db")


def real(real_fixture: Fixture, relpath: str) -> tuple[str, str]:
    """A saved page's real address and its text."""
    found = [p.url for p in REAL_PAGES if p.path == relpath]
    url = found[0] if found else ORG_URL
    return url, real_fixture(relpath).read_text(encoding="utf-8")


def test_a_github_organisation_page_is_30_memberships_of_one_circle(
    store: Store, real_fixture: Fixture
) -> None:
    url, html = real(real_fixture, ORG_PAGE)
    result = capture(store, url, html)
    assert result.outcome == "stored" and result.ties_seen == 0
    [row] = store.list_circles()
    assert (row["name"], row["kind"], row["origin"], row["members"]) == (
        "dwyl", "online_group", "page", 30
    )  # fmt: skip
    members = store.circle_memberships(row["id"])
    assert len(members) == 30 and {m["network"] for m in members} == {"github"}
    assert {m["source"] for m in members} == {"page"}
    assert {m["capture_id"] for m in members} == {result.capture_id}  # the evidence
    assert store.counts()["ties"] == 0  # a membership, not a tie
    again = capture(store, url, html)
    assert again.outcome == "stored" and store.list_circles()[0]["members"] == 30
    assert raw(store).execute("select count(*) from circle_members").fetchone() == (30,)
    page = circles.circle_page(store, row["id"])
    assert page["total"] == 30 and all(m["source"] == "page" for m in page["members"])


FACEBOOK_GROUP = "facebook/mfacebook-group-public-2021-southamericansincomputing-fbscraper.html"


def test_a_facebook_groups_posters_are_its_members(store: Store, real_fixture: Fixture) -> None:
    """The real public group page (m.facebook.com): five people posted in it, and Pages
    (Data Science Research Perú, StartUp Perú …) did too; the people are the members."""
    url, html = real(real_fixture, FACEBOOK_GROUP)
    result = capture(store, url, html)
    assert result.outcome == "stored" and result.ties_seen == 0
    [row] = store.list_circles()
    assert (row["name"], row["kind"], row["origin"], row["members"]) == (
        "South Americans in Computing", "online_group", "page", 5
    )  # fmt: skip
    names = {m["name"] for m in store.circle_memberships(row["id"])}
    assert names == {"Omar U. Florez", "Rodriguez Ernesto", "Jorge Guerra", "Alfred Kobayashi",
                     "Cesar Beltrán Castañón"}  # fmt: skip
    assert store.counts()["ties"] == 0


LINKEDIN_PROFILES = (
    "linkedin/profile-loggedin-2024-scoutr.html",
    "linkedin/profile-public-2024-scoutr.html",
    "linkedin/profile-loggedin-2025-brocc.html",
    "linkedin/profile-public-2013-jgrevich.html",
    "linkedin/profile-public-2016-jeffweiner08.html",
)


def test_linkedin_experience_and_education_become_dated_inferred_circles(
    store: Store, real_fixture: Fixture
) -> None:
    for relpath in LINKEDIN_PROFILES:
        assert capture(store, *real(real_fixture, relpath)).outcome == "stored"
    eduardo = store.find_people("Eduardo Alvarez Nowak")[0]["id"]
    mine = {(c["name"], c["kind"]): c for c in circles.person_circles(store, eduardo)}
    kth_work = mine[("KTH Royal Institute of Technology", "employer")]
    kth_study = mine[("KTH Royal Institute of Technology", "school")]
    assert (kth_work["start_year"], kth_work["end_year"], kth_work["origin"]) == (
        2020, 2021, "inferred"
    )  # fmt: skip
    assert kth_work["title"] == "Research Engineer" and kth_work["source"] == "profile"
    assert (kth_study["start_year"], kth_study["end_year"]) == (2019, 2021)
    novare = mine[("Novare Potential", "employer")]
    assert novare["start_year"] == 2021 and novare["current"]
    assert ("Maruri Grey", "employer") in mine  # only the public page names it
    bu = mine[("Bu Multimedia", "employer")]  # two positions there: their years together
    assert (bu["start_year"], bu["end_year"]) == (2012, 2017)
    rob = store.find_people("Rob Cheung")[0]["id"]
    schools = {c["name"]: c for c in circles.person_circles(store, rob) if c["kind"] == "school"}
    illinois = schools["University of Illinois Urbana-Champaign"]
    assert (illinois["start_year"], illinois["end_year"]) == (2010, 2013)
    jeff = store.find_people("Jeff Weiner")[0]["id"]
    yahoo = [c for c in circles.person_circles(store, jeff) if c["name"] == "Yahoo!"]
    assert [(c["start_year"], c["end_year"]) for c in yahoo] == [(2001, 2008)]
    listed = circles.listing(store)
    assert listed["circles"] == []  # one member each: counted, not listed
    assert listed["hidden"] == len(circles.listing(store, everything=True)["circles"]) > 20


def test_an_inferred_circle_connects_colleagues_of_the_same_years_and_is_dismissible(
    store: Store, real_fixture: Fixture
) -> None:
    from metanet.answers.service import snapshot_for
    from metanet.model import AccountRecord, Position

    capture(store, *real(real_fixture, "linkedin/profile-loggedin-2024-scoutr.html"))
    colleague = AccountRecord(
        "linkedin", "kollegin-kth", "https://www.linkedin.com/in/kollegin-kth/", name="Kollegin",
        positions=[Position("KTH Royal Institute of Technology", "work", None, 2021, 2023)],
    )  # fmt: skip
    from metanet.circles.pages import store_circles
    from metanet.model import ParseResult

    with store.write():
        account = store.upsert_account(colleague)
        parsed = ParseResult("linkedin", "profile", "test", 1, owner=colleague)
        store_circles(store, parsed, {colleague.ref: account}, capture_id=1)
    eduardo = store.find_people("Eduardo Alvarez Nowak")[0]["id"]
    kollegin = store.find_people("Kollegin")[0]["id"]
    [shared] = snapshot_for(store).circles.shared(eduardo, kollegin)
    assert (shared.first, shared.last, shared.years) == (2021, 2021, 1)
    kth = store.circle(shared.circle)
    assert kth["origin"] == "inferred" and kth["kind"] == "employer"
    circles.dismiss(store, kth["id"])
    assert snapshot_for(store).circles.shared(eduardo, kollegin) == []
    capture(store, *real(real_fixture, "linkedin/profile-loggedin-2024-scoutr.html"))
    assert store.circle(kth["id"])["dismissed_at"] is not None  # a new capture keeps it aside
    with pytest.raises(Refused, match="dismiss it instead"):
        circles.delete(store, kth["id"])


def test_a_vcard_member_list_keeps_each_cards_line(real_fixture: Fixture) -> None:
    data = real_fixture("vcard/gmail-3.0-ezvcard.vcf").read_bytes()
    members = read(data)
    assert members and all(m.line >= 1 for m in members)
    assert len({m.line for m in members}) == len(members)


def test_forgetting_a_person_removes_their_memberships_and_export_keeps_circles(
    store: Store, real_fixture: Fixture
) -> None:
    url, html = real(real_fixture, ORG_PAGE)
    capture(store, url, html)
    [row] = store.list_circles()
    out = io.StringIO()
    export(store, "json", out)
    [exported] = json.loads(out.getvalue())["circles"]
    assert exported["name"] == "dwyl" and exported["keys"] == ["github:dwyl"]
    assert len(exported["members"]) == 30 and exported["members"][0]["network"] == "github"
    gone = store.circle_memberships(row["id"])[0]
    forget(store, gone["person_id"])
    members = store.circle_memberships(row["id"])
    assert len(members) == 29 and gone["key"] not in {m["key"] for m in members}
    ingest(store, url, html)  # the page again: the forgotten member stays out
    assert len(store.circle_memberships(row["id"])) == 29
