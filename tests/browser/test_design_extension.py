"""The popup in each of its states and the options page, English and German, light and dark:
axe-core reports no WCAG 2.2 AA violation, and a screenshot of each goes to
``test-output/design/`` (popup-<state>-<lang>-<scheme>.png) for looking at.

The companion is the scripted stand-in (tests/browser/fake_host.py), so every state can be
reached; test_popup_states.py checks what each state says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    OUTPUT_DIR,
    PING,
    PROFILE_HTML,
    PROFILE_URL,
    FakeHost,
    Site,
    save_screenshot,
)
from tests.browser.design_support import SCHEMES, axe_source, axe_violations, output_name, written
from tests.browser.drivers import Driver, Stage, running
from tests.browser.test_both_browsers import capture, lookup

pytestmark = pytest.mark.browser
SHOTS = OUTPUT_DIR / "design"
BUSY = {"code": "database_busy", "message": "The database is locked by another writer."}


# axe-core runs in Chromium (the check; Playwright's page API below): the popup's
# Playwright page is the Chromium driver's tab's ``page``.


def on_profile(browser: Driver, host: FakeHost | None) -> Any:
    _, tab_id = browser.open_tab(PROFILE_URL)
    return browser.popup(tab_id).page  # type: ignore[attr-defined]


def on(url: str) -> Callable[[Driver, FakeHost | None], Any]:
    return lambda browser, host: browser.popup(browser.open_tab(url)[1]).page  # type: ignore[attr-defined]


def added(then: dict[str, Any]) -> Callable[[Driver, FakeHost | None], Any]:
    """The popup after pressing "Add", the companion following the script ``then``."""

    def add(browser: Driver, host: FakeHost | None) -> Any:
        assert host is not None
        popup = on_profile(browser, host)
        popup.locator("[data-state='unknown'] button.primary").wait_for()
        host.script(then)
        popup.locator("[data-state='unknown'] button.primary").click()
        return popup

    return add


UNKNOWN = {"ping": PING, "lookup": lookup(known=False)}
# state → (the host's script, or None for no host at all; how the popup gets there)
STATES: dict[str, tuple[dict[str, Any] | None, Callable[[Driver, FakeHost | None], Any]]] = {
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
    "reload": ({"ping": PING}, on("https://unresolvable.linkedin.com/in/x/")),
    "host-error": ({"ping": PING, "lookup": {"error": BUSY}}, on_profile),
    "forbidden": ({"ping": PING}, on_profile),  # registered for another extension below
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
    request: pytest.FixtureRequest, tmp_path: Path, site: Site, state: str, lang: str
) -> None:
    script, reach = STATES[state]
    stage = Stage(browser="chromium", root=tmp_path, site=site, lang=lang).prepare()
    host = None
    if script is not None:
        host = stage.fake_host()
        host.script(script)
    if state == "forbidden" and host is not None:
        host.register(extension_id="a" * 32)
    with running(stage, request) as browser:
        popup = reach(browser, host)
        shown = "known" if state == "stored" else state  # "stored" is "known" with a notice
        expect(popup.locator(f"[data-state='{shown}']")).to_be_visible()
        if state == "stored":
            expect(popup.locator(".notice")).to_be_visible()
        assert check(popup, f"popup-{state}-{lang}") == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_options_page_has_no_wcag_violations(
    request: pytest.FixtureRequest, tmp_path: Path, lang: str
) -> None:
    # no companion registered: the diagnostics then show an error, the page's fullest state
    stage = Stage(browser="chromium", root=tmp_path, lang=lang).prepare()
    with running(stage, request) as browser:
        options = browser.options().page
        assert check(options, f"options-{lang}") == []
