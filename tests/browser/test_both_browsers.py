"""The popup and the badge in Chromium and in Firefox alike.

Each scenario is written once (drivers.py) and runs in both browsers, with a scripted
native host (fake_host.py) registered where each browser looks for it. One browser per
module and browser: the host's script and log are reset before each test. Screenshots go
to ``test-output/<browser>/``. test_both_browsers_real.py runs the real companion.

Where Firefox behaves differently, the test says so at the line that shows it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_support import (
    PING,
    PROFILE_HTML,
    PROFILE_URL,
    FakeHost,
    serve_site,
    wait_until,
)
from tests.browser.drivers import Driver, Run, Stage, running

pytestmark = pytest.mark.browser


PERSON: dict[str, Any] = {
    "id": 7,
    "name": "Jana Example",
    "is_me": False,
    "accounts": [
        {"network": "linkedin", "key": "jana-example", "profile_url": PROFILE_URL,
         "name": "Jana Example", "headline": "Engineer", "company": "Acme GmbH",
         "location": "München"},
    ],
}  # fmt: skip
SHARED = [
    {"person_id": 9, "name": "Max Muster", "you": [{"network": "xing"}],
     "them": [{"network": "facebook"}]},
    {"person_id": 10, "name": "Erika Muster", "you": [{"network": "linkedin"}],
     "them": [{"network": "linkedin"}]},
]  # fmt: skip


def lookup(known: bool) -> dict[str, Any]:
    return {
        "result": {
            "url": PROFILE_URL,
            "supported": True,
            "known": known,
            "account": PERSON["accounts"][0] if known else None,
            "person": PERSON if known else None,
            "shared": SHARED if known else [],
        }
    }


def capture(outcome: str, *, error: str | None = None, kind: str = "profile") -> dict[str, Any]:
    return {
        "result": {
            "capture_id": 1, "outcome": outcome, "site": "linkedin", "kind": kind,
            "error": error, "person": PERSON if outcome == "stored" else None,
            "accounts_seen": 1 if outcome == "stored" else 0, "ties_seen": 0,
        }
    }  # fmt: skip


def test_the_background_starts_the_companion_with_the_browser(run: Run) -> None:
    """The background asks for the companion at once, so it loads the graph meanwhile.

    Chromium runs the background as a service worker and fires ``onInstalled`` for an
    unpacked extension at every start; Firefox has no service workers in add-ons: the same
    module runs as a background script (scripts/build_extension.py), and a temporary add-on
    gets ``onInstalled`` when it is installed. Both must reach the warm-up ping.
    """
    assert run.started[:1] == ["ping"]
    # So that its graph is loaded before the first popup asks (bench/REPORT-popup.md): the
    # port stays open.
    assert run.driver.background("return metanet.native.connected;") is True


def test_the_networks_are_granted_at_install(browser: Driver) -> None:
    """The content scripts need the manifest's host permissions without a prompt.

    Firefox before 127 made an MV3 add-on's host permissions opt-in (the user had to grant
    them in the add-on's settings, and the content scripts stayed off until then); from 127
    on they are granted at install as in Chromium, which is one reason the build requires
    Firefox 142 (scripts/build_extension.py). Any other site stays optional in both.
    """
    origins = ["https://www.linkedin.com/*", "https://m.facebook.com/*", "https://github.com/*"]
    granted = browser.call("return api.permissions.contains({ origins: args[0] });", origins)
    assert granted is True
    other = browser.call("return api.permissions.contains({ origins: ['https://example.org/*'] });")
    assert other is False


def test_popup_unknown_then_added_with_the_live_page(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": lookup(known=False)})
    page, tab_id = browser.open_tab(PROFILE_URL)
    # Changed by the page's scripts after load: the capture must carry the live DOM.
    page.evaluate("document.title = 'Changed live'")
    popup = browser.popup(tab_id)
    assert popup.settled_state().startswith("unknown: Not in your meta-network yet")
    popup.screenshot("popup-unknown")

    fake.script({"ping": PING, "lookup": lookup(known=True), "capture": capture("stored")})
    popup.click("[data-state='unknown'] button.primary")
    assert popup.settled_state().startswith("known:")
    popup.wait_text("[data-state='known'] h2", "Jana Example")
    popup.wait_text("[data-state='known'] .notice", "Saved to your meta-network.")
    # The capture's reply draws the person; the lookup after it adds the shared list.
    popup.wait_count("[data-state='known'] ul.shared li", 2)
    popup.screenshot("popup-stored")
    (sent,) = [r for r in fake.requests() if r["action"] == "capture"]
    assert sent["url"] == PROFILE_URL
    assert sent["title"] == "Changed live"
    assert "<h1>Jana Example</h1>" in Path(sent["_html_file"]).read_text(encoding="utf-8")
    # Chromium starts the host with the extension's origin, Firefox with the manifest's
    # path and then the add-on id (MDN: native messaging, "Extension side").
    assert {r["_caller"][-1] for r in fake.requests()} == {browser.caller}


def test_popup_known_person_and_the_badge(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": lookup(known=True)})
    _, tab_id = browser.open_tab(PROFILE_URL)
    popup = browser.popup(tab_id)
    assert popup.settled_state().startswith("known:")
    popup.wait_text("[data-state='known'] h2", "Jana Example")
    assert popup.texts("[data-state='known'] li.account .network") == ["LinkedIn"]
    assert popup.count("[data-state='known'] ul.shared li") == 2
    popup.screenshot("popup-known")
    # The badge: the number of people shared, set on that tab only (Firefox keeps per-tab
    # badge text like Chromium; `browser.action` answers with a promise there as well).
    wait_until(lambda: browser.badge(tab_id) == "2", what=f"{browser.name}: badge 2")
    _, other_id = browser.open_tab("https://www.example.org/")
    assert browser.badge(other_id) == ""


def test_other_sites_are_not_supported_and_not_sent(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": lookup(known=False)})
    _, tab_id = browser.open_tab("https://www.example.org/")
    popup = browser.popup(tab_id)
    assert popup.settled_state().startswith("not-supported: Page not supported")
    popup.screenshot("popup-not-supported")
    assert "lookup" not in fake.actions()


def test_parser_failure_and_host_error_say_why(browser: Driver, fake: FakeHost) -> None:
    failed = capture("parser_failed", error="no profile name found in the page")
    fake.script({"ping": PING, "lookup": lookup(known=False), "capture": failed})
    _, tab_id = browser.open_tab(PROFILE_URL)
    popup = browser.popup(tab_id)
    assert popup.settled_state().startswith("unknown:")
    popup.click("[data-state='unknown'] button.primary")
    assert popup.settled_state().startswith("capture-failed: Could not add this page")
    assert popup.text(".error-message") == "no profile name found in the page"
    popup.screenshot("popup-capture-failed")

    busy = {"code": "database_busy", "message": "The database is locked by another writer."}
    fake.script({"ping": PING, "lookup": {"error": busy}})
    again = browser.popup(tab_id)
    state = again.settled_state()
    assert state.startswith("host-error: The companion reported a problem"), state
    assert "Error code: database_busy" in state
    assert again.text("[data-state='host-error'] pre.command") == "metanet doctor"
    again.screenshot("popup-host-error")


@pytest.fixture
def loopback_page() -> Iterator[str]:
    """A plain HTTP page on 127.0.0.1 standing in for the summary's login address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!doctype html><title>Summary</title><h1>Summary</h1>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/login?token=one-time"
    server.shutdown()
    server.server_close()


def test_open_summary_opens_the_loopback_address_only(
    browser: Driver, fake: FakeHost, loopback_page: str
) -> None:
    summary = loopback_page
    fake.script(
        {"ping": PING, "lookup": lookup(known=True), "open_summary": {"result": {"url": summary}}}
    )
    _, tab_id = browser.open_tab(PROFILE_URL)
    popup = browser.popup(tab_id)
    assert popup.settled_state().startswith("known:")
    opened = browser.new_tab_after(lambda: popup.click("#open-summary"))
    wait_until(lambda: opened.url() == summary, what=f"{browser.name}: the summary tab")
    opened.wait_text("h1", "Summary")

    fake.script({"ping": PING, "open_summary": {"result": {"url": "https://evil.test/"}}})
    popup.click("#open-summary")
    popup.wait_contains("#footer-status", "Could not open the summary")


def test_without_companion_the_popup_says_how_to_install_it(
    request: pytest.FixtureRequest, tmp_path: Path, browser_name: str
) -> None:
    """No host, then a host for another add-on, then ours: each popup says what to do.

    The browsers word a missing host differently: Chromium "Specified native messaging host
    not found.", Firefox "No such native application metanet.companion"
    (background/native-port.js knows both). Firefox also gives that answer for a manifest
    that does not list our add-on (it skips manifests that do not allow the caller), where
    Chromium says "forbidden": the popup shows its "not installed" state there.
    """
    stage = Stage(browser=browser_name, root=tmp_path).prepare()
    with running(stage, request) as browser:
        popup = browser.popup(-1)
        state = popup.settled_state()
        assert state.startswith("not-installed: "), state
        assert popup.text("[data-state='not-installed'] pre.command") == "metanet install"
        popup.screenshot("popup-not-installed")
        popup.close()

        fake = stage.fake_host()
        fake.gecko_id = "someone-else@example.org" if fake.gecko_id else None
        fake.register(extension_id="a" * 32)
        popup = browser.popup(-1)
        expected = "not-installed" if browser.name == "firefox" else "forbidden"
        state = popup.settled_state()
        assert state.startswith(f"{expected}: "), state
        assert popup.text(f"[data-state='{expected}'] pre.command") == "metanet install"
        popup.screenshot("popup-host-for-another-extension")
        popup.close()

        fake = stage.fake_host()  # registered for us: the next request finds it
        fake.script({"ping": PING})
        popup = browser.popup(-1)
        assert popup.settled_state().startswith("not-supported:")
        assert fake.actions()[0] == "ping"


def test_popup_in_german(request: pytest.FixtureRequest, tmp_path: Path, browser_name: str) -> None:
    """A German browser shows the popup in German.

    Both take the extension's language from the browser's own: Chromium from ``--lang``,
    Firefox from its UI language, which needs Debian's language pack (firefox-esr-l10n-de,
    installed by .ci/run): without it ``intl.locale.requested`` alone leaves Firefox, and so
    the add-on, in English.
    """
    stage = Stage(browser=browser_name, root=tmp_path, lang="de").prepare()
    with serve_site(*request.getfixturevalue("tls_files")) as site:
        site.add("/in/jana-example/", PROFILE_HTML)
        stage.site = site
        fake = stage.fake_host()
        fake.script({"ping": PING, "lookup": lookup(known=True)})
        with running(stage, request) as browser:
            _, tab_id = browser.open_tab(PROFILE_URL)
            popup = browser.popup(tab_id)
            assert popup.settled_state().startswith("known:")
            assert popup.evaluate("document.documentElement.lang") == "de"
            assert popup.text("[data-state='known'] button.primary") == "Aktualisieren"
            assert popup.text("#open-summary") == "Übersicht öffnen"
            popup.screenshot("popup-known-de")
