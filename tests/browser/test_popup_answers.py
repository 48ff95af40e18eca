"""The popup's answers about a known person and what the user can do there, the version
handshake, and the toolbar badge — against a scripted host (fake_host.py) replying in the
shapes docs/PROTOCOL.md documents for ``lookup`` (paths, request_matches), ``suggestions``,
``same_person`` and ``relate``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    Browser,
    FakeHost,
    LaunchBrowser,
    Site,
    save_screenshot,
    wait_until,
)
from tests.browser.test_popup_states import PERSON, PROFILE_HTML, PROFILE_URL, SHARED

pytestmark = pytest.mark.browser

PING = {"result": {"version": "0.1.0", "protocol": 1, "database": "/tmp/metanet.db"}}
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


@pytest.fixture
def site(https_site: Site) -> Site:
    https_site.add("/in/jana-example/", PROFILE_HTML)
    return https_site


def popup_for(browser: Browser) -> tuple[Any, int]:
    _, tab_id = browser.open_tab(PROFILE_URL)
    return browser.popup(tab_id), tab_id


def sent(fake_host: FakeHost, action: str) -> list[dict[str, Any]]:
    return [r for r in fake_host.requests() if r["action"] == action]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_known_person_with_paths_matches_and_tie_strength(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost, lang: str
) -> None:
    fake_host.script(
        {"ping": PING, "lookup": lookup(request_matches=MATCHES), "suggestions": SUGGESTIONS}
    )
    browser = launch_browser(lang=lang, site=site)
    popup, tab_id = popup_for(browser)

    known = popup.locator("[data-state='known']")
    expect(known.locator(".request-matches li")).to_contain_text("Geschäftsführerin München")
    expect(known.locator("ol.paths li.path")).to_have_count(2)
    first = known.locator("ol.paths li.path").first
    if lang == "en":
        expect(first).to_contain_text("You → Jana Example (XING, offline: neighbour)")
        expect(known.locator(".suggestions .reasons")).to_have_text(
            "same name “Jana Example”; both at Acme; 1 shared contact; "
            "1,234 people in your data have this name"
        )
        expect(known.locator(".tie-strength")).to_contain_text("tie strength 81 %")
        expect(known.locator("h3").filter(has_text="Shared connections")).to_have_text(
            "Shared connections (3)"
        )
        expect(known.locator(".shared-all button")).to_have_text("All 3 in the summary")
    else:
        # German reasons and labels, from the host's codes (the popup's own _locales)
        expect(first).to_contain_text("Sie → Jana Example (XING, offline: Nachbar)")
        expect(known.locator(".suggestions .reasons")).to_have_text(
            "gleicher Name „Jana Example“; beide bei Acme; 1 gemeinsamer Kontakt; "
            "1.234 Personen in Ihren Daten haben diesen Namen"
        )
        expect(known.locator(".tie-strength")).to_contain_text("Verbindungsstärke 81 %")
    expect(known.locator("ol.paths li.path").nth(1)).to_contain_text("Max Muster")
    expect(known.locator(".suggestions li")).to_contain_text("J. Example")
    save_screenshot(popup, f"popup-answers-{lang}")
    # A saved search request matched: the badge is a dot, not the count.
    assert browser.badge(tab_id) == "●"


def test_badge_shows_the_shared_connection_count(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup()})
    browser = launch_browser(site=site)
    popup, tab_id = popup_for(browser)
    expect(popup.locator("[data-state='known']")).to_be_visible()
    assert browser.badge(tab_id) == "3"
    fake_host.script({"ping": PING, "lookup": lookup(known=False, person=None, shared_total=0)})
    popup.reload()
    expect(popup.locator("[data-state='unknown']")).to_be_visible()
    assert browser.badge(tab_id) == ""


def test_i_know_this_person_offline_as(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup(), "relate": {"result": {"relation_id": 4}}})
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    form = popup.locator("form.relate")
    form.get_by_label("I know this person offline as …").fill("golf partner")
    form.get_by_role("button", name="Save").click()
    expect(popup.locator("[data-state='known'] .notice")).to_have_text("Saved: golf partner.")
    (relate,) = sent(fake_host, "relate")
    assert (relate["url"], relate["label"]) == (PROFILE_URL, "golf partner")
    save_screenshot(popup, "popup-related-en")


def test_relate_failure_is_told_in_the_form(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    error = {"code": "bad_request", "message": "a relation needs a label"}
    fake_host.script({"ping": PING, "lookup": lookup(), "relate": {"error": error}})
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    popup.get_by_label("I know this person offline as …").fill("x")
    popup.get_by_role("button", name="Save").click()
    expect(popup.locator(".relate-status")).to_have_text("Could not save: a relation needs a label")


@pytest.mark.parametrize(
    ("button", "decision", "notice"),
    [
        ("Same person", "confirm", "Merged."),
        ("Not the same", "reject", "Noted: not the same person."),
    ],
)
def test_same_person_answers_the_suggestion(
    launch_browser: LaunchBrowser,
    site: Site,
    fake_host: FakeHost,
    button: str,
    decision: str,
    notice: str,
) -> None:
    answer = {"result": {"decision_id": 4, "decision": "same", "person": PERSON}}
    fake_host.script(
        {"ping": PING, "lookup": lookup(), "suggestions": SUGGESTIONS, "same_person": answer}
    )
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    suggestion = popup.locator(".suggestions li")
    expect(suggestion).to_contain_text("J. Example (Facebook)")
    expect(suggestion).to_contain_text("same name “Jana Example”; both at Acme")
    (asked,) = sent(fake_host, "suggestions")
    assert asked["url"] == PROFILE_URL
    fake_host.script(
        {"ping": PING, "lookup": lookup(), "suggestions": NO_SUGGESTIONS, "same_person": answer}
    )
    suggestion.get_by_role("button", name=button).click()
    expect(popup.locator("[data-state='known'] .notice")).to_have_text(notice)
    expect(popup.locator(".suggestions")).to_have_count(0)
    (merge,) = sent(fake_host, "same_person")
    assert (merge["url"], merge["other_person_id"], merge["decision"]) == (
        PROFILE_URL,
        5,
        decision,
    )


def test_without_own_accounts_the_popup_says_how_to_get_paths(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script(
        {"ping": PING, "lookup": lookup(paths=[], paths_reason="no_me", shared=[], shared_total=0)}
    )
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    expect(popup.locator("[data-state='known']")).to_contain_text(
        "Add your own accounts in the options to see introduction paths."
    )
    expect(popup.locator(".tie-strength")).to_have_count(0)


def test_companion_without_suggestions_action_shows_none(
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": lookup()})  # `suggestions` → unknown_action
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    expect(popup.locator("[data-state='known'] h2")).to_have_text("Jana Example")
    expect(popup.locator(".suggestions")).to_have_count(0)
    assert browser.settings().get("lastError") is None


@pytest.mark.parametrize(
    ("protocol", "state", "title"),
    [(0, "too-old", "Companion too old"), (2, "too-new", "Extension too old")],
)
def test_version_handshake(
    launch_browser: LaunchBrowser,
    site: Site,
    fake_host: FakeHost,
    protocol: int,
    state: str,
    title: str,
) -> None:
    ping = copy.deepcopy(PING)
    ping["result"]["protocol"] = protocol
    fake_host.script({"ping": ping, "lookup": lookup()})
    browser = launch_browser(site=site)
    popup, _ = popup_for(browser)
    view = popup.locator(f"[data-state='{state}']")
    expect(view.locator("h2")).to_have_text(title)
    expect(view).to_contain_text(f"speaks protocol {protocol}; this extension speaks protocol 1")
    if state == "too-old":
        expect(view.locator("pre.command")).to_have_text("pipx install --force .\nmetanet install")
    save_screenshot(popup, f"popup-{state}-en")
    assert "lookup" not in fake_host.actions()
    wait_until(
        lambda: (
            (browser.settings().get("lastError") or {}).get("code")
            == f"ext_host_{state.replace('-', '_')}"
        )
    )


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
    launch_browser: LaunchBrowser, site: Site, fake_host: FakeHost, lang: str
) -> None:
    """Issue 12: with 33 shared connections the popup was 2,961 px tall (the paths and the
    offline form far below). The strongest five fit in 600 px with everything else; "All
    33" opens the person page's shared connections on the summary."""
    paths = [*PATHS, PATHS[1]]
    opened = {"result": {"url": "about:blank"}}
    fake_host.script(
        {"ping": PING, "suggestions": SUGGESTIONS, "open_summary": opened,
         "lookup": lookup(shared=many_shared(33), shared_total=33, said_shared=SAID, paths=paths,
                          request_matches=MATCHES)}
    )  # fmt: skip
    browser = launch_browser(lang=lang, site=site)
    browser.popup_size = (800, 600)  # a toolbar popup's largest size: as wide as it wants
    popup, _ = popup_for(browser)
    known = popup.locator("[data-state='known']")
    expect(known.locator("ul.shared li")).to_have_count(5)
    expect(known.locator("ul.shared li .on-page")).to_have_count(1)
    expect(known.locator("ol.paths li.path")).to_have_count(3)
    expect(known.locator(".suggestions li")).to_have_count(1)
    said = {"en": "LinkedIn shows 291 mutual connections; Metanet knows 33",
            "de": "LinkedIn zeigt 291 gemeinsame Kontakte; Metanet kennt 33"}  # fmt: skip
    expect(known.locator(".said-shared")).to_have_text(said[lang])
    expect(known.locator(".named-only")).to_contain_text("Ron Shapiro, Kathy Zhou-Patel")
    save_screenshot(popup, f"popup-33-shared-{lang}")
    box = popup.locator("body").bounding_box()
    assert box is not None and box["height"] <= 600, box

    all_button = known.locator(".shared-all button")
    label = {"en": "All 33 in the summary", "de": "Alle 33 in der Übersicht"}
    expect(all_button).to_have_text(label[lang])
    all_button.click()
    wait_until(lambda: sent(fake_host, "open_summary"), what="open_summary sent")
    assert sent(fake_host, "open_summary")[-1].get("person_id") == PERSON["id"]
