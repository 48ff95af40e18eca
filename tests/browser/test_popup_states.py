"""Each popup state, driven by a scripted native host (tests/browser/fake_host.py), in
Chromium and in Firefox (drivers.py; one browser per module, language and browser).

These pin what the user sees for every answer the companion can give, without depending on
the real companion. test_both_browsers.py has the capture, parser failure, other sites, a
missing host and a host for another add-on, and "Open summary"; test_end_to_end.py runs the
real companion.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.browser_support import PING, PROFILE_HTML, PROFILE_URL
from tests.browser.drivers import Driver, Run, Tab

pytestmark = pytest.mark.browser

__all__ = ["PERSON", "PROFILE_HTML", "PROFILE_URL", "SHARED", "lookup", "popup_for"]

PERSON: dict[str, Any] = {
    "id": 7,
    "name": "Jana Example",
    "is_me": False,
    "accounts": [
        {
            "network": "linkedin",
            "key": "jana-example",
            "profile_url": PROFILE_URL,
            "name": "Jana Example",
            "headline": "Engineer",
            "company": "Acme GmbH",
            "location": "München",
        },
        {
            "network": "xing",
            "key": "Jana_Example",
            "profile_url": "https://www.xing.com/profile/Jana_Example",
            "name": "Jana Example",
            "headline": None,
            "company": None,
            "location": None,
        },
    ],
}
SHARED = [
    {
        "person_id": 9,
        "name": "Max Muster",
        "you": [{"network": "xing"}],
        "them": [{"network": "facebook"}, {"network": "offline", "label": "golf partner"}],
    }
]


def lookup(
    known: bool, *, supported: bool = True, person: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A scripted ``lookup`` reply."""
    person = person or PERSON
    return {
        "result": {
            "url": PROFILE_URL,
            "supported": supported,
            "known": known,
            "account": person["accounts"][0] if known else None,
            "person": person if known else None,
            "shared": SHARED if known else [],
        }
    }


def popup_for(browser: Driver, url: str = PROFILE_URL) -> tuple[Tab, int]:
    """Open ``url`` in a tab, then the popup pointed at that tab, once it has a state."""
    _, tab_id = browser.open_tab(url)
    popup = browser.popup(tab_id)
    popup.settled_state()
    return popup, tab_id


@pytest.mark.parametrize(
    ("lang", "via"),
    [
        ("en", "you: XING, them: Facebook, offline: golf partner"),
        ("de", "Sie über XING, die Person über Facebook, offline: Golfpartner"),
    ],
)
def test_known_person_shows_accounts_and_shared_connections(
    use: Callable[..., Run], lang: str, via: str
) -> None:
    run = use(lang)
    browser, fake = run.driver, run.fake
    fake.script({"ping": PING, "lookup": lookup(known=True)})
    popup, _ = popup_for(browser)

    known = "[data-state='known']"
    popup.wait_text(f"{known} h2", "Jana Example")
    assert popup.texts(f"{known} li.account .network") == ["LinkedIn", "XING"]
    assert popup.count(f"{known} ul.shared li") == 1
    assert "Max Muster" in popup.text(f"{known} ul.shared li")
    assert popup.text(f"{known} ul.shared li .detail") == via
    assert popup.text(f"{known} button.primary") == ("Update" if lang == "en" else "Aktualisieren")
    popup.screenshot(f"popup-known-{lang}")
    lookups = [r for r in fake.requests() if r["action"] == "lookup"]
    # The popup's lookup, and the one the page's own "settled" report may trigger (badge).
    assert {r["url"] for r in lookups} == {PROFILE_URL}
    assert all(r["_caller"][-1] == browser.caller for r in lookups)


def test_page_the_parsers_do_not_know_is_not_supported(browser: Driver, run: Run) -> None:
    run.fake.script({"ping": PING, "lookup": lookup(known=False, supported=False)})
    popup, _ = popup_for(browser)
    assert popup.text("[data-state='not-supported'] h2") == "Page not supported"


def test_supported_site_without_content_script_asks_for_a_reload(browser: Driver, run: Run) -> None:
    """A LinkedIn tab the content script is not in (here: the browser's error page for a
    port nothing listens on; in real life a tab opened before the extension was installed)
    — the cure is to reload it. Both browsers keep content scripts out of error pages."""
    run.fake.script({"ping": PING, "lookup": lookup(known=False)})
    popup, _ = popup_for(browser, "https://www.linkedin.com:1/in/x/")
    assert popup.text("[data-state='reload'] h2") == "Reload this page"
    assert popup.text("[data-state='reload'] button") == "Reload page"
    popup.screenshot("popup-reload-en")


def test_host_error_shows_message_code_and_doctor(browser: Driver, run: Run) -> None:
    busy = {"code": "database_busy", "message": "The database is locked by another writer."}
    run.fake.script({"ping": PING, "lookup": {"error": busy}})
    popup, _ = popup_for(browser)

    error = "[data-state='host-error']"
    assert popup.text(f"{error} h2") == "The companion reported a problem"
    # The code's own words (what to do), not the companion's English text.
    assert popup.text(f"{error} .error-message") == (
        "The database is busy with another change. Wait a moment, then try again."
    )
    assert "Error code: database_busy" in popup.text(error)
    assert popup.text(f"{error} pre.command") == "metanet doctor"
    popup.screenshot("popup-host-error-en")

    run.fake.script({"ping": PING, "lookup": lookup(known=True)})
    assert popup.text(f"{error} button") == "Try again"
    popup.click(f"{error} button")
    popup.wait_text("[data-state='known'] h2", "Jana Example")


def test_hostile_names_and_links_stay_text(browser: Driver, run: Run) -> None:
    hostile = copy.deepcopy(PERSON)
    hostile["name"] = "<img src=x onerror=\"document.title='pwned'\">Eve"
    hostile["accounts"][0]["profile_url"] = "javascript:document.title='pwned'"
    hostile["accounts"][1]["headline"] = "<b>bold</b>"
    run.fake.script({"ping": PING, "lookup": lookup(known=True, person=hostile)})
    popup, _ = popup_for(browser)

    known = "[data-state='known']"
    popup.wait_text(f"{known} h2", hostile["name"])
    assert popup.count(f"{known} img") == 0
    assert popup.count(f"{known} b") == 0
    assert popup.count(f"{known} li.account[data-network='linkedin'] a") == 0
    assert popup.attr(f"{known} li.account[data-network='xing'] a", "href") == (
        "https://www.xing.com/profile/Jana_Example"
    )
    assert popup.evaluate("document.title") == "Metanet"
