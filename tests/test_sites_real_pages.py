"""Every real saved page gives its expected result, as saved and as the browser sends it.

The expected results are the JSON files in ``tests/expected/`` (one per page; see
``tests/real_pages.py`` for the list, the addresses and ``make expectations``). Each is
checked twice: on the saved file, and on the DOM Chromium serialises after loading that
file under its real address, which is what the extension's content script sends
(``tests/browser_dom.py``). Both must give the same result.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import browser_dom
from tests.conftest import real_fixture_path
from tests.real_pages import REAL_PAGES, RealPage, actual, dump, expected

SOURCES = ["saved", pytest.param("browser", marks=pytest.mark.browser)]


@pytest.fixture(scope="session")
def browser_doms() -> dict[Path, str]:
    """Every real page as Chromium serialises it (cached in .cache/browser-dom/)."""
    return browser_dom.serialised([(real_fixture_path(page.path), page.url) for page in REAL_PAGES])


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("page", REAL_PAGES, ids=lambda page: page.path)
def test_real_page_gives_its_expected_result(
    page: RealPage, source: str, request: pytest.FixtureRequest
) -> None:
    saved = real_fixture_path(page.path)
    if source == "saved":
        html = saved.read_text(encoding="utf-8")
    else:
        html = request.getfixturevalue("browser_doms")[saved]
    # Compared as text: a failure shows the diff the way `make expectations` would.
    assert dump(actual(page, html)) == dump(expected(page))


def test_every_real_html_page_has_an_expectation() -> None:
    root = real_fixture_path(REAL_PAGES[0].path).parents[1]
    on_disk = {str(path.relative_to(root)) for path in root.glob("*/*.html")}
    assert on_disk == {page.path for page in REAL_PAGES}
    assert all(page.expected_file.is_file() for page in REAL_PAGES)


def test_no_real_page_is_a_parser_failure() -> None:
    """Every real page is read (or, for a page no parser claims, kept as unsupported):
    a parser that meets a page it cannot place reads what the page publishes instead."""
    outcomes = {page.path: expected(page)["outcome"] for page in REAL_PAGES}
    assert {path for path, outcome in outcomes.items() if outcome == "parser_failed"} == set()
    assert [path for path, outcome in outcomes.items() if outcome == "unsupported"] == [
        "facebook/mfacebook-group-public-2021-southamericansincomputing-fbscraper.html"
    ]


@pytest.mark.parametrize("page", REAL_PAGES, ids=lambda page: page.path)
def test_every_tie_joins_accounts_the_page_lists(page: RealPage) -> None:
    """A tie to an account the parse does not list is dropped when stored (the store keeps
    no account it knows nothing of): Instagram's "Followed by" ties were lost so."""
    found = expected(page)
    listed = {record["ref"] for record in found.get("accounts", [])}
    if found.get("owner"):
        listed.add(found["owner"]["ref"])
    for line in found.get("ties", []):
        ends = re.split(" -> | -- ", line.rsplit(" ", 1)[0])  # directed, undirected
        missing = [end for end in ends if end not in listed and not end.endswith(":~me")]
        assert missing == [], f"{line}: {missing} not among the page's accounts"
