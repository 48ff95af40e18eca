"""Saved pages as Chromium serialises them: what the extension's content script sends.

The content script (``extension/content/capture.js``) sends
``document.documentElement.outerHTML`` of the live page: the DOM after Chromium's HTML
parser and the page's own scripts, never the bytes the server sent. Parsers must give the
same result on both, so every real-page expectation is checked on this DOM too.

A page is produced by loading the saved file in Debian's Chromium under its real address
(an HTTPS server on a loopback port with a throw-away certificate; ``--host-resolver-rules``
maps the site's name there and every other name to NOTFOUND, so nothing leaves the
machine), waiting until the DOM is quiet, and reading ``outerHTML`` as the content script
does. Results are cached outside git in ``.cache/browser-dom/``, keyed by the saved page's
sha256 and the Chromium version: a new page or a new Chromium produces them again.

When Chromium or Playwright is missing they are skipped locally; with ``CI=true`` that is
a failure (see ``tests/browser/browser_support.unavailable``).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.browser.browser_support import CHROMIUM, serve_site, unavailable, write_certificate

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "browser-dom"
# What capture.js sends, read the same way (from the page's own world: one DOM either way).
OUTER_HTML = "document.documentElement.outerHTML"
QUIET_MS = 700  # capture.js counts a page as settled after this long without changes
MAX_WAIT_S = 6.0


def chromium_version() -> str:
    """``156.0.8078.129`` for Debian's Chromium; part of each cache key."""
    if not CHROMIUM.is_file():
        unavailable(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    found = subprocess.run(
        [str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    match = re.search(r"(\d+\.\d+\.\d+\.\d+)", found.stdout)
    if match is None:
        unavailable(f"{CHROMIUM} --version said nothing usable: {found.stdout[-200:]!r}")
    return match.group(1) if match else "unknown"


def cache_file(saved: bytes, version: str) -> Path:
    return CACHE / f"{hashlib.sha256(saved).hexdigest()}-chromium-{version}.html"


def serialised(pages: Sequence[tuple[Path, str]]) -> dict[Path, str]:
    """The browser's DOM for each (saved file, real address), from the cache or made now.

    All missing pages are made in one browser session, which is closed before returning
    (the sync Playwright driver must not outlive this call: later tests run their own
    event loops).
    """
    version = chromium_version()
    found: dict[Path, str] = {}
    missing: list[tuple[Path, str, Path]] = []
    for saved, url in pages:
        cached = cache_file(saved.read_bytes(), version)
        if cached.is_file():
            found[saved] = cached.read_text(encoding="utf-8")
        else:
            missing.append((saved, url, cached))
    if missing:
        found.update(_produce(missing))
    return found


def _produce(missing: list[tuple[Path, str, Path]]) -> dict[Path, str]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed: pip install -e '.[test]'")
    hosts = tuple(sorted({urlsplit(url).hostname or "" for _, url, _ in missing}))
    made: dict[Path, str] = {}
    with (
        tempfile.TemporaryDirectory() as folder,
        serve_site(*write_certificate(Path(folder), hosts), hosts=hosts) as site,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                f"--host-resolver-rules={site.resolver_rules}",
                "--ignore-certificate-errors",
            ],
        )
        try:
            for saved, url, cached in missing:
                # One page at a time: the server finds pages by path, and two saved pages
                # may share one (three LinkedIn searches).
                site.pages = {urlsplit(url).path or "/": _html(saved.read_bytes())}
                html = _load(browser, url)
                CACHE.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(".part")
                partial.write_text(html, encoding="utf-8")
                partial.replace(cached)
                made[saved] = html
        finally:
            browser.close()
    return made


def _html(body: bytes) -> tuple[str, bytes]:
    return "text/html; charset=utf-8", body


def _load(browser: Any, url: str) -> str:
    """Open ``url``, wait for ``load`` and a quiet DOM, return the serialised document."""
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=60_000)
        _wait_quiet(page)
        html: str = page.evaluate(OUTER_HTML)
        return html
    finally:
        context.close()


def _wait_quiet(page: Any) -> None:
    """Until the number of elements has not changed for ``QUIET_MS`` (at most ``MAX_WAIT_S``),
    as the content script waits before it reports a page."""
    deadline = time.monotonic() + MAX_WAIT_S
    last = -1
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        count = page.evaluate("document.getElementsByTagName('*').length")
        now = time.monotonic()
        if count != last:
            last, quiet_since = count, now
        elif now - quiet_since >= QUIET_MS / 1000:
            return
        time.sleep(0.1)
