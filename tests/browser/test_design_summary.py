"""The summary page as a person sees it: every page, English and German, light and dark.

A real ``metanet serve`` over the demo network (plus a hostile name, a saved request with a
new match and an open merge suggestion) in Debian's Chromium and Firefox (drivers.py, one
browser per kind for the module, logged in once). The pages are found by
walking the nav and the links from the dashboard, so a new page is checked without editing
this file. On each: axe-core reports no WCAG 2.2 AA violation; at 390 px nothing scrolls
sideways; screenshots at 1280 and 390 px, light and dark, go to
``test-output/design/<browser>/``. Firefox's window is never narrower than 500 px (its own
minimum): its "phone" checks run at 500 px.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from metanet.answers import requests
from metanet.demo.seed import load
from metanet.store import Store
from tests.browser.browser_support import OUTPUT_DIR, start_summary_server
from tests.browser.design_support import (
    DESKTOP,
    PHONE,
    SCHEMES,
    axe_source,
    axe_violations,
    output_name,
    resize,
    sideways_overflow,
    summary_pages,
    wait_for_graphs,
    written,
)
from tests.browser.drivers import Driver, Pool, Tab
from tests.db_support import raw
from tests.process_support import stop_process
from tests.web_support import add_hostile_contact, add_merge_suggestion

pytestmark = pytest.mark.browser
SHOTS = OUTPUT_DIR / "design"
ONLY_AFTER_A_FORM = ("/imports",)  # where an upload lands


def seed(home: Path) -> None:
    """The demo, a hostile name matching a saved request, and one open merge suggestion."""
    with Store(home / "metanet.db") as store:
        load(store)
        add_hostile_contact(store)
        requests.add(store, "alert", hops=1)
        with store.write():
            raw(store).execute("update request_matches set seen_at = null")
        add_merge_suggestion(store)


@dataclass
class Summary:
    """The module's browser (logged in to the running server), its base address and the
    pages found by walking it."""

    browser: Driver
    base: str
    pages: dict[str, str]


@pytest.fixture(scope="module")
def summary(pool: Pool, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Summary]:
    home = tmp_path_factory.mktemp("metanet-home")
    seed(home)
    proc, login_url = start_summary_server(home, tmp_path_factory.mktemp("user-home"))
    try:
        browser = pool.get().driver
        page, _ = browser.open_tab(login_url)  # the session cookie is the browser's now
        resize(page, DESKTOP)
        base = login_url.split("/login")[0]
        pages = summary_pages(page, base, also=ONLY_AFTER_A_FORM)
        page.close()
        yield Summary(browser, base, pages)
    finally:
        stop_process(proc)


@pytest.fixture
def opened(summary: Summary) -> Iterator[Callable[..., Tab]]:
    """``opened(lang=, scheme=, viewport=)``: a logged-in tab in ``lang`` (the ``?lang=``
    switch, kept in a cookie) and colours; closed after the test."""
    tabs: list[Tab] = []

    def open_tab(*, lang: str, scheme: str, viewport: dict[str, int]) -> Tab:
        page, _ = summary.browser.open_tab(f"{summary.base}/?lang={lang}")
        tabs.append(page)
        page.color_scheme(scheme)
        resize(page, viewport)
        return page

    yield open_tab
    for page in tabs:
        page.close()


def each_page(summary: Summary, page: Tab) -> Iterator[tuple[str, str]]:
    """Open every page found in turn: yields (kind, address) once it has drawn."""
    for kind, path in summary.pages.items():
        page.goto(summary.base + path)
        wait_for_graphs(page)
        yield kind, path


def test_the_walk_finds_every_page(summary: Summary) -> None:
    found = set(summary.pages)
    expected = {"/", "/people", "/people/N", "/paths", "/paths/N", "/search", "/requests",
                "/captures", "/meeting", "/partners", "/introductions", "/card", "/review",
                "/data", "/imports"}  # fmt: skip
    assert expected <= found, sorted(found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_wcag_violations_on_any_page(
    summary: Summary, opened: Callable[..., Tab], lang: str, scheme: str
) -> None:
    source = axe_source()
    page = opened(lang=lang, scheme=scheme, viewport=DESKTOP)
    problems = {}
    for _, path in each_page(summary, page):
        found = axe_violations(page, source)
        resize(page, PHONE)  # the collapsed nav and the phone layout too
        found += [f"(390 px) {line}" for line in axe_violations(page, source)]
        resize(page, DESKTOP)
        if found:
            problems[path] = sorted(set(found))
    assert problems == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in problems.items())


@pytest.mark.parametrize("lang", ["en", "de"])
def test_nothing_scrolls_sideways_on_a_phone(
    summary: Summary, opened: Callable[..., Tab], lang: str
) -> None:
    page = opened(lang=lang, scheme="light", viewport=PHONE)
    wide = {path: why for _, path in each_page(summary, page) if (why := sideways_overflow(page))}
    assert wide == {}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_screenshots_of_every_page(
    summary: Summary, opened: Callable[..., Tab], scheme: str
) -> None:
    """For looking at: test-output/design/<browser>/summary-<page>-<scheme>-<width>.png."""
    page = opened(lang="en", scheme=scheme, viewport=DESKTOP)
    for kind, _ in each_page(summary, page):
        for viewport in (DESKTOP, PHONE):
            resize(page, viewport)
            name = output_name("summary", kind, scheme, str(viewport["width"]))
            written(page.screenshot(name, SHOTS))


# Controls that must be at least 24 x 24 px (WCAG 2.2 target size), on every page: the
# header's, the graph lists', the people list's facets, sort links and pages; those drawn
# (a hidden one has no box, as Playwright's bounding_box says None for it).
TARGETS = "header.top a, header.top button, .graph-list a, ul.facet a, th a.sort, nav.pages a"
SMALL_TARGETS = f"""Array.from(document.querySelectorAll({json.dumps(TARGETS)}))
    .filter((e) => e.checkVisibility({{ visibilityProperty: true }}))
    .map((e) => [e.innerText.trim(), e.getBoundingClientRect()])
    .filter(([, box]) => box.width > 0 && box.height > 0 && (box.width < 24 || box.height < 24))
    .map(([text, box]) => `${{JSON.stringify(text)}}: ${{box.width.toFixed(0)}} x `
        + box.height.toFixed(0))"""


def small_targets(page: Tab) -> list[str]:
    return [str(found) for found in page.evaluate(SMALL_TARGETS)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_targets_are_at_least_24_px(
    summary: Summary, opened: Callable[..., Tab], viewport: dict[str, int]
) -> None:
    page = opened(lang="de", scheme="light", viewport=viewport)
    small = {path: found for _, path in each_page(summary, page) if (found := small_targets(page))}
    assert small == {}


def test_the_nav_is_a_disclosure_on_phones(summary: Summary, opened: Callable[..., Tab]) -> None:
    page = opened(lang="en", scheme="light", viewport=PHONE)
    page.goto(f"{summary.base}/people")
    menu, nav = "header.top button.nav-toggle", "nav#main-nav"
    assert page.text(menu) == "Menu" and page.attr(nav, "aria-label") == "Main"
    assert page.attr(menu, "aria-expanded") == "false"
    assert not page.visible(nav)
    page.click(menu)
    page.wait_for("the menu open", lambda: page.attr(menu, "aria-expanded") == "true")
    links = page.texts(f"{nav} a")
    assert page.attr(f"{nav} a[aria-current='page']", "href") == "/people"
    assert "People" in links
    search = f"{nav} a[href='/search']"
    page.evaluate(f"document.querySelector({json.dumps(search)}).focus()")
    page.press(search, "Escape")  # closes, and the focus goes back to the button
    page.wait_for("the menu closed", lambda: page.attr(menu, "aria-expanded") == "false")
    assert page.evaluate(f"document.activeElement === document.querySelector({json.dumps(menu)})")
    page.press(menu, "Enter")
    page.wait_for("the nav shown", lambda: page.visible(nav))
    # On a wide screen there is no button: the nav is always there.
    resize(page, DESKTOP)
    assert not page.visible(menu)
    assert page.visible(nav)
