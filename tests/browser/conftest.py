"""Fixtures that drive Debian's Chromium with the unpacked extension (Playwright for Python).

Facts these rely on (measured, see shared/notes/browser-tests.md):

- Playwright always passes ``--disable-extensions``; ``--disable-extensions-except`` is what
  makes ``--load-extension`` work anyway.
- With a custom user-data dir Chromium reads native-host manifests from
  ``<user-data-dir>/NativeMessagingHosts/`` only, and the host inherits the browser's
  environment: ``HOME`` and ``METANET_HOME`` point at temporary folders.
- Saved pages are served under their real addresses: an HTTPS server on a loopback port with
  a throw-away certificate, ``--host-resolver-rules`` mapping the site there and every other
  name to NOTFOUND (nothing leaves the machine), ``--ignore-certificate-errors``.
- Extension pages forbid eval: wait with locators, never ``wait_for_function``.

When Chromium (or Playwright) is missing the tests are skipped locally but fail when
``CI=true``: browser tests must run in CI.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_support import (
    CHROMIUM,
    EXTENSION_DIR,
    HOST_NAME,
    OUTPUT_DIR,
    Browser,
    FakeHost,
    LaunchBrowser,
    Site,
    chromium_args,
    save_screenshot,
    serve_site,
    start_summary_server,
    stop_process,
    write_certificate,
)
from tests.browser.browser_support import unavailable as _unavailable

# --------------------------------------------------------------------------- reporting


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember each phase's report on the item, and attach the companion's logs to failures."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)
    if report.when != "call" or not report.failed:
        return
    funcargs = getattr(item, "funcargs", {})
    home = funcargs.get("metanet_home")
    if isinstance(home, Path):
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


@pytest.fixture
def user_data_dir(tmp_path: Path) -> Path:
    """A fresh Chromium profile; native-host manifests go into its NativeMessagingHosts/."""
    folder = tmp_path / "chromium-profile"
    folder.mkdir()
    return folder


@pytest.fixture
def browser_env(tmp_path: Path, metanet_home: Path) -> dict[str, str]:
    """The browser's environment, inherited by the native host it starts."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("METANET_")}
    env.update({"HOME": str(home), "METANET_HOME": str(metanet_home)})
    return env


# --------------------------------------------------------------------------- HTTPS site


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for the site hosts."""
    return write_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def https_site(tls_files: tuple[Path, Path]) -> Iterator[Site]:
    """A running HTTPS server; add pages before or after the browser starts."""
    with serve_site(*tls_files) as site:
        yield site


# --------------------------------------------------------------------------- native hosts


@pytest.fixture
def companion_host(
    user_data_dir: Path, browser_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Register the real companion (``metanet host``) for this profile, like ``metanet install``.

    The installer writes its launcher into ``$METANET_HOME/bin`` and bakes that folder in,
    so it runs with the test's HOME and METANET_HOME, never the real ones.
    """
    from metanet.nativehost.installer import install_into

    with monkeypatch.context() as patch:
        patch.setenv("HOME", browser_env["HOME"])
        patch.setenv("METANET_HOME", browser_env["METANET_HOME"])
        return install_into(user_data_dir / "NativeMessagingHosts", "chromium")


@pytest.fixture
def fake_host(user_data_dir: Path, metanet_home: Path, tmp_path: Path) -> FakeHost:
    """Register :class:`FakeHost` under the companion's name for this profile."""
    return FakeHost.install(
        tmp_path,
        log=metanet_home / "fake-host.log",
        manifest=user_data_dir / "NativeMessagingHosts" / f"{HOST_NAME}.json",
    )


# --------------------------------------------------------------------------- the browser


@pytest.fixture
def launch_browser(
    pw: Any,
    chromium_executable: Path,
    user_data_dir: Path,
    browser_env: dict[str, str],
    request: pytest.FixtureRequest,
) -> Iterator[LaunchBrowser]:
    """Start Chromium with the unpacked extension: ``launch_browser(lang="de", site=site)``.

    ``extension=`` loads another folder instead (a copy with a changed manifest).

    On failure every open page is saved as a screenshot under ``test-output/failures/``.
    """
    contexts: list[Any] = []

    def launch(
        *,
        lang: str = "en",
        site: Site | None = None,
        extra_args: Sequence[str] = (),
        extension: Path = EXTENSION_DIR,
    ) -> Browser:
        args = chromium_args(extension, lang, site)
        env = {**browser_env, "LANGUAGE": lang, "LANG": f"{lang}.UTF-8"}
        context = pw.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(chromium_executable),
            headless=True,
            args=[*args, *extra_args],
            env=env,
            locale=lang,
        )
        contexts.append(context)
        workers = context.service_workers
        worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=10_000)
        return Browser(context=context, service_worker=worker)

    yield launch

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for context in contexts:
        if failed:
            for index, page in enumerate(context.pages):
                with contextlib.suppress(Exception):
                    save_screenshot(page, f"{request.node.name}-{index}", OUTPUT_DIR / "failures")
        with contextlib.suppress(Exception):
            context.close()


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


@pytest.fixture
def plain_page(pw: Any, chromium_executable: Path) -> Iterator[Any]:
    """A page in Chromium without the extension (the summary page needs none)."""
    browser = pw.chromium.launch(
        executable_path=str(chromium_executable),
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    try:
        context = browser.new_context(
            locale="en-US", viewport={"width": 1200, "height": 900}, accept_downloads=True
        )
        yield context.new_page()
    finally:
        browser.close()


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
