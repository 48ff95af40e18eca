"""The extension's pure helpers, run as each browser runs them (ES modules imported into an
extension page, in Chromium and in Firefox): which site a URL is, what counts as a Mastodon
instance, what the badge says.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.drivers import Pool, Tab

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(pool: Pool) -> Iterator[Tab]:
    """One extension page per browser for the whole module (the helpers keep no state)."""
    tab = pool.get().driver.extension_page("options/options.html")
    yield tab
    tab.close()


def call(page: Tab, module: str, function: str, *args: Any) -> Any:
    return page.evaluate(
        f"(async () => (await import({json.dumps('/' + module)}))"
        f"[{json.dumps(function)}](...{json.dumps(list(args))}))()"
    )


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.linkedin.com/in/x/", "linkedin"),
        ("https://de.linkedin.com/in/x/", "linkedin"),
        ("https://www.xing.com/profile/X", "xing"),
        ("https://mbasic.facebook.com/x", "facebook"),
        ("https://web.facebook.com/x", "facebook"),
        ("https://twitter.com/x", "x"),
        ("https://x.com/x", "x"),
        ("https://www.instagram.com/x/", "instagram"),
        ("https://github.com/x", "github"),
        ("https://social.example.net/@x", "mastodon"),
        ("https://evil-linkedin.com/in/x", None),
        ("https://linkedin.com.evil.test/in/x", None),
        ("http://www.linkedin.com/in/x/", None),
        ("https://other.example/@x", None),
        ("not a url", None),
    ],
)
def test_site_of(page: Tab, url: str, site: str | None) -> None:
    assert call(page, "common/sites.js", "siteOf", url, ["social.example.net"]) == site


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("mastodon.social", "mastodon.social"),
        ("  https://Chaos.Social/@jana ", "chaos.social"),
        ("localhost", None),
        ("http://mastodon.social", None),
        ("www.linkedin.com", None),
        ("", None),
        ("a b.example", None),
    ],
)
def test_instance_host(page: Tab, typed: str, host: str | None) -> None:
    assert call(page, "common/sites.js", "instanceHost", typed) == host


@pytest.mark.parametrize(
    ("lookup", "text"),
    [
        (None, ""),
        ({"known": False, "shared_total": 0}, ""),
        ({"known": True, "shared_total": 0}, ""),
        ({"known": True, "shared_total": 12, "shared": []}, "12"),
        ({"known": True, "shared_total": 1234}, "999+"),
        ({"known": True, "shared_total": 3, "request_matches": [{"query": "x"}]}, "●"),
    ],
)
def test_badge_text(page: Tab, lookup: Any, text: str) -> None:
    assert call(page, "background/badge.js", "badgeFor", lookup)["text"] == text


def test_requests_carry_well_formed_text_but_the_page_as_it_is(page: Tab) -> None:
    """A title cut inside an emoji would cost a capture (the host refuses unpaired
    surrogates outside ``html``); the page's own DOM goes as the browser holds it."""
    result = page.evaluate(
        """(async () => {
            const { wellFormed } = await import("/background/native-port.js");
            const broken = "ben g\\uD83E";
            const out = wellFormed({ title: broken, html: `<p>${broken}</p>`,
                                     nested: { label: [broken] }, n: 3 });
            return { title: out.title, nested: out.nested.label[0], n: out.n,
                     htmlKept: out.html === `<p>${broken}</p>` };
        })()"""
    )
    assert result == {"title": "ben g\ufffd", "nested": "ben g\ufffd", "n": 3, "htmlKept": True}


def test_the_handshake_is_asked_once_per_connection(page: Tab) -> None:
    """``NativePort.ready``: one ping while a port stays open; a new port (the companion
    exited, another version may answer) is asked again; a mismatch is not kept."""
    result = page.evaluate(
        """(async () => {
            const { NativePort } = await import("/background/native-port.js");
            const pings = [];
            const ports = [];
            let protocol = 1;
            const connect = () => {
                const on = { message: [], disconnect: [] };
                const port = {
                    onMessage: { addListener: (f) => on.message.push(f) },
                    onDisconnect: { addListener: (f) => on.disconnect.push(f) },
                    postMessage: (frame) => {
                        pings.push(ports.length);
                        const result = { version: "t", protocol };
                        const reply = { id: frame.id, ok: true, result };
                        queueMicrotask(() => on.message.forEach((f) => f(reply)));
                    },
                    disconnect: () => {},
                    exit: () => on.disconnect.forEach((f) => f()),
                };
                ports.push(port);
                return port;
            };
            const native = new NativePort({ connect });
            const outcome = () =>
                native.ready().then((ping) => ping.protocol, (error) => error.code);
            const kept = [await outcome(), await outcome()];
            ports[0].exit();
            protocol = 0;
            const newProcess = [await outcome(), await outcome()];
            protocol = 1;
            const updated = [await outcome(), await outcome()];
            return { kept, newProcess, updated, pings, ports: ports.length };
        })()"""
    )
    assert result == {
        "kept": [1, 1],
        "newProcess": ["ext_host_too_old", "ext_host_too_old"],
        "updated": [1, 1],
        "pings": [1, 2, 2, 2],  # one on the first port; the second asked until it matched
        "ports": 2,
    }


# Chromium's reasons for a broken native port (shared/notes/browser-tests.md) and
# Firefox's; each becomes a code whose message says what to do.
BROWSER_REASONS = [
    ("Specified native messaging host not found.", "metanet install"),
    ("No such native application metanet.companion", "metanet install"),
    ("Access to the specified native messaging host is forbidden.", "metanet install"),
    ("Native host has exited.", "metanet doctor"),
    ("Error when communicating with the native messaging host.", "metanet doctor"),
]


@pytest.mark.parametrize(("reason", "cure"), BROWSER_REASONS)
def test_browser_errors_become_what_to_do(page: Tab, reason: str, cure: str) -> None:
    text = page.evaluate(
        f"""(async () => {{
            const {{ disconnectError }} = await import("/background/native-port.js");
            const {{ errorText }} = await import("/popup/error-text.js");
            return errorText(disconnectError({json.dumps(reason)}).toJSON());
        }})()"""
    )
    assert reason not in text
    assert cure in text and "try again" in text


def test_every_extension_error_code_has_words(page: Tab) -> None:
    """Each code the extension raises itself has a message in both languages (the locales
    test keeps de and en alike), so no browser text is ever shown instead."""
    missing = page.evaluate(
        """(async () => {
            const { LocalCode } = await import("/common/errors.js");
            return Object.values(LocalCode)
                .filter((code) => !chrome.i18n.getMessage(`error_${code}`));
        })()"""
    )
    assert missing == []


def test_a_specific_reason_from_the_companion_is_kept(page: Tab) -> None:
    text = call(
        page,
        "popup/error-text.js",
        "errorText",
        {"code": "bad_request", "message": "not a profile address: ftp://x"},
    )
    assert text == "not a profile address: ftp://x"
