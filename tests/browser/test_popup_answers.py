"""The popup's answers about a known person and what the user can do there, the version
handshake, and the toolbar badge — against a scripted host (fake_host.py) replying in the
shapes docs/PROTOCOL.md documents for ``lookup`` (paths, request_matches), ``suggestions``,
``same_person`` and ``relate``; in Chromium and in Firefox (drivers.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.browser_support import PING, PROFILE_URL, FakeHost, wait_until
from tests.browser.drivers import Driver, Run
from tests.browser.test_popup_states import PERSON, SHARED, popup_for

pytestmark = pytest.mark.browser

__all__ = ["PING", "lookup", "popup_for", "sent"]
ME = {"person_id": 1, "name": "Sie selbst", "via": []}


def hop(person_id: int, name: str, via: list[dict[str, str]], strength: float) -> dict[str, Any]:
    return {"person_id": person_id, "name": name, "via": via, "strength": strength, "why": []}


XING, FACEBOOK = {"network": "xing"}, {"network": "facebook"}
JANA_DIRECT = hop(7, "Jana Example", [XING, {"network": "offline", "label": "neighbour"}], 0.81)
PATHS = [
    {"score": 0.81, "length": 1, "hops": [ME, JANA_DIRECT]},
    {"score": 0.42, "length": 2, "hops": [ME, hop(9, "Max Muster", [XING], 0.6),
                                          hop(7, "Jana Example", [FACEBOOK], 0.7)]},
]  # fmt: skip
MATCHES = [{"request_id": 2, "query": "Geschäftsführerin München", "found_at": "2026-11-28"}]


def lookup(**extra: Any) -> dict[str, Any]:
    result = {
        "url": PROFILE_URL, "supported": True, "known": True, "account": PERSON["accounts"][0],
        "person": PERSON, "shared": SHARED, "shared_total": 3, "paths": PATHS,
        "paths_reason": None, "request_matches": [],
    }  # fmt: skip
    result.update(extra)
    return {"result": result}


SUGGESTIONS = {
    "result": {
        "known": True,
        "person": PERSON,
        "suggestions": [
            {"id": 12, "score": 0.9,
             "reasons": [{"code": "same_name", "name": "Jana Example"},
                         {"code": "same_company", "company": "Acme"},
                         {"code": "shared_contacts", "n": 1},
                         {"code": "common_name", "n": 1234}],
             "other": {"id": 8, "person_id": 5, "network": "facebook", "name": "J. Example",
                       "profile_url": "https://www.facebook.com/j.example", "company": "Acme",
                       "location": None}},
        ],
    }
}  # fmt: skip
NO_SUGGESTIONS = {"result": {"known": True, "person": PERSON, "suggestions": []}}


def sent(fake_host: FakeHost, action: str) -> list[dict[str, Any]]:
    return [r for r in fake_host.requests() if r["action"] == action]


KNOWN = "[data-state='known']"

EVIDENCE: dict[str, Any] = copy.deepcopy(SUGGESTIONS)
EVIDENCE["result"]["suggestions"][0]["reasons"] = [
    {"code": "same_profile", "network": "linkedin", "handle": "becker-koeln"},
    {"code": "first_name_differs", "a": "Anna", "b": "Julia"},
    {"code": "same_email", "value": "julia.k@gmx.example"},
    {"code": "surname_differs", "a": "Hoffmann", "b": "Krüger"},
    {"code": "same_phone", "value": "+49891234567"},
    {"code": "landline"},
]  # every code of a suggestion on exact evidence (issue 24), as PROTOCOL.md lists them


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_suggestion_on_exact_evidence_names_the_evidence(
    use: Callable[..., Run], lang: str
) -> None:
    run = use(lang)
    run.fake.script({"ping": PING, "lookup": lookup(), "suggestions": EVIDENCE})
    popup, _ = popup_for(run.driver)
    said = {
        "en": "both point to the LinkedIn profile becker-koeln; first names differ: Anna / "
        "Julia; same e-mail address julia.k@gmx.example; surname differs: Hoffmann / Krüger "
        "— married name?; same phone number +49891234567; a landline: perhaps a household's",
        "de": "beide verweisen auf das LinkedIn-Profil becker-koeln; andere Vornamen: Anna / "
        "Julia; gleiche E-Mail-Adresse julia.k@gmx.example; anderer Nachname: Hoffmann / "
        "Krüger – durch Heirat?; gleiche Telefonnummer +49891234567; ein Festnetzanschluss: "
        "vielleicht der eines Haushalts",
    }
    popup.wait_text(f"{KNOWN} .suggestions .reasons", said[lang])


@pytest.mark.parametrize("lang", ["en", "de"])
def test_known_person_with_paths_matches_and_tie_strength(
    use: Callable[..., Run], lang: str
) -> None:
    run = use(lang)
    browser = run.driver
    run.fake.script(
        {"ping": PING, "lookup": lookup(request_matches=MATCHES), "suggestions": SUGGESTIONS}
    )
    popup, tab_id = popup_for(browser)

    popup.wait_contains(f"{KNOWN} .request-matches li", "Geschäftsführerin München")
    popup.wait_count(f"{KNOWN} ol.paths li.path", 2)
    first = popup.text(f"{KNOWN} ol.paths li.path")
    popup.wait_count(f"{KNOWN} .suggestions .reasons", 1)
    reasons = popup.text(f"{KNOWN} .suggestions .reasons")
    if lang == "en":
        assert "You → Jana Example (XING, offline: neighbour)" in first
        assert reasons == (
            "same name “Jana Example”; both at Acme; 1 shared contact; "
            "1,234 people in your data have this name"
        )
        # the tie in words (issue 21: "tie strength 81 %" said nothing), the number on hover
        tie = f"{KNOWN} .tie-strength"
        assert "You know each other very well · direct contact" in popup.text(tie)
        assert (popup.attr(tie, "title") or "").endswith("· tie strength 81 %")
        # a path's score in words (issue 21: "strength 81 %" said nothing), the number on hover
        assert popup.texts(f"{KNOWN} ol.paths li.path .strength") == ["a strong way in"] * 2
        assert popup.attr(f"{KNOWN} ol.paths li.path .strength", "title") == "strength 81 %"
        # As shown: the popup's headings are set in capitals (popup.css).
        assert "SHARED CONNECTIONS (3)" in popup.texts(f"{KNOWN} h3")
        assert popup.text(f"{KNOWN} .shared-all button") == "All 3 in the summary"
    else:
        # German reasons and labels, from the host's codes (the popup's own _locales)
        assert "Sie → Jana Example (XING, offline: Nachbar)" in first
        assert reasons == (
            "gleicher Name „Jana Example“; beide bei Acme; 1 gemeinsamer Kontakt; "
            "1.234 Personen in Ihren Daten haben diesen Namen"
        )
        tie = f"{KNOWN} .tie-strength"
        assert "Sie kennen sich sehr gut · direkter Kontakt" in popup.text(tie)
        assert (popup.attr(tie, "title") or "").endswith("· Verbindungsstärke 81 %")
        assert popup.texts(f"{KNOWN} ol.paths li.path .strength") == ["ein guter Weg"] * 2
        assert popup.attr(f"{KNOWN} ol.paths li.path .strength", "title") == "Stärke 81 %"
    assert "Max Muster" in popup.texts(f"{KNOWN} ol.paths li.path")[1]
    assert "J. Example" in popup.text(f"{KNOWN} .suggestions li")
    popup.screenshot(f"popup-answers-{lang}")
    # A saved search request matched: the badge is a dot, not the count.
    wait_until(lambda: browser.badge(tab_id) == "●", what=f"{browser.name}: the badge ●")


def test_badge_shows_the_shared_connection_count(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": lookup()})
    popup, tab_id = popup_for(browser)
    assert popup.settled_state().startswith("known:")
    wait_until(lambda: browser.badge(tab_id) == "3", what=f"{browser.name}: the badge 3")
    fake.script({"ping": PING, "lookup": lookup(known=False, person=None, shared_total=0)})
    popup.reload()
    assert popup.settled_state().startswith("unknown:")
    wait_until(lambda: browser.badge(tab_id) == "", what=f"{browser.name}: no badge")


def test_i_know_this_person_offline_as(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": lookup(), "relate": {"result": {"relation_id": 4}}})
    popup, _ = popup_for(browser)
    assert popup.text("form.relate label") == "I know this person offline as …"
    popup.fill("form.relate input", "golf partner")
    popup.click_text("form.relate button", "Save")
    popup.wait_text(f"{KNOWN} .notice", "Saved: golf partner.")
    (relate,) = sent(fake, "relate")
    assert (relate["url"], relate["label"]) == (PROFILE_URL, "golf partner")
    popup.screenshot("popup-related-en")


def test_relate_failure_is_told_in_the_form(browser: Driver, fake: FakeHost) -> None:
    error = {"code": "bad_request", "message": "a relation needs a label"}
    fake.script({"ping": PING, "lookup": lookup(), "relate": {"error": error}})
    popup, _ = popup_for(browser)
    popup.fill("form.relate input", "x")
    popup.click_text("form.relate button", "Save")
    popup.wait_text(".relate-status", "Could not save: a relation needs a label")


@pytest.mark.parametrize(
    ("button", "decision", "notice"),
    [
        ("Same person", "confirm", "Merged."),
        ("Not the same", "reject", "Noted: not the same person."),
    ],
)
def test_same_person_answers_the_suggestion(
    browser: Driver, fake: FakeHost, button: str, decision: str, notice: str
) -> None:
    answer = {"result": {"decision_id": 4, "decision": "same", "person": PERSON}}
    fake.script(
        {"ping": PING, "lookup": lookup(), "suggestions": SUGGESTIONS, "same_person": answer}
    )
    popup, _ = popup_for(browser)
    popup.wait_contains(".suggestions li", "J. Example (Facebook)")
    assert "same name “Jana Example”; both at Acme" in popup.text(".suggestions li")
    (asked,) = sent(fake, "suggestions")
    assert asked["url"] == PROFILE_URL
    fake.script(
        {"ping": PING, "lookup": lookup(), "suggestions": NO_SUGGESTIONS, "same_person": answer}
    )
    popup.click_text(".suggestions li button", button)
    popup.wait_text(f"{KNOWN} .notice", notice)
    popup.wait_count(".suggestions", 0)
    (merge,) = wait_until(lambda: sent(fake, "same_person"), what="same_person sent")
    assert (merge["url"], merge["other_person_id"], merge["decision"]) == (
        PROFILE_URL,
        5,
        decision,
    )


def test_without_own_accounts_the_popup_says_how_to_get_paths(
    browser: Driver, fake: FakeHost
) -> None:
    fake.script(
        {"ping": PING, "lookup": lookup(paths=[], paths_reason="no_me", shared=[], shared_total=0)}
    )
    popup, _ = popup_for(browser)
    popup.wait_contains(KNOWN, "Add your own accounts in the options to see introduction paths.")
    assert popup.count(".tie-strength") == 0


def test_companion_without_suggestions_action_shows_none(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": lookup()})  # `suggestions` → unknown_action
    popup, _ = popup_for(browser)
    popup.wait_text(f"{KNOWN} h2", "Jana Example")
    # The person is shown at the lookup's reply; the suggestions are asked after it.
    wait_until(lambda: sent(fake, "suggestions"), what="suggestions asked")
    assert popup.count(".suggestions") == 0
    assert browser.storage().get("lastError") is None


@pytest.mark.parametrize(
    ("protocol", "state", "title"),
    [(0, "too-old", "Companion too old"), (2, "too-new", "Extension too old")],
)
def test_version_handshake(
    browser: Driver, fake: FakeHost, protocol: int, state: str, title: str
) -> None:
    ping = copy.deepcopy(PING)
    ping["result"]["protocol"] = protocol
    fake.script({"ping": ping, "lookup": lookup()})
    # The background keeps the port its start opened: a browser shared by tests must
    # reconnect to hear this host's protocol, as a browser started with it would.
    browser.background("metanet.native.disconnect();")
    popup, _ = popup_for(browser)
    view = f"[data-state='{state}']"
    assert popup.settled_state().startswith(f"{state}: {title}"), popup.settled_state()
    assert f"speaks protocol {protocol}; this extension speaks protocol 1" in popup.text(view)
    if state == "too-old":
        assert popup.text(f"{view} pre.command") == "pipx install --force .\nmetanet install"
    popup.screenshot(f"popup-{state}-en")
    assert "lookup" not in fake.actions()
    wait_until(
        lambda: (
            (browser.storage().get("lastError") or {}).get("code")
            == f"ext_host_{state.replace('-', '_')}"
        ),
        what="the last error stored",
    )


def test_a_companion_started_again_by_a_page_is_asked_its_protocol_again(
    browser: Driver, fake: FakeHost
) -> None:
    """The page's "settled" report can reconnect the port before the popup asks: a new
    process, maybe another version. The handshake of the last one must not stand for it
    (the popup then showed an answer from a companion too old to be asked)."""
    fake.script({"ping": PING, "lookup": lookup()})
    popup, _ = popup_for(browser)  # a handshake with a companion of our protocol
    assert popup.settled_state().startswith("known:")
    too_old = copy.deepcopy(PING)
    too_old["result"]["protocol"] = 0
    fake.reset({"ping": too_old, "lookup": lookup()})
    browser.background("metanet.native.disconnect();")
    _, tab_id = browser.open_tab(PROFILE_URL)
    wait_until(lambda: "ping" in fake.actions(), what="the page's report starts the companion")
    popup = browser.popup(tab_id)
    assert popup.settled_state().startswith("too-old: Companion too old"), popup.settled_state()
    assert "lookup" not in fake.actions()


def many_shared(n: int) -> list[dict[str, Any]]:
    """``n`` shared connections, strongest first, each known on two networks."""
    return [
        {"person_id": 100 + i, "name": f"Shared Person {i + 1}", "you": [XING, FACEBOOK],
         "them": [{"network": "linkedin"}, {"network": "offline", "label": "golf partner"}],
         "strength": round(0.9 - i / 100, 3)}
        for i in range(n)
    ]  # fmt: skip


SAID = [
    {"network": "linkedin", "kind": "contact", "total": 291,
     "named": [{"name": "Shared Person 1", "person_id": 100},
               {"name": "Ron Shapiro", "person_id": None},
               {"name": "Kathy Zhou-Patel", "person_id": None}]},
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "de"])
def test_33_shared_connections_fit_the_popup_and_all_open_the_person_page(
    use: Callable[..., Run], lang: str
) -> None:
    """Issue 12: with 33 shared connections the popup was 2,961 px tall (the paths and the
    offline form far below). The strongest five fit in 600 px with everything else; "All
    33" opens the person page's shared connections on the summary."""
    run = use(lang)
    browser, fake = run.driver, run.fake
    paths = [*PATHS, PATHS[1]]
    opened = {"result": {"url": "about:blank"}}
    fake.script(
        {"ping": PING, "suggestions": SUGGESTIONS, "open_summary": opened,
         "lookup": lookup(shared=many_shared(33), shared_total=33, said_shared=SAID, paths=paths,
                          request_matches=MATCHES)}
    )  # fmt: skip
    _, tab_id = browser.open_tab(PROFILE_URL)
    # A toolbar popup's largest size: as wide as it wants, 600 px high.
    popup = browser.extension_page(f"popup/popup.html?tab={tab_id}", size=(800, 600))
    assert popup.settled_state().startswith("known:")
    popup.wait_count(f"{KNOWN} .suggestions li", 1)
    assert popup.count(f"{KNOWN} ul.shared li") == 5
    assert popup.count(f"{KNOWN} ul.shared li .on-page") == 1
    assert popup.count(f"{KNOWN} ol.paths li.path") == 3
    said = {"en": "LinkedIn shows 291 mutual connections; Metanet knows 33",
            "de": "LinkedIn zeigt 291 gemeinsame Kontakte; Metanet kennt 33"}  # fmt: skip
    assert popup.text(f"{KNOWN} .said-shared") == said[lang]
    assert "Ron Shapiro, Kathy Zhou-Patel" in popup.text(f"{KNOWN} .named-only")
    popup.screenshot(f"popup-33-shared-{lang}")
    height = popup.height("body")
    assert height <= 600, height

    label = {"en": "All 33 in the summary", "de": "Alle 33 in der Übersicht"}
    assert popup.text(f"{KNOWN} .shared-all button") == label[lang]
    popup.click(f"{KNOWN} .shared-all button")
    wait_until(lambda: sent(fake, "open_summary"), what="open_summary sent")
    assert sent(fake, "open_summary")[-1].get("person_id") == PERSON["id"]
