"""The popup in each of its states and the options page, English and German, light and dark:
axe-core reports no WCAG 2.2 AA violation, and a screenshot of each goes to
``test-output/design/`` (popup-<state>-<lang>-<scheme>.png) for looking at.

The companion is the scripted stand-in (tests/browser/fake_host.py), so every state can be
reached; test_popup_states.py checks what each state says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from browser_support import OUTPUT_DIR, Browser, FakeHost, LaunchBrowser, Site, save_screenshot
from design_support import SCHEMES, axe_source, axe_violations, output_name, written
from playwright.sync_api import expect
from test_popup_states import PING, PROFILE_HTML, PROFILE_URL, capture, lookup

pytestmark = pytest.mark.browser
SHOTS = OUTPUT_DIR / "design"
BUSY = {"code": "database_busy", "message": "The database is locked by another writer."}


def on_profile(browser: Browser) -> Any:
    _, tab_id = browser.open_tab(PROFILE_URL)
    return browser.popup(tab_id)


def added(browser: Browser) -> Any:
    """The popup after pressing "Add" (the script says what the companion answers)."""
    popup = on_profile(browser)
    popup.locator("[data-state='unknown'] button.primary").click()
    return popup


# state → (the host's script, or None for no host at all; how the popup gets there)
STATES: dict[str, tuple[dict[str, Any] | None, Callable[[Browser], Any]]] = {
    "known": ({"ping": PING, "lookup": lookup(known=True)}, on_profile),
    "unknown": ({"ping": PING, "lookup": lookup(known=False)}, on_profile),
    "capture-failed": (
        {
            "ping": PING,
            "lookup": lookup(known=False),
            "capture": capture("parser_failed", error="no profile name found in the page"),
        },
        added,
    ),
    "not-supported": (
        {"ping": PING},
        lambda browser: browser.popup(browser.open_tab("https://www.example.org/")[1]),
    ),
    "reload": (
        {"ping": PING},
        lambda browser: browser.popup(
            browser.open_tab("https://unresolvable.linkedin.com/in/x/")[1]
        ),
    ),
    "host-error": ({"ping": PING, "lookup": {"error": BUSY}}, on_profile),
    "not-installed": (None, on_profile),
}


@pytest.fixture
def site(https_site: Site) -> Site:
    https_site.add("/in/jana-example/", PROFILE_HTML)
    https_site.add("/", "<!doctype html><title>Example</title><p>Not a network.</p>")
    return https_site


def check(page: Any, name: str) -> list[str]:
    """axe over ``page`` in both colour schemes, a screenshot of each; the violations."""
    source = axe_source()
    found = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        found += [f"{scheme}: {line}" for line in axe_violations(page, source)]
        written(save_screenshot(page, output_name(name, scheme), SHOTS))
    return found


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("state", list(STATES))
def test_popup_state_has_no_wcag_violations(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost, state: str, lang: str
) -> None:
    script, reach = STATES[state]
    if script is None:
        fake_host.unregister()
    else:
        fake_host.script(script)
    browser = launch_browser(lang=lang, site=site)
    popup = reach(browser)
    expect(popup.locator(f"[data-state='{state}']")).to_be_visible()
    assert check(popup, f"popup-{state}-{lang}") == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_options_page_has_no_wcag_violations(
    launch_browser: LaunchBrowser, fake_host: FakeHost, lang: str
) -> None:
    fake_host.unregister()  # the diagnostics then show an error, the page's fullest state
    browser = launch_browser(lang=lang)
    options = browser.options()
    assert check(options, f"options-{lang}") == []
