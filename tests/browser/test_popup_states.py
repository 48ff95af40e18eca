"""Each popup state, driven by a scripted native host (tests/browser/fake_host.py).

These pin what the user sees for every answer the companion can give, without depending on
the real companion; test_end_to_end.py runs the real one.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import Browser, FakeHost, LaunchBrowser, Site, save_screenshot

pytestmark = pytest.mark.browser

PROFILE_URL = "https://www.linkedin.com/in/jana-example/"
PROFILE_HTML = """<!doctype html><html lang="en"><head><title>Jana Example | LinkedIn</title>
</head><body><h1>Jana Example</h1><p>Engineer at Acme GmbH</p></body></html>"""

PING = {"result": {"version": "0.1.0", "protocol": 1, "database": "/tmp/metanet.db"}}
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


def capture(outcome: str, *, error: str | None = None) -> dict[str, Any]:
    """A scripted ``capture`` reply."""
    return {
        "result": {
            "capture_id": 1,
            "outcome": outcome,
            "site": "linkedin",
            "kind": "profile",
            "error": error,
            "person": PERSON if outcome == "stored" else None,
            "accounts_seen": 1 if outcome == "stored" else 0,
            "ties_seen": 0,
        }
    }


@pytest.fixture
def site(https_site: Site) -> Site:
    https_site.add("/in/jana-example/", PROFILE_HTML)
    https_site.add("/", "<!doctype html><title>Example</title><p>Not a network.</p>")
    return https_site


def open_popup_for(browser: Browser, url: str) -> Any:
    """Open ``url`` in a tab, then the popup pointed at that tab."""
    _, tab_id = browser.open_tab(url)
    return browser.popup(tab_id)


@pytest.mark.parametrize(
    ("lang", "via"),
    [
        ("en", "you: XING, them: Facebook, offline: golf partner"),
        ("de", "Sie über XING, die Person über Facebook, offline: Golfpartner"),
    ],
)
def test_known_person_shows_accounts_and_shared_connections(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost, lang: str, via: str
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup(known=True)})
    browser = launch_browser(lang=lang, site=site)
    popup = open_popup_for(browser, PROFILE_URL)

    known = popup.locator("[data-state='known']")
    expect(known.locator("h2")).to_have_text("Jana Example")
    expect(known.locator("li.account .network")).to_have_text(["LinkedIn", "XING"])
    expect(known.locator("ul.shared li")).to_have_count(1)
    expect(known.locator("ul.shared li")).to_contain_text("Max Muster")
    expect(known.locator("ul.shared li .detail")).to_have_text(via)
    expect(known.locator("button.primary")).to_have_text(
        "Update" if lang == "en" else "Aktualisieren"
    )
    save_screenshot(popup, f"popup-known-{lang}")
    lookups = [r for r in fake_host.requests() if r["action"] == "lookup"]
    # The popup's lookup, and the one the page's own "settled" report may trigger (badge).
    assert {r["url"] for r in lookups} == {PROFILE_URL}
    assert all(r["_origin"] == f"chrome-extension://{browser.extension_id}/" for r in lookups)


def test_add_sends_the_live_page_and_shows_the_stored_person(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup(known=False)})
    browser = launch_browser(site=site)
    page, tab_id = browser.open_tab(PROFILE_URL)
    # Changed by the page's scripts after load: the capture must carry the live DOM.
    page.evaluate("document.title = 'Changed live'")
    popup = browser.popup(tab_id)

    unknown = popup.locator("[data-state='unknown']")
    expect(unknown.locator("h2")).to_have_text("Not in your meta-network yet")
    save_screenshot(popup, "popup-unknown-en")

    fake_host.script({"ping": PING, "lookup": lookup(known=True), "capture": capture("stored")})
    unknown.get_by_role("button", name="Add to meta-network").click()

    known = popup.locator("[data-state='known']")
    expect(known.locator("h2")).to_have_text("Jana Example")
    expect(known.locator(".notice")).to_have_text("Saved to your meta-network.")
    expect(known.locator("ul.shared li")).to_have_count(1)
    save_screenshot(popup, "popup-stored-en")
    (sent,) = [r for r in fake_host.requests() if r["action"] == "capture"]
    assert sent["url"] == PROFILE_URL
    assert sent["title"] == "Changed live"
    assert sent["html"] >= len("<html><head></head><body><h1>Jana Example</h1></body></html>")


def test_parser_failure_says_why(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script(
        {
            "ping": PING,
            "lookup": lookup(known=False),
            "capture": capture("parser_failed", error="no profile name found in the page"),
        }
    )
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, PROFILE_URL)
    popup.get_by_role("button", name="Add to meta-network").click()

    failed = popup.locator("[data-state='capture-failed']")
    expect(failed.locator("h2")).to_have_text("Could not add this page")
    expect(failed.locator(".error-message")).to_have_text("no profile name found in the page")
    save_screenshot(popup, "popup-capture-failed-en")


def test_page_the_parsers_do_not_know_is_not_supported(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup(known=False, supported=False)})
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, PROFILE_URL)
    expect(popup.locator("[data-state='not-supported'] h2")).to_have_text("Page not supported")


def test_other_sites_are_not_supported_and_not_sent_to_the_companion(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup(known=False)})
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, "https://www.example.org/")
    expect(popup.locator("[data-state='not-supported'] h2")).to_have_text("Page not supported")
    save_screenshot(popup, "popup-not-supported-en")
    assert "lookup" not in fake_host.actions()


def test_supported_site_without_content_script_asks_for_a_reload(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    """A LinkedIn tab the content script is not in (here: an error page; in real life a tab
    opened before the extension was installed) — the cure is to reload it."""
    fake_host.script({"ping": PING, "lookup": lookup(known=False)})
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, "https://unresolvable.linkedin.com/in/x/")
    reload = popup.locator("[data-state='reload']")
    expect(reload.locator("h2")).to_have_text("Reload this page")
    expect(reload.get_by_role("button", name="Reload page")).to_be_visible()
    save_screenshot(popup, "popup-reload-en")


def test_host_error_shows_message_code_and_doctor(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    busy = {"code": "database_busy", "message": "The database is locked by another writer."}
    fake_host.script({"ping": PING, "lookup": {"error": busy}})
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, PROFILE_URL)

    error = popup.locator("[data-state='host-error']")
    expect(error.locator("h2")).to_have_text("The companion reported a problem")
    # The code's own words (what to do), not the companion's English text.
    expect(error.locator(".error-message")).to_have_text(
        "The database is busy with another change. Wait a moment, then try again."
    )
    expect(error).to_contain_text("Error code: database_busy")
    expect(error.locator("pre.command")).to_have_text("metanet doctor")
    save_screenshot(popup, "popup-host-error-en")

    fake_host.script({"ping": PING, "lookup": lookup(known=True)})
    error.get_by_role("button", name="Try again").click()
    expect(popup.locator("[data-state='known'] h2")).to_have_text("Jana Example")


def test_host_registered_for_another_extension(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.register(extension_id="a" * 32)
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, PROFILE_URL)
    forbidden = popup.locator("[data-state='forbidden']")
    expect(forbidden.locator("pre.command")).to_have_text("metanet install")
    save_screenshot(popup, "popup-forbidden-en")


def test_hostile_names_and_links_stay_text(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    hostile = copy.deepcopy(PERSON)
    hostile["name"] = "<img src=x onerror=\"document.title='pwned'\">Eve"
    hostile["accounts"][0]["profile_url"] = "javascript:document.title='pwned'"
    hostile["accounts"][1]["headline"] = "<b>bold</b>"
    fake_host.script({"ping": PING, "lookup": lookup(known=True, person=hostile)})
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, PROFILE_URL)

    known = popup.locator("[data-state='known']")
    expect(known.locator("h2")).to_have_text(hostile["name"])
    expect(known.locator("img")).to_have_count(0)
    expect(known.locator("b")).to_have_count(0)
    expect(known.locator("li.account").nth(0).locator("a")).to_have_count(0)
    expect(known.locator("li.account").nth(1).locator("a")).to_have_attribute(
        "href", "https://www.xing.com/profile/Jana_Example"
    )
    assert popup.title() == "Metanet"


def test_open_summary_opens_the_loopback_address_only(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    summary = "http://127.0.0.1:9/login?token=one-time"
    fake_host.script(
        {"ping": PING, "lookup": lookup(known=True), "open_summary": {"result": {"url": summary}}}
    )
    browser = launch_browser(site=site)
    popup = open_popup_for(browser, PROFILE_URL)
    expect(popup.locator("[data-state='known']")).to_be_visible()
    with browser.context.expect_event("request", lambda r: r.url == summary):
        popup.get_by_role("button", name="Open summary").click()

    fake_host.script({"ping": PING, "open_summary": {"result": {"url": "https://evil.test/"}}})
    popup.get_by_role("button", name="Open summary").click()
    expect(popup.locator("#footer-status")).to_contain_text("Could not open the summary")
