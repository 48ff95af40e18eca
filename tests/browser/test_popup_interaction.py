"""The popup says what the user and this person did together, from the lookup's
``interaction`` codes, in the popup's language (docs/PROTOCOL.md, ``lookup``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import FakeHost, LaunchBrowser, Site
from tests.browser.test_popup_answers import NO_SUGGESTIONS, PING, lookup, popup_for
from tests.browser.test_popup_states import PROFILE_HTML

pytestmark = pytest.mark.browser

INTERACTION = [
    {"code": "messages", "n": 42, "last": "2026-03-14T10:02:00+00:00"},
    {"code": "meetings", "n": 5, "year": 3},
    {"code": "recommended_you", "n": 1},
]


@pytest.fixture
def site(https_site: Site) -> Site:
    https_site.add("/in/jana-example/", PROFILE_HTML)
    return https_site


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "With you: 42 messages, last in March 2026; 3 meetings in the last 12 months; "
               "recommended you"),
        ("de", "Mit Ihnen: 42 Nachrichten, zuletzt im März 2026; 3 Treffen in den letzten "
               "12 Monaten; hat Sie empfohlen"),
    ],
)  # fmt: skip
def test_the_popup_says_what_you_did_together(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost, lang: str, said: str
) -> None:
    fake_host.script(
        {"ping": PING, "lookup": lookup(interaction=INTERACTION), "suggestions": NO_SUGGESTIONS}
    )
    popup, _ = popup_for(launch_browser(lang=lang, site=site))
    expect(popup.locator("[data-state='known'] .interaction")).to_have_text(said)


def test_nothing_counted_says_nothing(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script(
        {"ping": PING, "lookup": lookup(interaction=[]), "suggestions": NO_SUGGESTIONS}
    )
    popup, _ = popup_for(launch_browser(lang="en", site=site))
    expect(popup.locator("[data-state='known'] .tie-strength")).to_have_count(1)
    expect(popup.locator(".interaction")).to_have_count(0)
