"""The summary page as a person sees it: every page, English and German, light and dark.

A real ``metanet serve`` over the demo network (plus a hostile name, a saved request with a
new match and an open merge suggestion) in Debian's Chromium. The pages are found by
walking the nav and the links from the dashboard, so a new page is checked without editing
this file. On each: axe-core reports no WCAG 2.2 AA violation; at 390 px nothing scrolls
sideways; screenshots at 1280 and 390 px, light and dark, go to ``test-output/design/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from metanet.answers import requests
from metanet.demo.seed import load
from metanet.store import Store
from tests.browser.browser_support import (
    OUTPUT_DIR,
    save_screenshot,
    start_summary_server,
)
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


@pytest.fixture(scope="module")
def summary(
    pw: Any, chromium_executable: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, str, Any, dict[str, str]]]:
    """The running server's browser, base address, a logged-in state and the pages found."""
    home = tmp_path_factory.mktemp("metanet-home")
    seed(home)
    proc, login_url = start_summary_server(home, tmp_path_factory.mktemp("user-home"))
    browser = pw.chromium.launch(
        executable_path=str(chromium_executable),
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    try:
        context = browser.new_context(locale="en-US", viewport=DESKTOP)
        page = context.new_page()
        page.goto(login_url)
        base = login_url.split("/login")[0]
        pages = summary_pages(page, base, also=ONLY_AFTER_A_FORM)
        state = context.storage_state()
        context.close()
        yield browser, base, state, pages
    finally:
        browser.close()
        stop_process(proc)


def open_context(summary: Any, *, lang: str, scheme: str, viewport: dict[str, int]) -> Any:
    """A new logged-in page in ``lang`` (the ``?lang=`` switch, kept in a cookie) and colours."""
    browser, base, state, _ = summary
    context = browser.new_context(
        locale=lang, viewport=viewport, color_scheme=scheme, storage_state=state
    )
    page = context.new_page()
    page.goto(f"{base}/?lang={lang}")
    return page


def each_page(summary: Any, page: Any) -> Iterator[tuple[str, str]]:
    """Open every page found in turn: yields (kind, address) once it has drawn."""
    _, base, _, pages = summary
    for kind, path in pages.items():
        page.goto(base + path)
        wait_for_graphs(page)
        yield kind, path


def test_the_walk_finds_every_page(summary: Any) -> None:
    found = set(summary[3])
    expected = {"/", "/people", "/people/N", "/paths", "/paths/N", "/search", "/requests",
                "/captures", "/meeting", "/partners", "/introductions", "/card", "/review",
                "/data", "/imports"}  # fmt: skip
    assert expected <= found, sorted(found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_wcag_violations_on_any_page(summary: Any, lang: str, scheme: str) -> None:
    source = axe_source()
    page = open_context(summary, lang=lang, scheme=scheme, viewport=DESKTOP)
    problems = {}
    for _, path in each_page(summary, page):
        found = axe_violations(page, source)
        resize(page, PHONE)  # the collapsed nav and the phone layout too
        found += [f"(390 px) {line}" for line in axe_violations(page, source)]
        resize(page, DESKTOP)
        if found:
            problems[path] = sorted(set(found))
    page.context.close()
    assert problems == {}, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in problems.items())


@pytest.mark.parametrize("lang", ["en", "de"])
def test_nothing_scrolls_sideways_on_a_phone(summary: Any, lang: str) -> None:
    page = open_context(summary, lang=lang, scheme="light", viewport=PHONE)
    wide = {path: why for _, path in each_page(summary, page) if (why := sideways_overflow(page))}
    page.context.close()
    assert wide == {}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_screenshots_of_every_page(summary: Any, scheme: str) -> None:
    """For looking at: test-output/design/summary-<page>-<scheme>-<width>.png."""
    page = open_context(summary, lang="en", scheme=scheme, viewport=DESKTOP)
    for kind, _ in each_page(summary, page):
        for viewport in (DESKTOP, PHONE):
            resize(page, viewport)
            name = output_name("summary", kind, scheme, str(viewport["width"]))
            written(save_screenshot(page, name, SHOTS))
    page.context.close()


# Controls that must be at least 24 x 24 px (WCAG 2.2 target size), on every page: the
# header's, the graph lists', the people list's facets, sort links and pages.
TARGETS = (
    "header.top a:visible, header.top button:visible, .graph-list a, ul.facet a, th a.sort, "
    "nav.pages a"
)


def small_targets(page: Any) -> list[str]:
    found = []
    targets = page.locator(TARGETS)
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        if box and (box["height"] < 24 or box["width"] < 24):
            text = targets.nth(index).inner_text()
            found.append(f"{text!r}: {box['width']:.0f} x {box['height']:.0f}")
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_targets_are_at_least_24_px(summary: Any, viewport: dict[str, int]) -> None:
    page = open_context(summary, lang="de", scheme="light", viewport=viewport)
    small = {path: found for _, path in each_page(summary, page) if (found := small_targets(page))}
    page.context.close()
    assert small == {}


def test_the_nav_is_a_disclosure_on_phones(summary: Any) -> None:
    from playwright.sync_api import expect

    page = open_context(summary, lang="en", scheme="light", viewport=PHONE)
    _, base, _, _ = summary
    page.goto(f"{base}/people")
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="People")).to_have_attribute("aria-current", "page")
    nav.get_by_role("link", name="Search").focus()
    page.keyboard.press("Escape")  # closes, and the focus goes back to the button
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    # On a wide screen there is no button: the nav is always there.
    resize(page, DESKTOP)
    expect(menu).to_be_hidden()
    expect(nav).to_be_visible()
    page.context.close()
