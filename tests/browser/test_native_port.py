"""The service worker's native port (background/native-port.js) against a scripted host.

Requests go through the extension's own `NativePort` instance (exposed to extension
contexts as `globalThis.metanet.native`), so ids, timeouts, disconnects and reconnects are
exercised exactly as the popup's requests are.
"""

from __future__ import annotations

import pytest

from tests.browser.browser_support import FakeHost, LaunchBrowser, wait_until

pytestmark = pytest.mark.browser

PING = {"result": {"version": "0.1.0", "protocol": 1, "database": "/tmp/metanet.db"}}


def test_concurrent_requests_get_their_own_replies(
    launch_browser: LaunchBrowser, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": PING, "lookup": {"result": {"url": "x", "known": False}}})
    browser = launch_browser()
    replies = browser.service_worker.evaluate(
        """async () => Promise.all([
            metanet.native.request("ping"),
            metanet.native.request("lookup", { url: "x" }),
            metanet.native.request("ping"),
        ])"""
    )
    assert replies == [PING["result"], {"url": "x", "known": False}, PING["result"]]
    ids = [request["id"] for request in fake_host.requests()]
    assert len(set(ids)) == len(ids) == 4  # the three, and the ping of the browser's start
    # One persistent port: one host process served all three.
    assert browser.service_worker.evaluate("metanet.native.connected") is True


def test_host_errors_keep_their_code_and_message(
    launch_browser: LaunchBrowser, fake_host: FakeHost
) -> None:
    fake_host.script({"lookup": {"error": {"code": "not_found", "message": "No such page."}}})
    browser = launch_browser()
    reply = browser.native("lookup", {"url": "x"})
    assert reply == {"ok": False, "code": "not_found", "message": "No such page."}


def test_timeout_rejects_clearly_and_the_next_request_starts_a_fresh_host(
    launch_browser: LaunchBrowser, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": {"hang": True}})
    browser = launch_browser()
    reply = browser.native("ping", timeout_ms=500)
    assert reply["ok"] is False
    assert reply["code"] == "ext_timeout"
    assert reply["message"] == 'The Metanet companion did not answer "ping" within 0.5 s.'
    assert browser.service_worker.evaluate("metanet.native.pendingCount") == 0

    fake_host.script({"ping": PING})
    assert browser.native("ping") == {"ok": True, "result": PING["result"]}


def test_host_exit_rejects_pending_and_reconnects_lazily(
    launch_browser: LaunchBrowser, fake_host: FakeHost
) -> None:
    fake_host.script({"ping": {"exit": True}})
    browser = launch_browser()
    reply = browser.native("ping")
    assert reply == {
        "ok": False,
        "code": "ext_host_disconnected",
        "message": "Native host has exited.",
    }
    assert browser.service_worker.evaluate("metanet.native.connected") is False

    fake_host.script({"ping": PING})
    assert browser.native("ping") == {"ok": True, "result": PING["result"]}


def test_missing_host_is_told_apart_and_installing_it_fixes_the_next_request(
    launch_browser: LaunchBrowser, fake_host: FakeHost
) -> None:
    """What a user sees before and after running `metanet install`: no browser restart."""
    fake_host.unregister()
    fake_host.script({"ping": PING})
    browser = launch_browser()
    reply = browser.native("ping")
    assert reply == {
        "ok": False,
        "code": "ext_host_not_installed",
        "message": "Specified native messaging host not found.",
    }

    fake_host.register()
    assert browser.native("ping") == {"ok": True, "result": PING["result"]}


def test_host_for_another_extension_is_forbidden(
    launch_browser: LaunchBrowser, fake_host: FakeHost
) -> None:
    fake_host.register(extension_id="a" * 32)
    browser = launch_browser()
    reply = browser.native("ping")
    assert reply["code"] == "ext_host_forbidden"
    assert reply["message"] == "Access to the specified native messaging host is forbidden."


def test_the_companion_starts_with_the_browser(
    launch_browser: LaunchBrowser, fake_host: FakeHost
) -> None:
    """So that its graph is loaded before the first popup asks (bench/REPORT-popup.md)."""
    fake_host.script({"ping": PING})
    browser = launch_browser()
    wait_until(lambda: fake_host.actions() == ["ping"], what="a ping at the browser's start")
    assert browser.service_worker.evaluate("metanet.native.connected") is True
