"""The popup in each of its states and the options page, English and German, light and dark:
axe-core reports no WCAG 2.2 AA violation, and a screenshot of each goes to
``test-output/design/<browser>/`` (popup-<state>-<lang>-<scheme>.png) for looking at, in
Chromium and Firefox (drivers.py).

The companion is the scripted stand-in (tests/browser/fake_host.py), so every state can be
reached; test_popup_states.py checks what each state says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_support import (
    OUTPUT_DIR,
    PING,
    PROFILE_HTML,
    PROFILE_URL,
    FakeHost,
    Site,
)
from tests.browser.design_support import SCHEMES, axe_source, axe_violations, output_name, written
from tests.browser.drivers import Driver, Stage, Tab, running
from tests.browser.test_both_browsers import capture, lookup

pytestmark = pytest.mark.browser
SHOTS = OUTPUT_DIR / "design"
BUSY = {"code": "database_busy", "message": "The database is locked by another writer."}


def on_profile(browser: Driver, host: FakeHost | None) -> Tab:
    _, tab_id = browser.open_tab(PROFILE_URL)
    return browser.popup(tab_id)


def on(url: str) -> Callable[[Driver, FakeHost | None], Tab]:
    return lambda browser, host: browser.popup(browser.open_tab(url)[1])


def added(then: dict[str, Any]) -> Callable[[Driver, FakeHost | None], Tab]:
    """The popup after pressing "Add", the companion following the script ``then``."""

    def add(browser: Driver, host: FakeHost | None) -> Tab:
        assert host is not None
        popup = on_profile(browser, host)
        button = "[data-state='unknown'] button.primary"
        popup.wait_count(button, 1)
        host.script(then)
        popup.click(button)
        return popup

    return add


UNKNOWN = {"ping": PING, "lookup": lookup(known=False)}
# state → (the host's script, or None for no host at all; how the popup gets there)
STATES: dict[str, tuple[dict[str, Any] | None, Callable[[Driver, FakeHost | None], Tab]]] = {
    "known": ({"ping": PING, "lookup": lookup(known=True)}, on_profile),
    "unknown": (UNKNOWN, on_profile),
    "stored": (
        UNKNOWN,
        added({"ping": PING, "lookup": lookup(known=True), "capture": capture("stored")}),
    ),
    "capture-failed": (
        UNKNOWN,
        added({**UNKNOWN, "capture": capture("parser_failed", error="no profile name found")}),
    ),
    "not-supported": ({"ping": PING}, on("https://www.example.org/")),
    # the browser's error page for a port nothing listens on: no content script there (a
    # name that does not resolve does in Firefox, where every name goes to the test site)
    "reload": ({"ping": PING}, on("https://www.linkedin.com:1/in/x/")),
    "host-error": ({"ping": PING, "lookup": {"error": BUSY}}, on_profile),
    "forbidden": ({"ping": PING}, on_profile),  # registered for another extension below
    "not-installed": (None, on_profile),
}


@pytest.fixture
def site(https_site: Site) -> Site:
    https_site.add("/in/jana-example/", PROFILE_HTML)
    https_site.add("/", "<!doctype html><title>Example</title><p>Not a network.</p>")
    return https_site


def check(page: Tab, name: str) -> list[str]:
    """axe over ``page`` in both colour schemes, a screenshot of each; the violations."""
    source = axe_source()
    found = []
    for scheme in SCHEMES:
        page.color_scheme(scheme)
        found += [f"{scheme}: {line}" for line in axe_violations(page, source)]
        written(page.screenshot(output_name(name, scheme), SHOTS))
    return found


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("state", list(STATES))
def test_popup_state_has_no_wcag_violations(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    site: Site,
    browser_name: str,
    state: str,
    lang: str,
) -> None:
    script, reach = STATES[state]
    stage = Stage(browser=browser_name, root=tmp_path, site=site, lang=lang).prepare()
    host = None
    if script is not None:
        host = stage.fake_host()
        host.script(script)
    if state == "forbidden" and host is not None:
        host.gecko_id = "someone-else@example.org" if host.gecko_id else None
        host.register(extension_id="a" * 32)
    with running(stage, request) as browser:
        popup = reach(browser, host)
        shown = "known" if state == "stored" else state  # "stored" is "known" with a notice
        if state == "forbidden" and browser.name == "firefox":
            # Firefox skips a host manifest that does not list the add-on: no "forbidden"
            # there, the popup says "not installed" (test_native_port.py).
            shown = "not-installed"
        popup.wait_count(f"[data-state='{shown}']", 1)
        assert popup.visible(f"[data-state='{shown}']")
        if state == "stored":
            popup.wait_for("the stored notice", lambda: popup.visible(".notice"))
        assert check(popup, f"popup-{state}-{lang}") == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_options_page_has_no_wcag_violations(
    request: pytest.FixtureRequest, tmp_path: Path, browser_name: str, lang: str
) -> None:
    # no companion registered: the diagnostics then show an error, the page's fullest state
    stage = Stage(browser=browser_name, root=tmp_path, lang=lang).prepare()
    with running(stage, request) as browser:
        assert check(browser.options(), f"options-{lang}") == []
