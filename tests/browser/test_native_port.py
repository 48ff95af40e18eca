"""The background's native port (background/native-port.js) against a scripted host, in
Chromium (service worker) and Firefox (background script).

Requests go through the extension's own `NativePort` instance (exposed to the background
as `globalThis.metanet.native`; drivers.Driver.native reaches it in either browser), so ids,
timeouts, disconnects and reconnects are exercised exactly as the popup's requests are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.browser_support import PING, FakeHost, wait_until
from tests.browser.drivers import Driver, Stage, running

pytestmark = pytest.mark.browser

#: how each browser words a host that is not there (background/native-port.js knows both)
NOT_FOUND = {
    "chromium": "Specified native messaging host not found.",
    "firefox": "No such native application metanet.companion",
}


def test_concurrent_requests_get_their_own_replies(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": PING, "lookup": {"result": {"url": "x", "known": False}}})
    replies = browser.background(
        """return Promise.all([
            metanet.native.request("ping"),
            metanet.native.request("lookup", { url: "x" }),
            metanet.native.request("ping"),
        ]);"""
    )
    assert replies == [PING["result"], {"url": "x", "known": False}, PING["result"]]
    requests = wait_until(lambda: len(fake.requests()) >= 3 and fake.requests())
    ids = [request["id"] for request in requests]
    assert len(set(ids)) == len(ids)
    assert sorted(request["action"] for request in requests) == ["lookup", "ping", "ping"]
    # One persistent port: one host process served all three.
    assert browser.background("return metanet.native.connected;") is True


def test_host_errors_keep_their_code_and_message(browser: Driver, fake: FakeHost) -> None:
    fake.script({"lookup": {"error": {"code": "not_found", "message": "No such page."}}})
    reply = browser.native("lookup", {"url": "x"})
    assert reply == {"ok": False, "code": "not_found", "message": "No such page."}


def test_timeout_rejects_clearly_and_the_next_request_starts_a_fresh_host(
    browser: Driver, fake: FakeHost
) -> None:
    fake.script({"ping": {"hang": True}})
    reply = browser.native("ping", timeout_ms=500)
    assert reply["ok"] is False
    assert reply["code"] == "ext_timeout"
    assert reply["message"] == 'The Metanet companion did not answer "ping" within 0.5 s.'
    assert browser.background("return metanet.native.pendingCount;") == 0

    fake.script({"ping": PING})
    assert browser.native("ping") == {"ok": True, "result": PING["result"]}


def test_host_exit_rejects_pending_and_reconnects_lazily(browser: Driver, fake: FakeHost) -> None:
    fake.script({"ping": {"exit": True}})
    reply = browser.native("ping")
    # Chromium names the exit; Firefox gives no reason, and the port's own words stand in.
    message = {
        "chromium": "Native host has exited.",
        "firefox": "The Metanet companion closed the connection.",
    }
    assert reply == {
        "ok": False,
        "code": "ext_host_disconnected",
        "message": message[browser.name],
    }
    assert browser.background("return metanet.native.connected;") is False

    fake.script({"ping": PING})
    assert browser.native("ping") == {"ok": True, "result": PING["result"]}


def test_missing_host_is_told_apart_and_installing_it_fixes_the_next_request(
    request: pytest.FixtureRequest, tmp_path: Path, browser_name: str
) -> None:
    """What a user sees before and after running `metanet install`: no browser restart."""
    stage = Stage(browser=browser_name, root=tmp_path).prepare()
    fake = stage.fake_host()
    fake.unregister()
    fake.script({"ping": PING})
    with running(stage, request) as browser:
        reply = browser.native("ping")
        assert reply == {
            "ok": False,
            "code": "ext_host_not_installed",
            "message": NOT_FOUND[browser.name],
        }

        fake.register()
        assert browser.native("ping") == {"ok": True, "result": PING["result"]}


def test_host_for_another_extension_is_forbidden(
    request: pytest.FixtureRequest, tmp_path: Path, browser_name: str
) -> None:
    """Chromium finds the manifest and refuses us; Firefox skips a manifest that does not
    list the caller, so there it is "not installed" (the fix, `metanet install`, is the
    same)."""
    stage = Stage(browser=browser_name, root=tmp_path).prepare()
    fake = stage.fake_host()
    fake.gecko_id = "someone-else@example.org" if fake.gecko_id else None
    fake.register(extension_id="a" * 32)
    with running(stage, request) as browser:
        reply = browser.native("ping")
        if browser.name == "firefox":
            assert (reply["code"], reply["message"]) == (
                "ext_host_not_installed",
                NOT_FOUND["firefox"],
            )
        else:
            assert reply["code"] == "ext_host_forbidden"
            assert reply["message"] == "Access to the specified native messaging host is forbidden."
