"""Fixtures for the browser tests: each extension scenario runs in Debian's Chromium with the
unpacked extension (Playwright for Python) and in Firefox ESR with the built add-on
(Marionette), through drivers.py — ``pool``/``use``/``browser``/``fake`` share one browser
per module, language and browser with a scripted host; ``browser_name`` and
``companion_stage`` give a test a browser of its own (the real companion). The summary
pages' tests open them in the same browsers (``browser``, ``pool``).

Chromium facts these rely on (measured, see shared/notes/browser-tests.md; Firefox's are in
firefox_support.py):

- Playwright always passes ``--disable-extensions``; ``--disable-extensions-except`` is what
  makes ``--load-extension`` work anyway.
- With a custom user-data dir Chromium reads native-host manifests from
  ``<user-data-dir>/NativeMessagingHosts/`` only, and the host inherits the browser's
  environment: ``HOME`` and ``METANET_HOME`` point at temporary folders.
- Saved pages are served under their real addresses: an HTTPS server on a loopback port with
  a throw-away certificate, ``--host-resolver-rules`` mapping the site there and every other
  name to NOTFOUND (nothing leaves the machine), ``--ignore-certificate-errors``.
- Extension pages forbid eval: tests poll from outside (drivers.Tab.wait_for), never
  ``wait_for_function``.

When Chromium (or Playwright, Firefox, Marionette) is missing the tests are skipped
locally but fail when ``CI=true``: browser tests must run in CI.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_support import (
    CHROMIUM,
    SCENARIO_PAGES,
    FakeHost,
    Site,
    serve_site,
    start_summary_server,
    write_certificate,
)
from tests.browser.browser_support import unavailable as _unavailable
from tests.browser.drivers import BROWSERS, Driver, Pool, Run, Stage
from tests.process_support import stop_process

# --------------------------------------------------------------------------- reporting


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's report on the item, and attach the companion's logs to failures."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)
    if report.when != "call" or not report.failed:
        return
    homes = []
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, Run):
            value = value.stage
        if isinstance(value, Stage):
            value = value.metanet_home
        if isinstance(value, Path) and value.name == "metanet-home":
            homes.append(value)
    for home in homes:
        for log in (home / "logs" / "metanet.log", home / "fake-host.log"):
            if log.is_file():
                text = log.read_text(encoding="utf-8", errors="replace")
                report.sections.append((f"{log.name} (last 200 lines)", _tail(text, 200)))


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


# --------------------------------------------------------------------------- environment


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Debian's Chromium (``apt-get install chromium``); never Playwright's own download."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    return CHROMIUM


@pytest.fixture(scope="module")
def pw(chromium_executable: Path) -> Iterator[Any]:
    """One Playwright driver per test module.

    Not per session: the sync driver keeps an asyncio loop running in this thread while it
    is open, and the aiohttp tests that run after the browser tests need to start their own.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def metanet_home(tmp_path: Path) -> Path:
    """``$METANET_HOME`` for this test: the companion's database and logs go here."""
    folder = tmp_path / "metanet-home"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for the site hosts."""
    return write_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def https_site(tls_files: tuple[Path, Path]) -> Iterator[Site]:
    """A running HTTPS server; add pages before or after the browser starts."""
    with serve_site(*tls_files) as site:
        yield site


# --------------------------------------------------------------------------- summary page


@pytest.fixture
def summary_server(tmp_path: Path, metanet_home: Path) -> Iterator[Callable[[], str]]:
    """Start ``metanet serve`` on a free port over ``metanet_home``; returns its login URL.

    Call it after filling the database. The server is stopped at the end of the test.
    """
    procs: list[subprocess.Popen[str]] = []

    def start() -> str:
        proc, url = start_summary_server(metanet_home, tmp_path / "user-home")
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        stop_process(proc)


# --------------------------------------------------------------------------- Firefox
# (drivers.py starts either browser for the scenarios in test_both_browsers*.py)


@pytest.fixture(scope="session")
def firefox_executable() -> Path:
    """Debian's firefox-esr, at least the add-on's ``strict_min_version`` (else it refuses it)."""
    from tests.browser.firefox_support import MIN_VERSION, firefox_executable, firefox_version

    path = firefox_executable()
    version = firefox_version(path)
    if version < MIN_VERSION:
        _unavailable(
            f"{path} is Firefox {'.'.join(map(str, version)) or '?'}; the add-on needs "
            f"{'.'.join(map(str, MIN_VERSION))} or newer (Debian: firefox-esr from the "
            "security archive)"
        )
    try:
        import marionette_driver  # noqa: F401
    except ImportError:
        _unavailable("Mozilla's Marionette client is not installed: pip install -e '.[test]'")
    return path


@pytest.fixture(scope="session")
def firefox_addon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Firefox build of the extension, made by scripts/build_extension.py (``make dist``)."""
    from tests.browser.firefox_support import build_addon

    return build_addon(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module", params=BROWSERS)
def pool(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    tls_files: tuple[Path, Path],
) -> Iterator[Pool]:
    """Each browser in turn, for a whole module, over the site with SCENARIO_PAGES and a
    scripted host (fake_host.py). Tests take it through ``use``."""
    with serve_site(*tls_files) as site, contextlib.ExitStack() as stack:
        for path, body in SCENARIO_PAGES.items():
            site.add(path, body)
        yield Pool(str(request.param), site, tmp_path_factory, request, stack)


@pytest.fixture
def use(pool: Pool) -> Iterator[Callable[..., Run]]:
    """``use(lang="en")``: the module's browser for ``lang``, reset for this test; the
    tabs the test opened are closed afterwards."""
    used: list[Run] = []

    def use(lang: str = "en") -> Run:
        run = pool.use(lang)
        used.append(run)
        return run

    yield use
    for run in used:
        with contextlib.suppress(Exception):
            run.driver.close_tabs()


@pytest.fixture
def run(use: Callable[..., Run]) -> Run:
    """The module's English browser, reset for this test."""
    return use()


@pytest.fixture
def browser(run: Run) -> Driver:
    return run.driver


@pytest.fixture
def fake(run: Run) -> FakeHost:
    return run.fake


@pytest.fixture(params=BROWSERS)
def browser_name(request: pytest.FixtureRequest) -> str:
    """Each browser in turn, for a test that starts its own (``drivers.Stage``, ``running``)."""
    return str(request.param)


@pytest.fixture
def companion_stage(browser_name: str, tmp_path: Path, real_site: Site) -> Iterator[Stage]:
    """Folders for one run over the module's ``real_site`` with the real companion
    registered as ``metanet install`` does; stops the summary server the host starts
    detached for "Open summary"."""
    stage = Stage(browser=browser_name, root=tmp_path, site=real_site).prepare()
    stage.companion()
    yield stage
    record = stage.metanet_home / "server.json"
    if record.exists():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(json.loads(record.read_text())["pid"]), signal.SIGTERM)
