"""One way for a scenario to drive either browser: Chromium (Playwright) or Firefox (Marionette).

The scenarios in test_both_browsers.py are written once against :class:`Tab` and
:class:`Driver`; each browser's class does the same thing in its own protocol. Waits poll
from the test (never a function evaluated in the page: extension pages forbid eval in
Chromium), so a failed wait names what the page showed instead.

Screenshots go to ``test-output/<browser>/<name>.png``.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_support import (
    EXTENSION_DIR,
    HOST_NAME,
    OUTPUT_DIR,
    Browser,
    FakeHost,
    Site,
    chromium_args,
)
from tests.browser.firefox_support import ADDON_ORIGIN, GECKO_ID, Firefox, launch_firefox

BROWSERS = ("chromium", "firefox")

#: a popup state that is final: not loading, no capture running
SETTLED = "section.state:not([data-state='loading']):not([aria-busy])"


class Tab:
    """A page in a browser tab: read, click, type, screenshot."""

    browser: str

    def url(self) -> str:
        raise NotImplementedError

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        raise NotImplementedError

    def click(self, css: str) -> None:
        raise NotImplementedError

    def fill(self, css: str, value: str) -> None:
        raise NotImplementedError

    def shot(self, path: Path) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------- the same for both browsers

    def texts(self, css: str) -> list[str]:
        """The rendered text of every element matching ``css``."""
        found = self.evaluate(
            f"Array.from(document.querySelectorAll({json.dumps(css)}), (e) => e.innerText.trim())"
        )
        return [str(text) for text in found or []]

    def text(self, css: str) -> str:
        texts = self.texts(css)
        return texts[0] if texts else ""

    def count(self, css: str) -> int:
        return len(self.texts(css))

    def wait_for(self, what: str, check: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Poll ``check`` until truthy; fail naming ``what`` and the page's state."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                state = self.texts("section.state") or self.texts("body")
                raise AssertionError(
                    f"{self.browser}: timed out after {timeout} s waiting for {what}; "
                    f"the page ({self.url()}) shows {state!r}"
                )
            time.sleep(0.1)

    def wait_text(self, css: str, expected: str, timeout: float = 10.0) -> None:
        """Wait until the first ``css`` element's text is ``expected``."""
        self.wait_for(f"{css} = {expected!r}", lambda: self.text(css) == expected, timeout)

    def wait_contains(self, css: str, expected: str, timeout: float = 10.0) -> None:
        self.wait_for(f"{css} ∋ {expected!r}", lambda: expected in self.text(css), timeout)

    def wait_count(self, css: str, count: int, timeout: float = 10.0) -> None:
        self.wait_for(f"{count} × {css}", lambda: self.count(css) == count, timeout)

    def settled_state(self, timeout: float = 10.0) -> str:
        """The popup's final state as ``"<state>: <text>"``."""

        def settled() -> str:
            found = self.evaluate(
                f"(() => {{ const s = document.querySelectorAll({json.dumps(SETTLED)});"
                " return s.length === 1"
                " ? s[0].dataset.state + ': ' + s[0].innerText.trim() : ''; })()"
            )
            return str(found or "")

        state: str = self.wait_for("a settled popup state", settled, timeout)
        return state

    def screenshot(self, name: str) -> Path:
        folder = OUTPUT_DIR / self.browser
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.shot(path)
        return path


class Driver:
    """A running browser with the extension: tabs, the popup, options, storage, badge."""

    name: str
    #: what the native host is told about its caller (Chromium: the origin; Firefox: the id)
    caller: str

    def open_tab(self, url: str) -> tuple[Tab, int]:
        """Open ``url`` through the extension's ``tabs.create``; the page and its tab id."""
        raise NotImplementedError

    def extension_page(self, path: str) -> Tab:
        """Open one of the extension's pages (``popup/popup.html?tab=3``) in a new tab."""
        raise NotImplementedError

    def new_tab_after(self, action: Callable[[], None], timeout: float = 30.0) -> Tab:
        """Run ``action`` and return the tab it opened, loaded."""
        raise NotImplementedError

    def close_tabs(self) -> None:
        """Close every tab a test opened (a browser shared by tests)."""
        raise NotImplementedError

    def call(self, body: str, *args: Any) -> Any:
        """Run ``body``, an async function body, as the extension: ``api`` is its
        ``chrome``/``browser`` namespace and ``args`` the arguments."""
        raise NotImplementedError

    def storage(self, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """Write ``values`` into ``storage.local``; return all of it."""
        result: dict[str, Any] = self.call(
            "if (args[0]) await api.storage.local.set(args[0]);return api.storage.local.get(null);",
            values,
        )
        return result

    def badge(self, tab_id: int) -> str:
        """The toolbar badge text the extension set for ``tab_id``."""
        return str(self.call("return api.action.getBadgeText({ tabId: args[0] });", tab_id))

    def popup(self, tab_id: int) -> Tab:
        """The popup as a tab, pointed at ``tab_id``, once it has a state."""
        return self.extension_page(f"popup/popup.html?tab={tab_id}")

    def options(self) -> Tab:
        page = self.extension_page("options/options.html")
        page.wait_for("the options page", lambda: page.count("body[data-ready='true']") == 1)
        return page


# ----------------------------------------------------------------------------- Chromium


class ChromiumTab(Tab):
    browser = "chromium"

    def __init__(self, page: Any) -> None:
        self.page = page

    def url(self) -> str:
        return str(self.page.url)

    def evaluate(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def click(self, css: str) -> None:
        self.page.locator(css).first.click()

    def fill(self, css: str, value: str) -> None:
        self.page.locator(css).first.fill(value)

    def shot(self, path: Path) -> None:
        self.page.screenshot(path=str(path), full_page=True)

    def close(self) -> None:
        self.page.close()


class ChromiumDriver(Driver):
    name = "chromium"

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.caller = f"chrome-extension://{browser.extension_id}/"

    def open_tab(self, url: str) -> tuple[Tab, int]:
        page, tab_id = self.browser.open_tab(url)
        return ChromiumTab(page), tab_id

    def extension_page(self, path: str) -> Tab:
        page = self.browser.context.new_page()
        width, height = self.browser.popup_size
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"chrome-extension://{self.browser.extension_id}/{path}")
        return ChromiumTab(page)

    def new_tab_after(self, action: Callable[[], None], timeout: float = 30.0) -> Tab:
        with self.browser.context.expect_page(timeout=timeout * 1000) as opened:
            action()
        page = opened.value
        page.wait_for_load_state()
        return ChromiumTab(page)

    def close_tabs(self) -> None:
        for page in self.browser.context.pages[1:]:
            page.close()

    def call(self, body: str, *args: Any) -> Any:
        # In the service worker: Chromium's background is one.
        return self.browser.service_worker.evaluate(
            f"async (args) => {{ const api = chrome; {body} }}", list(args)
        )


# ----------------------------------------------------------------------------- Firefox


class FirefoxTab(Tab):
    """A Firefox tab: every call first switches Marionette to this tab's window handle."""

    browser = "firefox"

    def __init__(self, firefox: Firefox, handle: str) -> None:
        self.firefox = firefox
        self.handle = handle

    @property
    def client(self) -> Any:
        self.firefox.switch(self.handle)
        return self.firefox.client

    def url(self) -> str:
        return str(self.client.get_url())

    def evaluate(self, expression: str) -> Any:
        return self.client.execute_script(f"return ({expression});")

    def click(self, css: str) -> None:
        self.client.find_element("css selector", css).click()

    def fill(self, css: str, value: str) -> None:
        element = self.client.find_element("css selector", css)
        element.clear()
        element.send_keys(value)

    def shot(self, path: Path) -> None:
        # Firefox sizes a toolbar popup to its content: the popup's body is what it shows.
        popup = "/popup/popup.html" in self.url()
        element = self.client.find_element("css selector", "body") if popup else None
        path.write_bytes(self.client.screenshot(element=element, format="binary", full=True))

    def close(self) -> None:
        self.client.close()
        self.firefox.client.switch_to_window(self.firefox.api_handle)

    def wait_loaded(self, timeout: float = 30.0) -> None:
        self.wait_for(
            "the page to load",
            lambda: (
                self.url() != "about:blank" and self.evaluate("document.readyState") == "complete"
            ),
            timeout,
        )


class FirefoxDriver(Driver):
    name = "firefox"

    def __init__(self, firefox: Firefox) -> None:
        self.firefox = firefox
        self.caller = GECKO_ID

    def _new_handle(self, before: set[str], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            fresh = set(self.firefox.client.window_handles) - before
            if fresh:
                return str(fresh.pop())
            if time.monotonic() > deadline:
                raise AssertionError(f"firefox: no new tab opened within {timeout} s")
            time.sleep(0.1)

    def open_tab(self, url: str) -> tuple[Tab, int]:
        before = set(self.firefox.client.window_handles)
        tab_id = self.firefox.api("return (await browser.tabs.create({ url: args[0] })).id;", url)
        tab = FirefoxTab(self.firefox, self._new_handle(before))
        tab.wait_loaded()
        assert isinstance(tab_id, int)
        return tab, tab_id

    def extension_page(self, path: str) -> Tab:
        handle = self.firefox.client.open(type="tab", focus=True)["handle"]
        tab = FirefoxTab(self.firefox, handle)
        tab.client.navigate(ADDON_ORIGIN + path)
        return tab

    def new_tab_after(self, action: Callable[[], None], timeout: float = 30.0) -> Tab:
        before = set(self.firefox.client.window_handles)
        action()
        tab = FirefoxTab(self.firefox, self._new_handle(before, timeout))
        tab.wait_loaded(timeout)
        return tab

    def close_tabs(self) -> None:
        client = self.firefox.client
        for handle in client.window_handles:
            if handle != self.firefox.api_handle:
                client.switch_to_window(handle)
                client.close()
        client.switch_to_window(self.firefox.api_handle)

    def call(self, body: str, *args: Any) -> Any:
        # From an extension page: Marionette cannot reach Firefox's background script.
        return self.firefox.api(f"const api = browser; {body}", *args)


# ----------------------------------------------------------------------------- starting


@dataclass
class Stage:
    """One browser run's folders and environment, ready before the browser starts."""

    browser: str
    root: Path
    site: Site | None = None
    lang: str = "en"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def metanet_home(self) -> Path:
        return self.root / "metanet-home"

    @property
    def profile(self) -> Path:
        return self.root / "profile"

    @property
    def host_manifests(self) -> Path:
        """Where this browser reads native-host manifests, as measured (see the notes)."""
        if self.browser == "firefox":
            return self.home / ".mozilla" / "native-messaging-hosts"
        return self.profile / "NativeMessagingHosts"

    @property
    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("METANET_")}
        env.update({"HOME": str(self.home), "METANET_HOME": str(self.metanet_home)})
        return env

    def prepare(self) -> Stage:
        for folder in (self.home, self.metanet_home, self.profile):
            folder.mkdir(parents=True, exist_ok=True)
        self.metanet_home.chmod(0o700)
        return self

    def fake_host(self) -> FakeHost:
        """Register :class:`FakeHost` for this browser under the companion's name."""
        return FakeHost.install(
            self.root,
            log=self.metanet_home / "fake-host.log",
            manifest=self.host_manifests / f"{HOST_NAME}.json",
            gecko_id=GECKO_ID if self.browser == "firefox" else None,
        )

    def companion(self) -> Path:
        """Register the real ``metanet host`` for this browser, as ``metanet install`` does."""
        from metanet.nativehost.installer import install_into

        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HOME", str(self.home))
            patch.setenv("METANET_HOME", str(self.metanet_home))
            return install_into(self.host_manifests, self.browser)


@contextlib.contextmanager
def running(stage: Stage, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Start ``stage.browser`` with the extension; yield its :class:`drivers.Driver`."""
    if stage.browser == "firefox":
        with launch_firefox(
            executable=request.getfixturevalue("firefox_executable"),
            addon=request.getfixturevalue("firefox_addon"),
            profile=stage.profile,
            env=stage.env,
            site_port=stage.site.port if stage.site else None,
            lang=stage.lang,
        ) as firefox:
            yield FirefoxDriver(firefox)
        return
    pw = request.getfixturevalue("pw")
    context = pw.chromium.launch_persistent_context(
        str(stage.profile),
        executable_path=str(request.getfixturevalue("chromium_executable")),
        headless=True,
        args=chromium_args(EXTENSION_DIR, stage.lang, stage.site),
        env={**stage.env, "LANGUAGE": stage.lang, "LANG": f"{stage.lang}.UTF-8"},
        locale=stage.lang,
    )
    try:
        workers = context.service_workers
        worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=10_000)
        yield ChromiumDriver(Browser(context=context, service_worker=worker))
    finally:
        with contextlib.suppress(Exception):
            context.close()
