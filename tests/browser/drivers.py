"""One way for a scenario to drive either browser: Chromium (Playwright) or Firefox (Marionette).

The scenarios in test_both_browsers.py are written once against :class:`Tab` and
:class:`Driver`; each browser's class does the same thing in its own protocol. Waits poll
from the test (never a function evaluated in the page: extension pages forbid eval in
Chromium), so a failed wait names what the page showed instead.

Screenshots go to ``test-output/<browser>/<name>.png``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.browser_support import (
    EXTENSION_DIR,
    HOST_NAME,
    OUTPUT_DIR,
    PING,
    Browser,
    FakeHost,
    Site,
    chromium_args,
    wait_until,
)
from tests.browser.firefox_support import ADDON_ORIGIN, GECKO_ID, Firefox, launch_firefox

BROWSERS = ("chromium", "firefox")

#: how often a Firefox click finds its element again after a redraw
STALE_TRIES = 5
#: how often an expression runs again when the page navigated under it (Chromium)
NAVIGATION_TRIES = 5
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

    def click(self, css: str, nth: int = 0) -> None:
        """Click the ``nth`` element matching ``css``."""
        raise NotImplementedError

    def fill(self, css: str, value: str) -> None:
        raise NotImplementedError

    def shot(self, path: Path) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def goto(self, url: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def press(self, css: str, key: str) -> None:
        """Press ``key`` ("Enter") in the first element matching ``css``, as typed."""
        raise NotImplementedError

    def select(self, css: str, label: str) -> None:
        """Choose the option whose text is ``label`` in the first ``css`` <select>."""
        raise NotImplementedError

    def upload(self, css: str, file: Path) -> None:
        """Pick ``file`` in the first ``css`` <input type=file>, as the file chooser does."""
        raise NotImplementedError

    def download(self, css: str, nth: int = 0, timeout: float = 30.0) -> tuple[str, bytes]:
        """Click the ``nth`` ``css`` link and return the file it downloads: name, bytes."""
        raise NotImplementedError

    def pdf(self) -> bytes:
        """The page printed to PDF on A4, as the browser's own print makes it."""
        raise NotImplementedError

    def print_media(self, on: bool) -> None:
        """Show the page as printed (``@media print``), or as on screen again."""
        raise NotImplementedError

    def inject(self, script: str) -> None:
        """Run ``script`` (statements, e.g. a library) in the page as a test's script runs;
        what it defines is there for later evaluations until the page navigates."""
        raise NotImplementedError

    def color_scheme(self, scheme: str) -> None:
        """Make the page see ``prefers-color-scheme: <scheme>`` ("light", "dark")."""
        raise NotImplementedError

    def element_shot(self, css: str) -> bytes:
        """A PNG of the first element matching ``css``, as drawn."""
        raise NotImplementedError

    def resize(self, width: int, height: int) -> None:
        """Make the page's viewport ``width`` × ``height`` CSS pixels (as near as the
        browser allows)."""
        raise NotImplementedError

    def problems(self) -> list[str]:
        """What went wrong in the page since the tab opened: script errors (uncaught
        exceptions, CSP violations) and alert() dialogs."""
        raise NotImplementedError

    # ----------------------------------------------------------- the same for both browsers

    def labelled(self, label: str) -> str:
        """A CSS selector for the control whose <label> says ``label`` (as a person finds
        the field: by its label, which must be tied to it)."""
        found = self.evaluate(
            "(() => { const label = Array.from(document.querySelectorAll('label'))"
            f".find((l) => l.innerText.trim() === {json.dumps(label)});"
            " const control = label?.control;"
            " return control?.id ? '#' + CSS.escape(control.id) : null; })()"
        )
        assert found, f"{self.browser}: no control labelled {label!r} on {self.url()}"
        return str(found)

    def visible(self, css: str) -> bool:
        """Whether the first element matching ``css`` is drawn (not hidden by CSS)."""
        return bool(
            self.evaluate(f"document.querySelector({json.dumps(css)})?.checkVisibility() ?? false")
        )

    def wait_url(self, pattern: str, timeout: float = 10.0) -> None:
        """Wait until the page's address matches the regular expression ``pattern``."""
        self.wait_for(f"an address ~ {pattern!r}", lambda: re.search(pattern, self.url()), timeout)

    def wait_texts(self, css: str, expected: str, timeout: float = 10.0) -> list[str]:
        """Wait until some ``css`` element's text is ``expected``; all their texts."""
        texts: list[str] = self.wait_for(
            f"a {css} saying {expected!r}",
            lambda: (found := self.texts(css)) and expected in found and found,
            timeout,
        )
        return texts

    def texts(self, css: str) -> list[str]:
        """The rendered text of every element matching ``css``."""
        found = self.evaluate(
            # SVG elements have no innerText: their textContent then.
            f"Array.from(document.querySelectorAll({json.dumps(css)}),"
            " (e) => (e.innerText ?? e.textContent).trim())"
        )
        return [str(text) for text in found or []]

    def click_text(self, css: str, text: str) -> None:
        """Click the element matching ``css`` whose text is ``text`` (a button's label)."""
        texts = self.texts(css)
        assert text in texts, f"{self.browser}: no {css} says {text!r}: {texts!r}"
        self.click(css, texts.index(text))

    def text(self, css: str) -> str:
        texts = self.texts(css)
        return texts[0] if texts else ""

    def count(self, css: str) -> int:
        return len(self.texts(css))

    def attr(self, css: str, name: str) -> str | None:
        """Attribute ``name`` of the first element matching ``css`` (None: no such)."""
        found = self.evaluate(
            f"document.querySelector({json.dumps(css)})?.getAttribute({json.dumps(name)}) ?? null"
        )
        return None if found is None else str(found)

    def checked(self, css: str) -> bool:
        return bool(self.evaluate(f"document.querySelector({json.dumps(css)}).checked"))

    def height(self, css: str) -> float:
        """The rendered height in CSS pixels of the first element matching ``css``."""
        return float(
            self.evaluate(
                f"document.querySelector({json.dumps(css)}).getBoundingClientRect().height"
            )
        )

    def wait_for(self, what: str, check: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Poll ``check`` until truthy (browser_support.wait_until); fail naming ``what``
        and the page's state."""
        try:
            return wait_until(check, timeout, what=what)
        except AssertionError:
            state = self.texts("section.state") or self.texts("body")
            raise AssertionError(
                f"{self.browser}: timed out after {timeout} s waiting for {what}; "
                f"the page ({self.url()}) shows {state!r}"
            ) from None

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

    def screenshot(self, name: str, under: Path = OUTPUT_DIR) -> Path:
        """A full-page screenshot as ``<under>/<browser>/<name>.png``."""
        folder = under / self.browser
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

    def extension_page(self, path: str, size: tuple[int, int] | None = None) -> Tab:
        """Open one of the extension's pages (``popup/popup.html?tab=3``) in a new tab;
        ``size`` is Chromium's viewport (a toolbar popup's size)."""
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

    def background(self, body: str, *args: Any) -> Any:
        """Run ``body``, an async function body, in the background (Chromium's service
        worker, Firefox's background script), where ``metanet`` is its exported state."""
        raise NotImplementedError

    def native(
        self, action: str, params: dict[str, Any] | None = None, timeout_ms: int = 5000
    ) -> dict[str, Any]:
        """One request through the extension's own native port in the background:
        ``{"ok": True, "result": ...}`` or ``{"ok": False, "code", "message"}``."""
        reply: dict[str, Any] = self.background(
            "const [action, params, timeoutMs] = args;"
            "try {"
            "  const result = await metanet.native.request(action, params, { timeoutMs });"
            "  return { ok: true, result };"
            "} catch (caught) {"
            # Firefox hands the test the background's error as an Xray: its own fields are
            # on wrappedJSObject (Chromium has no such thing and takes the error itself).
            "  const error = caught.wrappedJSObject ?? caught;"
            "  return { ok: false, code: error.code, message: error.message };"
            "}",
            action, params or {}, timeout_ms,
        )  # fmt: skip
        return reply

    def registered_scripts(self) -> list[str]:
        """The ids of the content scripts the extension registered at run time."""
        ids: list[str] = self.call(
            "return (await api.scripting.getRegisteredContentScripts()).map((s) => s.id);"
        )
        return ids

    def answer_permission_prompt(self, allow: bool) -> str:
        """Click Allow or Deny on the browser's own permission prompt; return its text."""
        raise NotImplementedError(f"{self.name}: the permission prompt is out of reach")

    def grant_active_tab(self, tab_id: int) -> None:
        """What the toolbar click grants: ``activeTab`` on ``tab_id``."""
        raise NotImplementedError(f"{self.name}: the toolbar click is out of reach")

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
        self._problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._problems.append(str(error)))
        page.on("dialog", self._dialog)

    def url(self) -> str:
        return str(self.page.url)

    def evaluate(self, expression: str) -> Any:
        """Run ``expression`` in the page. A page that navigates meanwhile (a form's answer,
        the upload page following its import) destroys the context it ran in: then it runs
        again in the new page (CI at bc59f12 failed a poll of the upload's result so)."""
        from playwright.sync_api import Error as PlaywrightError

        for attempt in range(NAVIGATION_TRIES):
            try:
                return self.page.evaluate(expression)
            except PlaywrightError as exc:
                if "context was destroyed" not in str(exc) or attempt == NAVIGATION_TRIES - 1:
                    raise
                self.page.wait_for_load_state()
        raise AssertionError("unreachable")  # pragma: no cover

    def click(self, css: str, nth: int = 0) -> None:
        self.page.locator(css).nth(nth).click()

    def fill(self, css: str, value: str) -> None:
        self.page.locator(css).first.fill(value)

    def shot(self, path: Path) -> None:
        self.page.screenshot(path=str(path), full_page=True)

    def reload(self) -> None:
        self.page.reload()

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def close(self) -> None:
        self.page.close()

    def press(self, css: str, key: str) -> None:
        self.page.locator(css).first.press(key)

    def select(self, css: str, label: str) -> None:
        self.page.locator(css).first.select_option(label=label)

    def upload(self, css: str, file: Path) -> None:
        self.page.locator(css).first.set_input_files(str(file))

    def download(self, css: str, nth: int = 0, timeout: float = 30.0) -> tuple[str, bytes]:
        with self.page.expect_download(timeout=timeout * 1000) as info:
            self.click(css, nth)
        return str(info.value.suggested_filename), Path(info.value.path()).read_bytes()

    def pdf(self) -> bytes:
        pdf: bytes = self.page.pdf(format="A4")
        return pdf

    def print_media(self, on: bool) -> None:
        self.page.emulate_media(media="print" if on else "null")

    def inject(self, script: str) -> None:
        self.page.evaluate(script)

    def color_scheme(self, scheme: str) -> None:
        self.page.emulate_media(color_scheme=scheme)

    def element_shot(self, css: str) -> bytes:
        shot: bytes = self.page.locator(css).first.screenshot()
        return shot

    def resize(self, width: int, height: int) -> None:
        self.page.set_viewport_size({"width": width, "height": height})

    def problems(self) -> list[str]:
        return list(self._problems)

    def _console(self, message: Any) -> None:
        # Chromium reports uncaught errors as page errors and CSP violations (and failed
        # loads) as console errors.
        if message.type == "error":
            self._problems.append(str(message.text))

    def _dialog(self, dialog: Any) -> None:
        self._problems.append(f"dialog: {dialog.message}")  # an alert() ran
        dialog.dismiss()


class ChromiumDriver(Driver):
    name = "chromium"

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.caller = f"chrome-extension://{browser.extension_id}/"

    def open_tab(self, url: str) -> tuple[Tab, int]:
        page, tab_id = self.browser.open_tab(url)
        return ChromiumTab(page), tab_id

    def extension_page(self, path: str, size: tuple[int, int] | None = None) -> Tab:
        page = self.browser.context.new_page()
        width, height = size or self.browser.popup_size
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

    def background(self, body: str, *args: Any) -> Any:
        return self.call(body, *args)


# ----------------------------------------------------------------------------- Firefox


PAGE_API = (
    "if (window.wrappedJSObject.browser) {"
    " globalThis.chrome = window.wrappedJSObject.chrome;"
    " globalThis.browser = window.wrappedJSObject.browser; }"
)


class FirefoxTab(Tab):
    """A Firefox tab: every call first switches Marionette to this tab's window handle."""

    browser = "firefox"

    def __init__(self, firefox: Firefox, handle: str) -> None:
        self.firefox = firefox
        self.handle = handle
        self._errors_before = len(firefox.script_errors())

    @property
    def client(self) -> Any:
        self.firefox.switch(self.handle)
        return self.firefox.client

    def url(self) -> str:
        return str(self.client.get_url())

    def evaluate(self, expression: str) -> Any:
        return self._run(f"return ({expression});")

    def inject(self, script: str) -> None:
        self._run(script)

    def _run(self, script: str) -> Any:
        # Marionette runs the script in a sandbox, and a module the script imports runs with
        # the sandbox as its global; the page's window is seen through an Xray that hides
        # the extension API. The page's own ``chrome``/``browser`` are put on the sandbox,
        # so an extension module finds what it finds on the page itself. One named sandbox
        # per page: what a script defines stays for the next, until the page navigates
        # (as in Chromium, where it is the page's own world).
        return self.client.execute_script(
            PAGE_API + script, sandbox="metanet-tests", new_sandbox=False
        )

    def color_scheme(self, scheme: str) -> None:
        # Firefox's own override of what pages see (0 dark, 1 light): the whole browser's.
        self.client.set_pref(
            "layout.css.prefers-color-scheme.content-override", {"dark": 0, "light": 1}[scheme]
        )

    def click(self, css: str, nth: int = 0) -> None:
        """Click the ``nth`` match, found again if the popup redrew it meanwhile: an unknown
        profile's view shows its button at once and is drawn again when the page's preview
        arrives, so a button found a moment before may be gone (Playwright's locators in
        Chromium find it again by themselves)."""
        from marionette_driver.errors import StaleElementException

        for attempt in range(STALE_TRIES):
            try:
                self.client.find_elements("css selector", css)[nth].click()
                return
            except StaleElementException:
                if attempt == STALE_TRIES - 1:
                    raise
                time.sleep(0.1)

    def fill(self, css: str, value: str) -> None:
        element = self.client.find_element("css selector", css)
        element.clear()
        element.send_keys(value)

    def shot(self, path: Path) -> None:
        # Firefox sizes a toolbar popup to its content: the popup's body is what it shows.
        popup = "/popup/popup.html" in self.url()
        element = self.client.find_element("css selector", "body") if popup else None
        path.write_bytes(self.client.screenshot(element=element, format="binary", full=True))

    def reload(self) -> None:
        self.client.refresh()

    def goto(self, url: str) -> None:
        self.client.navigate(url)

    def close(self) -> None:
        self.client.close()
        self.firefox.client.switch_to_window(self.firefox.api_handle)

    def press(self, css: str, key: str) -> None:
        self.client.find_element("css selector", css).send_keys(WEBDRIVER_KEYS[key])

    def select(self, css: str, label: str) -> None:
        # Clicking an <option> chooses it as the user does (WebDriver's rule for <select>).
        options = self.client.find_elements("css selector", f"{css} option")
        labels = [option.text.strip() for option in options]
        assert label in labels, f"firefox: {css} offers no {label!r}: {labels!r}"
        options[labels.index(label)].click()

    def upload(self, css: str, file: Path) -> None:
        # Keys sent to a file input are the path of the file to pick (WebDriver's rule).
        self.client.find_element("css selector", css).send_keys(str(file))

    def download(self, css: str, nth: int = 0, timeout: float = 30.0) -> tuple[str, bytes]:
        # Firefox saves it into the profile's downloads folder (the prefs in
        # firefox_support): a ``.part`` file until it is complete.
        folder = self.firefox.downloads
        before = set(folder.iterdir())
        self.click(css, nth)

        def saved() -> Path | None:
            files = set(folder.iterdir()) - before
            if not files or any(file.suffix == ".part" for file in folder.iterdir()):
                return None
            return files.pop() if len(files) == 1 else None

        file: Path = self.wait_for(f"a download from {css}", saved, timeout)
        return file.name, file.read_bytes()

    def pdf(self) -> bytes:
        # WebDriver's Print (the Marionette client has no method for it): A4 in cm; the
        # page's own @page margins apply over the default ones, as in Chromium.
        data = self.client._send_message(
            "WebDriver:Print", {"page": {"width": 21.0, "height": 29.7}}, key="value"
        )
        return base64.b64decode(data)

    def print_media(self, on: bool) -> None:
        # What devtools' print simulation sets: the medium of this tab's browsing context.
        # Marionette selects a tab it switches to: this tab is then the selected one.
        self.firefox.chrome(PRINT_MEDIUM_SCRIPT, self.url(), "print" if on else "")

    def element_shot(self, css: str) -> bytes:
        element = self.client.find_element("css selector", css)
        shot: bytes = self.client.screenshot(element=element, format="binary")
        return shot

    def resize(self, width: int, height: int) -> None:
        # Firefox sizes the window, toolbars included: the viewport is set through the
        # difference. Firefox's window is never narrower than 500 px (its own minimum).
        client = self.client
        inner = self.evaluate("[window.innerWidth, window.innerHeight]")
        rect = client.window_rect
        client.set_window_rect(
            width=width + rect["width"] - inner[0], height=height + rect["height"] - inner[1]
        )

    def problems(self) -> list[str]:
        """Script errors from this page's origin (CONSOLE_LISTENER in firefox_support).
        An alert() never gets here: Marionette dismisses it and fails the test's next
        command with UnexpectedAlertOpen."""
        self.evaluate("1")  # the page's errors reach the browser's console before this
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(self.url()))
        return [
            f"{error['text']} ({error['source']})"
            for error in self.firefox.script_errors(self._errors_before)
            if error["source"].startswith(origin)
        ]

    def wait_loaded(self, timeout: float = 30.0) -> None:
        # Firefox's error pages (about:neterror) stay "interactive": loaded as far as they go.
        self.wait_for(
            "the page to load",
            lambda: (
                self.url() != "about:blank"
                and self.evaluate(
                    "document.readyState === 'complete'"
                    " || document.documentURI.startsWith('about:')"
                )
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

    def extension_page(self, path: str, size: tuple[int, int] | None = None) -> Tab:
        # ``size`` sets Chromium's viewport; a Firefox tab is wider, and the popup's body
        # (480 px wide, centred) is what its screenshots and heights measure.
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

    def background(self, body: str, *args: Any) -> Any:
        # The background script's window, as an extension page gets it; its own objects
        # (not the Xray view a test script gets by default).
        return self.firefox.api(
            "const metanet = (await browser.runtime.getBackgroundPage()).wrappedJSObject.metanet;"
            + body,
            *args,
        )

    def answer_permission_prompt(self, allow: bool) -> str:
        """Firefox shows ``permissions.request`` as a doorhanger in its own window: clicked
        in Marionette's chrome context, as the user clicks it."""
        client = self.firefox.client
        with client.using_context("chrome"):
            return str(client.execute_script(PROMPT_SCRIPT, script_args=[allow], sandbox="system"))

    def grant_active_tab(self, tab_id: int) -> None:
        """A click on the toolbar button grants ``activeTab`` through the add-on's tab
        manager (Firefox's ext-browserAction); the button lives in the extensions panel,
        out of a headless test's reach, so the test calls what the click calls."""
        client = self.firefox.client
        with client.using_context("chrome"):
            client.execute_script(ACTIVE_TAB_SCRIPT, script_args=[GECKO_ID, tab_id])


WEBDRIVER_KEYS = {"Enter": "\ue007", "Tab": "\ue004", "Escape": "\ue00c"}

PRINT_MEDIUM_SCRIPT = """
const [url, medium] = arguments;
const browser = gBrowser.selectedBrowser;
if (browser.currentURI.spec !== url) {
  throw new Error(`the selected tab shows ${browser.currentURI.spec}, not ${url}`);
}
browser.browsingContext.mediumOverride = medium;
"""

PROMPT_SCRIPT = """
const [allow] = arguments;
const window = Services.wm.getMostRecentWindow("navigator:browser");
const prompt = window.PopupNotifications.panel.firstElementChild;
if (!prompt || prompt.id !== "addon-webext-permissions-notification") {
  throw new Error("no permission prompt is shown: " + (prompt && prompt.id));
}
const text = prompt.textContent.replace(/\\s+/g, " ").trim();
(allow ? prompt.button : prompt.secondaryButton).click();
return text;
"""

ACTIVE_TAB_SCRIPT = """
const [id, tabId] = arguments;
const { ExtensionParent } = ChromeUtils.importESModule(
  "resource://gre/modules/ExtensionParent.sys.mjs");
const extension = ExtensionParent.GlobalManager.getExtension(id);
extension.tabManager.addActiveTabPermission(extension.tabManager.get(tabId).nativeTab);
"""


# ----------------------------------------------------------------------------- starting


@dataclass
class Stage:
    """One browser run's folders and environment, ready before the browser starts."""

    browser: str
    root: Path
    site: Site | None = None
    lang: str = "en"
    #: Chromium loads this folder (a copy with a changed manifest, where a test needs one)
    extension: Path = EXTENSION_DIR

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
        args=chromium_args(stage.extension, stage.lang, stage.site),
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


@dataclass
class Run:
    """A browser started by a :class:`Pool`, with its scripted host."""

    driver: Driver
    fake: FakeHost
    stage: Stage
    #: the requests the host received as the browser started, before any test ran
    started: list[str]


@dataclass
class Pool:
    """A test module's browsers of one kind, one per language, started on first use and
    shared by the module's tests; :meth:`use` resets what a test may have changed."""

    browser: str
    site: Site
    folders: pytest.TempPathFactory
    request: pytest.FixtureRequest
    stack: contextlib.ExitStack
    runs: dict[str, Run] = field(default_factory=dict)

    def get(self, lang: str = "en") -> Run:
        if lang not in self.runs:
            root = self.folders.mktemp(f"{self.browser}-{lang}")
            stage = Stage(browser=self.browser, root=root, site=self.site, lang=lang).prepare()
            fake = stage.fake_host()
            fake.script({"ping": PING})
            driver = self.stack.enter_context(running(stage, self.request))
            with contextlib.suppress(AssertionError):
                wait_until(lambda: "ping" in fake.actions(), 15)
            self.runs[lang] = Run(driver, fake, stage, started=fake.actions())
        return self.runs[lang]

    def use(self, lang: str = "en") -> Run:
        """The browser for ``lang`` as new: the host's script is a bare ping and its log
        empty, the settings are the defaults, the site's request log is empty."""
        run = self.get(lang)
        run.fake.reset({"ping": PING})
        run.driver.call("await api.storage.local.clear();")
        self.site.requests.clear()
        return run
