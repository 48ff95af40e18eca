"""Debian's Firefox ESR with the built add-on, driven through Marionette (Mozilla's client).

Facts these rely on (measured, see shared/notes/firefox-tests.md):

- Playwright's Firefox is a patched build that cannot be fetched here and Debian has no
  geckodriver, so the test talks Marionette itself (``marionette_driver`` from PyPI).
- ``-remote-allow-system-access`` is required, or ``moz-extension://`` pages are refused.
- A fresh profile with ``marionette.port`` 0: Firefox writes the port it chose to
  ``<profile>/MarionetteActivePort``. ``extensions.webextensions.uuids`` pins the add-on's
  ``moz-extension://<UUID>/`` address.
- Real site names stay on the machine: ``network.dns.forceResolve`` sends every name to
  127.0.0.1 and ``network.socket.forcePort`` sends port 443 to the test server (80 to a
  closed port); with ``acceptInsecureCerts`` the throw-away certificate is taken. These
  stand in for Chromium's ``--host-resolver-rules`` and ``--ignore-certificate-errors``.
- Firefox reads native-host manifests from ``$HOME/.mozilla/native-messaging-hosts/`` only
  (no per-profile folder as Chromium has), so each Firefox gets its own HOME.
- The add-on is the one ``make dist`` builds (``dist/firefox``), installed as a temporary
  add-on (unsigned is fine then).
- Extension APIs are reached from an extension document: the add-on's own icon opened in a
  tab is one, and loads nothing that talks to the companion.
- Firefox is started directly, never through a shell: ending a wrapper leaves it running.
- Measured while porting the Chromium-only tests (drivers.py uses these):
  ``permissions.request`` shows the doorhanger ``addon-webext-permissions-notification`` in
  the browser window, open even headless; Marionette's chrome context clicks its Allow/Deny.
  ``runtime.getBackgroundPage()`` works for the MV3 background script, its objects through
  ``wrappedJSObject`` (a test script sees Xrays: an error's ``code`` is hidden otherwise).
  Error pages (about:neterror) stay at readyState "interactive". Removing an origin's
  permission makes Firefox drop the content scripts registered for it by itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.browser.browser_support import REPO, unavailable

sys.path.insert(0, str(REPO / "scripts"))
import build_extension

GECKO_ID = build_extension.GECKO_ID
#: the add-on's address, moz-extension://<UUID>/ (any fixed UUID: Firefox takes it as given)
ADDON_UUID = "5f3c7a52-1b9e-4d1e-9a0c-6d2b8f0e4a11"
ADDON_ORIGIN = f"moz-extension://{ADDON_UUID}/"
MIN_VERSION = tuple(int(part) for part in build_extension.FIREFOX_MIN_VERSION.split("."))

#: Background services that would talk to Mozilla, and first-run pages: all off.
QUIET_PREFS: dict[str, Any] = {
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "browser.aboutwelcome.enabled": False,
    "browser.discovery.enabled": False,
    "browser.newtabpage.enabled": False,
    "browser.ping-centre.telemetry": False,
    "browser.region.network.url": "",
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "browser.search.update": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.tabs.warnOnClose": False,
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.update.enabled": False,
    "media.gmp-manager.url": "",
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.http.speculative-parallel-limit": 0,
    "services.settings.server": "http://127.0.0.1:9/",
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
}
#: the add-on's icon: an extension document that requests nothing from the companion
API_PAGE = "icons/icon-16.png"
#: what the summary pages offer as downloads: saved without asking (with the prefs below)
DOWNLOAD_TYPES = (
    "application/json,application/zip,application/octet-stream,image/png,text/csv,"
    "text/plain,text/vcard,text/x-vcard"
)

#: In the browser's own (chrome) context: collect every script error the console service
#: receives. Content processes forward their pages' errors there (uncaught exceptions,
#: CSP violations, scripts that failed to load), each with the address it came from.
#: Measured against the alternatives: a listener a test script installs in the page
#: misses what happens while the page loads (and is gone after each navigation), and
#: ``devtools.console.stdout.content`` writes console.* calls to stdout without the
#: page's address and without CSP violations.
CONSOLE_LISTENER = """
if (!window.metanetErrors) {
  const errors = [];
  const quiet = Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag;
  Services.console.registerListener({
    observe(message) {
      if (message instanceof Ci.nsIScriptError && !(message.flags & quiet)) {
        errors.push({ source: message.sourceName, text: message.errorMessage });
      }
    },
  });
  window.metanetErrors = errors;
}
"""


def firefox_executable() -> Path:
    """Debian's firefox-esr (``METANET_FIREFOX`` overrides); skipped locally, failed in CI."""
    named = os.environ.get("METANET_FIREFOX") or shutil.which("firefox-esr") or "firefox"
    path = shutil.which(named)
    if path is None:
        unavailable(f"Firefox not found ({named}): apt-get install -y firefox-esr")
    assert path is not None
    return Path(path)


def firefox_version(executable: Path) -> tuple[int, ...]:
    """``Mozilla Firefox 153.8.0esr`` -> (153, 8, 0)."""
    out = subprocess.run(
        [str(executable), "--version"], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    words = out.split()
    digits = words[-1].removesuffix("esr") if words else ""
    try:
        return tuple(int(part) for part in digits.split("."))
    except ValueError:
        return ()


def build_addon(out: Path) -> Path:
    """The Firefox build, as ``make dist`` writes it; returns its unpacked folder."""
    build_extension.build(out)
    return out / "firefox"


def user_js(prefs: dict[str, Any]) -> str:
    return "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items())


@dataclass
class Firefox:
    """A running Firefox with the add-on installed, and its Marionette session."""

    client: Any
    process: subprocess.Popen[bytes]
    api_handle: str  # a tab showing an extension document, for browser.* calls
    profile: Path

    def api(self, body: str, *args: Any) -> Any:
        """Run ``body`` (an async function body with ``browser`` and ``args``) as the add-on."""
        self.switch(self.api_handle)
        return self.client.execute_script(
            "const browser = window.wrappedJSObject.browser;"
            f"return (async (args) => {{ {body} }})(arguments);",
            script_args=list(args),
        )

    def switch(self, handle: str) -> None:
        if self.client.current_window_handle != handle:
            self.client.switch_to_window(handle)

    def chrome(self, script: str, *args: Any) -> Any:
        """Run ``script`` in the browser's own window (Marionette's chrome context)."""
        with self.client.using_context("chrome"):
            return self.client.execute_script(script, script_args=list(args))

    def script_errors(self, since: int = 0) -> list[dict[str, str]]:
        """The script errors of every page since the ``since``-th (CONSOLE_LISTENER)."""
        errors: list[dict[str, str]] = self.chrome(
            "return window.metanetErrors.slice(arguments[0]);", since
        )
        return errors

    @property
    def downloads(self) -> Path:
        """Where this Firefox saves what a page offers for download."""
        return self.profile / "downloads"


@contextlib.contextmanager
def launch_firefox(
    *,
    executable: Path,
    addon: Path,
    profile: Path,
    env: dict[str, str],
    site_port: int | None = None,
    lang: str = "en",
) -> Iterator[Firefox]:
    """Start Firefox on a fresh ``profile`` with ``env`` (its HOME holds the host manifest),
    install ``addon`` temporarily, and quit it afterwards."""
    from marionette_driver.addons import Addons
    from marionette_driver.marionette import Marionette

    profile.mkdir(parents=True, exist_ok=True)
    prefs = {
        **QUIET_PREFS,
        "marionette.port": 0,
        "extensions.webextensions.uuids": json.dumps({GECKO_ID: ADDON_UUID}),
        "network.dns.forceResolve": "127.0.0.1",
        # 9 is the discard port: nothing listens there, so plain HTTP to a site fails.
        "network.socket.forcePort": f"443={site_port or 9};80=9",
        "intl.locale.requested": lang,
        "intl.accept_languages": lang,
        # A download is saved into the profile's downloads folder, never asked about.
        "browser.download.dir": str(profile / "downloads"),
        "browser.download.folderList": 2,
        "browser.download.useDownloadDir": True,
        "browser.download.always_ask_before_handling_new_types": False,
        "browser.download.alwaysOpenPanel": False,
        "browser.helperApps.neverAsk.saveToDisk": DOWNLOAD_TYPES,
    }
    (profile / "downloads").mkdir(exist_ok=True)
    (profile / "user.js").write_text(user_js(prefs), encoding="utf-8")
    port_file = profile / "MarionetteActivePort"
    process = subprocess.Popen(
        [str(executable), "-headless", "-marionette", "-remote-allow-system-access",
         "-no-remote", "-profile", str(profile)],
        # Firefox honours services.settings.server only with MOZ_REMOTE_SETTINGS_DEVTOOLS.
        env={**env, "MOZ_HEADLESS": "1", "MOZ_REMOTE_SETTINGS_DEVTOOLS": "1",
             "LANG": f"{lang}.UTF-8", "LANGUAGE": lang},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not port_file.is_file() or not port_file.read_text().strip():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"Firefox did not start (exit code {process.poll()})")
            time.sleep(0.05)
        client = Marionette(host="127.0.0.1", port=int(port_file.read_text()))
        client.start_session({"acceptInsecureCerts": True})
        Addons(client).install(str(addon), temp=True)
        client.navigate(ADDON_ORIGIN + API_PAGE)
        firefox = Firefox(
            client=client,
            process=process,
            api_handle=client.current_window_handle,
            profile=profile,
        )
        firefox.chrome(CONSOLE_LISTENER)
        yield firefox
        with contextlib.suppress(Exception):
            client.delete_session()
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
