"""Kept pages: the overview is served again while what it shows is unchanged, and rendered
again as soon as its data, its language or a relative time on it changes."""

from __future__ import annotations

import pytest

from metanet.i18n import Words
from metanet.model import AccountRecord
from metanet.store import Store
from metanet.web.kept_pages import KEPT, KeptPages, note_time_said
from metanet.web.keys import KEPT_PAGES
from tests.i18n_support import visible_text
from tests.web_support import Client, me_id, page

pytest_plugins = ("tests.web_fixtures",)


class Renders:
    """A page renderer that counts its renders and notes one relative time."""

    def __init__(self, said: str = "") -> None:
        self.count = 0
        self.said = said

    def __call__(self) -> str:
        self.count += 1
        if self.said:
            note_time_said("2026-12-07T10:00:00+00:00", self.said)
        return f"page {self.count}"


def unchanged(value: object) -> str:
    return "5 minutes ago"


def test_the_same_context_is_rendered_once() -> None:
    kept, render = KeptPages(), Renders()
    first = kept.page("t.html", {"n": 1}, render, unchanged)
    assert kept.page("t.html", {"n": 1}, render, unchanged) == first == "page 1"
    assert render.count == 1 and kept.hits == 1


def test_another_context_or_template_is_rendered_again() -> None:
    kept, render = KeptPages(), Renders()
    kept.page("t.html", {"n": 1}, render, unchanged)
    assert kept.page("t.html", {"n": 2}, render, unchanged) == "page 2"
    assert kept.page("u.html", {"n": 1}, render, unchanged) == "page 3"
    assert kept.page("t.html", {"n": 1, "lang": "de"}, render, unchanged) == "page 4"
    assert kept.hits == 0


def test_a_context_that_is_not_json_is_never_kept() -> None:
    kept, render = KeptPages(), Renders()
    for _ in range(2):
        kept.page("t.html", {"when": object()}, render, unchanged)
        kept.page("t.html", {"share": float("nan")}, render, unchanged)
    assert render.count == 4 and kept.hits == 0


def test_a_page_whose_relative_time_reads_otherwise_now_is_rendered_again() -> None:
    kept, render = KeptPages(), Renders(said="5 minutes ago")
    kept.page("t.html", {}, render, unchanged)
    kept.page("t.html", {}, render, unchanged)
    assert (render.count, kept.hits) == (1, 1)
    kept.page("t.html", {}, render, lambda value: "6 minutes ago")
    assert (render.count, kept.hits) == (2, 1)


def test_times_said_outside_a_kept_render_are_not_noted() -> None:
    kept, render = KeptPages(), Renders()
    note_time_said("2026-12-07T10:00:00+00:00", "just now")  # no kept render under way
    kept.page("t.html", {}, render, lambda value: "another time")
    kept.page("t.html", {}, render, lambda value: "another time")
    assert kept.hits == 1


def test_only_the_last_pages_are_kept() -> None:
    kept, render = KeptPages(), Renders()
    for n in range(KEPT + 1):
        kept.page("t.html", {"n": n}, render, unchanged)
    kept.page("t.html", {"n": KEPT}, render, unchanged)  # the newest: kept
    kept.page("t.html", {"n": 0}, render, unchanged)  # the oldest: dropped
    assert (kept.hits, render.count) == (1, KEPT + 2)


async def test_the_overview_is_kept_until_its_data_changes(
    web_demo: Store, web_client: Client
) -> None:
    kept = web_client.app[KEPT_PAGES]
    first = await page(web_client, "/")
    assert await page(web_client, "/") == first and kept.hits == 1
    assert "You reach 9 people directly" in visible_text(first)
    # One contact more: the next overview says so (it is not the page kept before).
    xing = next(a for a in web_demo.person_accounts(me_id(web_demo)) if a["network"] == "xing")
    new = web_demo.upsert_account(
        AccountRecord("xing", "kept-new", "https://www.xing.com/profile/kept_new", name="Neu")
    )
    web_demo.add_tie(int(xing["id"]), new, network="xing", kind="contact", directed=False)
    assert "You reach 10 people directly" in visible_text(await page(web_client, "/"))
    assert kept.hits == 1
    # The other language is a page of its own.
    assert "Sie erreichen 10 Personen direkt" in visible_text(await page(web_client, "/?lang=de"))
    assert kept.hits == 1


async def test_the_overview_is_rendered_again_when_its_times_read_otherwise(
    web_demo: Store, web_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = web_client.app[KEPT_PAGES]
    first = await page(web_client, "/")
    assert "ago" in visible_text(first)  # the demo's captures and imports, said relative to now
    monkeypatch.setattr(Words, "ago", lambda self, value, now=None: "a while back")
    later = await page(web_client, "/")
    assert kept.hits == 0 and "ago" not in visible_text(later)
    assert visible_text(later).count("a while back") == visible_text(first).count(" ago")
