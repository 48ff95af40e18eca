"""The popup says what the user and this person did together, from the lookup's
``interaction`` codes, in the popup's language (docs/PROTOCOL.md, ``lookup``); in Chromium
and in Firefox (drivers.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.drivers import Driver, Run
from tests.browser.test_popup_answers import NO_SUGGESTIONS, PING, lookup, popup_for

pytestmark = pytest.mark.browser

INTERACTION = [
    {"code": "messages", "n": 42, "last": "2026-03-14T10:02:00+00:00"},
    {"code": "meetings", "n": 5, "year": 3},
    {"code": "recommended_you", "n": 1},
]


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
    use: Callable[..., Run], lang: str, said: str
) -> None:
    run = use(lang)
    run.fake.script(
        {"ping": PING, "lookup": lookup(interaction=INTERACTION), "suggestions": NO_SUGGESTIONS}
    )
    popup, _ = popup_for(run.driver)
    popup.wait_text("[data-state='known'] .interaction", said)


def test_nothing_counted_says_nothing(browser: Driver, run: Run) -> None:
    run.fake.script({"ping": PING, "lookup": lookup(interaction=[]), "suggestions": NO_SUGGESTIONS})
    popup, _ = popup_for(browser)
    popup.wait_count("[data-state='known'] .tie-strength", 1)
    assert popup.count(".interaction") == 0
