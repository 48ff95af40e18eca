"""The everyday loop on real pages under their real addresses, through the real extension
and the real companion (issue 12, "Done when"), in Chromium and in Firefox: declare your
own account, add your connections list ("Saved: 10 contacts"), add a people search, open a
profile that shows what its page says about shared connections and what the lists made
known, relate to the person offline, add someone's followers list and then her profile (the
shared connections her page names, known from the list), and open the summary logged in.
The badge counts the shared people Metanet knows. Every step is saved as a screenshot in
``test-output/<browser>/loop-*.png``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser.browser_support import SITE_HOSTS, Site, serve_site, wait_until
from tests.browser.drivers import Driver, Stage, Tab, running
from tests.db_support import rows

pytestmark = pytest.mark.browser

SLOW = 30.0  # the first request starts Python and creates the database
LINKEDIN = "https://www.linkedin.com"
INSTAGRAM = "https://www.instagram.com"
PAGES = {
    "/mynetwork/invite-connect/connections/": "linkedin/connections-list-2025-brocc.html",
    "/search/results/people/": "linkedin/search-people-with-mutual-connections-2025-brocc.html",
    "/in/robertkcheung/": "linkedin/profile-loggedin-2025-brocc.html",
    "/rob.douglas.7923": (
        "facebook/m-profile-loggedin-2017-rob.douglas.7923-friends-mutual-skopenow.html"
    ),
    "/hausoftiffany/followers/": "instagram/followers-2025-brocc.html",
    "/hausoftiffany/": "instagram/profile-2025-brocc.html",
}
#: the popup's largest height: both browsers show at most 600 px of a toolbar popup
POPUP_MAX_HEIGHT = 600


@pytest.fixture
def real_site(tls_files: tuple[Path, Path], real_fixture: Callable[[str], Path]) -> Iterator[Site]:
    """The real pages, served under LinkedIn's, Facebook's and Instagram's own addresses."""
    hosts = (*SITE_HOSTS, "m.facebook.com", "www.instagram.com")
    with serve_site(*tls_files, hosts=hosts) as site:
        for path, page in PAGES.items():
            site.add_file(path, real_fixture(page))
        yield site


def popup_for(browser: Driver, url: str) -> tuple[Tab, int]:
    _, tab_id = browser.open_tab(url)
    return browser.popup(tab_id), tab_id


def test_the_everyday_loop_on_real_pages(
    companion_stage: Stage, request: pytest.FixtureRequest
) -> None:
    database = companion_stage.metanet_home / "metanet.db"
    with running(companion_stage, request) as browser:
        loop(browser, database)


def loop(browser: Driver, database: Path) -> None:
    # 1. Your own account, with your name (the options page; `metanet me add` alike).
    options = browser.options()
    assert options.text("label[for='me-url']") == "Profile address of one of your accounts"
    options.fill("#me-url", f"{LINKEDIN}/in/jana-example/")
    options.fill("#me-name", "Jana Example")
    options.click_text("#me-form button", "Add")
    options.wait_text("#me-status", "Your LinkedIn account was added.", SLOW)
    options.screenshot("loop-1-own-account")

    # 2. Your connections list: "Add these 10 contacts of yours", then "Saved: …".
    popup, _ = popup_for(browser, f"{LINKEDIN}/mynetwork/invite-connect/connections/")
    assert popup.settled_state(SLOW).startswith("list:")
    add = "[data-state='list'] button.primary"
    assert popup.text(add) == "Add these 10 contacts of yours"
    popup.screenshot("loop-2-connections-list")
    popup.click(add)
    assert popup.settled_state(SLOW).startswith("list-saved:")
    assert popup.text(".notice") == "Saved: 10 contacts of yours (10 new)"
    popup.screenshot("loop-3-connections-saved")
    popup.close()

    # 3. A people search: each result names the mutual connections you share.
    popup, _ = popup_for(browser, f"{LINKEDIN}/search/results/people/?keywords=substrate")
    assert popup.settled_state(SLOW).startswith("list:")
    popup.click(add)
    assert popup.settled_state(SLOW).startswith("list-saved:")
    assert popup.text(".notice") == "Saved: 10 people from this search (10 new)"
    popup.close()

    # 4. A profile not added yet: whose it is, and what its page says, before the button.
    popup, tab_id = popup_for(browser, f"{LINKEDIN}/in/robertkcheung/")
    assert popup.settled_state(SLOW).startswith("unknown:")
    unknown = "[data-state='unknown']"
    popup.wait_text(f"{unknown} h2", "Rob Cheung", SLOW)
    assert popup.text(f"{unknown} .headline") == "Co-Founder ꩜Substrate"
    popup.wait_text(
        f"{unknown} .said-shared", "LinkedIn shows 291 mutual connections; Metanet knows 0"
    )
    popup.screenshot("loop-4-profile-before-adding")
    popup.click_text(f"{unknown} button", "Add to meta-network")
    assert popup.settled_state(SLOW).startswith("known:")
    known = "[data-state='known']"
    popup.wait_text(f"{known} .notice", "Saved to your meta-network.")
    assert popup.text(f"{known} h2") == "Rob Cheung"
    # from the list: the search page named Rob as your connection; from the page: 291
    popup.wait_contains(f"{known} .tie-strength", "· direct contact")
    popup.wait_text(
        f"{known} .said-shared", "LinkedIn shows 291 mutual connections; Metanet knows 0"
    )
    popup.wait_contains(f"{known} .named-only", "Bhaval Patel, Ron Shapiro")
    assert popup.count(f"{known} li.account") == 1  # one member, one account
    popup.screenshot("loop-5-profile-added")
    assert popup.height("body") <= POPUP_MAX_HEIGHT
    accounts = rows(database, "select key from accounts where name = 'Rob Cheung'")
    assert accounts == [("robertkcheung",)]
    assert browser.badge(tab_id) == ""  # nobody shared that Metanet knows: no number

    # 5. "I know this person offline as …"
    assert popup.text("form.relate label") == "I know this person offline as …"
    popup.fill("form.relate input", "golf partner")
    popup.click_text("form.relate button", "Save")
    popup.wait_text(f"{known} .notice", "Saved: golf partner.", SLOW)
    popup.screenshot("loop-6-offline-relation")
    assert rows(database, "select label from relations") == [("golf partner",)]
    popup.close()

    # 6. A profile whose page names mutual friends with their links: ties on both sides,
    #    so Metanet knows them, and each is marked as named on the page; the badge says 2.
    popup, tab_id = popup_for(browser, "https://m.facebook.com/rob.douglas.7923")
    assert popup.settled_state(SLOW).startswith("unknown:")
    popup.click_text(f"{unknown} button", "Add to meta-network")
    assert popup.settled_state(SLOW).startswith("known:")
    popup.wait_text(f"{known} .said-shared", "Facebook names 2 mutual friends; Metanet knows 2")
    assert popup.count(f"{known} ul.shared li") == 2
    assert popup.count(f"{known} ul.shared li .on-page") == 2
    popup.screenshot("loop-7-shared-from-the-page")
    wait_until(lambda: browser.badge(tab_id) == "2", what=f"{browser.name}: badge 2")
    popup.close()

    # 7. Someone's followers list, then their profile: the people it shows you follow
    #    ("Followed by robertkarpay, instadan_027 + 56 more") are her shared connections,
    #    known to Metanet from the list.
    popup, _ = popup_for(browser, f"{INSTAGRAM}/hausoftiffany/followers/")
    assert popup.settled_state(SLOW).startswith("list:")
    assert popup.text(add) == "Add these 12 followers of tiff"
    popup.click(add)
    assert popup.settled_state(SLOW).startswith("list-saved:")
    assert popup.text(".notice") == "Saved: 12 followers of tiff (12 new)"
    popup.close()
    popup, _ = popup_for(browser, f"{INSTAGRAM}/hausoftiffany/")
    assert popup.settled_state(SLOW).startswith("known:")  # the list made her known
    popup.click(f"{known} button.primary")  # "Update"
    assert popup.settled_state(SLOW).startswith("known:")
    popup.wait_text(
        f"{known} .said-shared", "Instagram shows 58 followers you follow; Metanet knows 2"
    )
    # you follow them and they follow her: one-way follows, which the person graph does
    # not count as shared, so they are listed as the page named them (headings are set in
    # capitals, popup.css)
    assert popup.text(f"{known} h3") == "SHARED CONNECTIONS (2)"
    assert popup.count(f"{known} ul.shared li .on-page") == 2
    assert "robertkarpay" in popup.text(f"{known} ul.shared")
    assert "instadan_027" in popup.text(f"{known} ul.shared")
    assert popup.count(f"{known} .named-only") == 0
    popup.screenshot("loop-8-shared-from-list-and-page")
    assert popup.height("body") <= POPUP_MAX_HEIGHT

    # 8. The summary, logged in: the person page with what the page said, the capture log.
    try:
        summary = browser.new_tab_after(lambda: popup.click("#open-summary"), SLOW)
    except AssertionError as failure:
        raise AssertionError(f"{failure}; the popup says {popup.text('footer')!r}") from None
    assert summary.url().startswith("http://127.0.0.1:")
    summary.goto("/".join(summary.url().split("/")[:3]) + "/people")
    summary.wait_contains("body", "Rob Cheung", SLOW)
    summary.click_text("a", "Rob Cheung")
    summary.wait_text("h1", "Rob Cheung", SLOW)
    assert "LinkedIn shows 291 mutual connections; Metanet knows 0" in summary.text(".said-shared")
    summary.screenshot("loop-9-summary-person")
    summary.click("a[href$='/captures']")
    summary.wait_count("table.captures tbody tr", 6, SLOW)
    assert "(no name)" not in summary.text("body")
    summary.screenshot("loop-10-summary-captures")
