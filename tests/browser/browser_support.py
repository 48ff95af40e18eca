"""Helpers shared by the browser tests: paths, the test site, the fake host, the browser.

Fixtures live in conftest.py; this module holds what tests also import by name.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.process_support import LOGIN, free_port, start_until_login

REPO = Path(__file__).resolve().parents[2]
EXTENSION_DIR = REPO / "extension"
OUTPUT_DIR = REPO / "test-output"
FAKE_HOST = Path(__file__).resolve().parent / "fake_host.py"

EXTENSION_ID = "jlhpbiohcmkoogpcaocbejgjkjbhbopc"
HOST_NAME = "metanet.companion"
CHROMIUM = Path(os.environ.get("METANET_CHROMIUM", "/usr/bin/chromium"))
# Hosts the test server answers for; every other name fails to resolve.
SITE_HOSTS = (
    "www.linkedin.com",
    "www.example.org",
    "www.xing.com",
    "github.com",
    "social.example.net",  # a Mastodon instance no manifest names
)


#: the companion's answer to the ping every scripted host gets first
PING = {"result": {"version": "0.1.0", "protocol": 1, "database": "/tmp/metanet.db"}}
PROFILE_URL = "https://www.linkedin.com/in/jana-example/"
PROFILE_HTML = """<!doctype html><html lang="en"><head><title>Jana Example | LinkedIn</title>
</head><body><h1>Jana Example</h1><p>Engineer at Acme GmbH</p></body></html>"""
SPA_PAGE = (Path(__file__).parent / "pages" / "spa-contacts.html").read_text(encoding="utf-8")
#: what the shared test site serves (on every host in SITE_HOSTS), for the scripted scenarios
SCENARIO_PAGES = {
    "/in/jana-example/": PROFILE_HTML,
    "/": "<!doctype html><title>Example</title><p>Not a network.</p>",
    "/profile/Jana_Example/contacts": SPA_PAGE,
    "/profile/Person_3": SPA_PAGE,
    "/@jana": "<!doctype html><title>Jana (@jana@social.example.net)</title>",
    "/team/jana": "<!doctype html><title>Jana – Team</title><h1>Jana</h1>",
}


def unavailable(reason: str) -> None:
    """Skip locally; in CI a browser test that cannot run is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


def wait_until(
    check: Callable[[], Any], timeout: float = 10.0, interval: float = 0.1, what: str = ""
) -> Any:
    """Poll ``check`` until it returns something truthy; fail with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or check}")
        time.sleep(interval)


def chromium_args(extension: Path, lang: str, site: Site | None) -> list[str]:
    """Chromium's switches for a test run with the unpacked ``extension``."""
    args = [
        f"--disable-extensions-except={extension}",
        f"--load-extension={extension}",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--lang={lang}",
    ]
    if site is None:
        return [*args, f"--host-resolver-rules={NOTHING_ELSE}"]
    return [*args, f"--host-resolver-rules={site.resolver_rules}", "--ignore-certificate-errors"]


# Every other name fails to resolve, so nothing is even attempted off the machine; the
# loopback literal stays reachable for the summary page (the rules match IP literals too).
NOTHING_ELSE = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@dataclass
class Site:
    """Pages served over HTTPS on a loopback port, reachable under the real site names."""

    port: int
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    hosts: tuple[str, ...] = SITE_HOSTS  # the names mapped to this server

    def add(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        """Serve ``body`` at ``path`` (on every site host)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (content_type, data)

    def add_file(self, path: str, file: Path) -> None:
        """Serve a saved page as it was saved (bytes untouched)."""
        self.add(path, file.read_bytes())

    @property
    def resolver_rules(self) -> str:
        maps = [f"MAP {host}:443 127.0.0.1:{self.port}" for host in self.hosts]
        return ", ".join([*maps, NOTHING_ELSE])


def write_certificate(folder: Path, hosts: tuple[str, ...] = SITE_HOSTS) -> tuple[Path, Path]:
    """A throw-away self-signed certificate (and key) for ``hosts`` in ``folder``.

    Chromium ignores its validity anyway under ``--ignore-certificate-errors``; the names
    just keep it honest. The cryptography package when installed, else openssl.
    """
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        _write_certificate_with_cryptography(cert, key, hosts)
    except ImportError:
        if shutil.which("openssl") is None:
            unavailable("neither the cryptography package nor openssl is available")
        sans = ",".join(f"DNS:{host}" for host in hosts)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={hosts[0]}",
             "-addext", f"subjectAltName={sans}"],
            check=True, capture_output=True,
        )  # fmt: skip
    return cert, key


def _write_certificate_with_cryptography(
    cert_path: Path, key_path: Path, hosts: tuple[str, ...]
) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(host) for host in hosts]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@contextlib.contextmanager
def serve_site(cert: Path, key: Path, hosts: tuple[str, ...] = SITE_HOSTS) -> Iterator[Site]:
    """A running HTTPS server on a loopback port; add pages before or after the browser
    starts. Pages are found by path alone (on every host, whatever the query)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    site_ref: list[Site] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site = site_ref[0]
            path = urlsplit(self.path).path
            site.requests.append(f"{self.headers.get('Host')}{path}")
            content_type, body = site.pages.get(path, ("text/plain", b""))
            status = 200 if path in site.pages else 404
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    site_ref.append(Site(port=server.server_address[1], hosts=hosts))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site_ref[0]
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class FakeHost:
    """A scripted stand-in for the companion (tests/browser/fake_host.py).

    ``script`` maps an action to what the host does: ``{"result": ...}``,
    ``{"error": {"code", "message"}}``, ``{"hang": true}`` (never answers) or
    ``{"exit": true}`` (exits without answering). It is re-read on every request, so a test
    can change it while the browser runs. Every request received is appended to ``log``.
    """

    script_file: Path
    log: Path
    launcher: Path
    manifest: Path

    #: Firefox's add-on id when the manifest is for Firefox (``allowed_extensions``)
    gecko_id: str | None = None

    @classmethod
    def install(
        cls, folder: Path, log: Path, manifest: Path, gecko_id: str | None = None
    ) -> FakeHost:
        """A fake host with its script and launcher in ``folder``, registered at ``manifest``
        with an empty script (every action unknown until a test scripts it)."""
        fake = cls(
            script_file=folder / "fake-host-script.json",
            log=log,
            launcher=folder / "fake-host.sh",
            manifest=manifest,
            gecko_id=gecko_id,
        )
        fake.script({})
        fake.launcher.write_text(
            f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_HOST}" '
            f'"{fake.script_file}" "{fake.log}" "$@"\n',
            encoding="utf-8",
        )
        fake.launcher.chmod(0o755)
        fake.register()
        return fake

    def register(self, extension_id: str = EXTENSION_ID) -> None:
        """Write the host manifest, allowing ``extension_id`` (as ``metanet install`` would)."""
        self.manifest.parent.mkdir(parents=True, exist_ok=True)
        allowed = (
            {"allowed_extensions": [self.gecko_id]}
            if self.gecko_id
            else {"allowed_origins": [f"chrome-extension://{extension_id}/"]}
        )
        manifest = {
            "name": HOST_NAME,
            "description": "Metanet test double",
            "path": str(self.launcher),
            "type": "stdio",
            **allowed,
        }
        self.manifest.write_text(json.dumps(manifest), encoding="utf-8")

    def unregister(self) -> None:
        """Remove the host manifest (as ``metanet uninstall`` would)."""
        self.manifest.unlink(missing_ok=True)

    def script(self, actions: dict[str, Any]) -> None:
        self.script_file.write_text(json.dumps(actions), encoding="utf-8")

    def reset(self, actions: dict[str, Any]) -> None:
        """Forget the requests so far and follow ``actions`` (a browser shared by tests)."""
        self.log.unlink(missing_ok=True)
        self.script(actions)

    def requests(self) -> list[dict[str, Any]]:
        if not self.log.is_file():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def actions(self) -> list[str]:
        return [request.get("action", "") for request in self.requests()]

    def captures(self) -> list[dict[str, Any]]:
        """The ``capture`` requests received, each with the page sent under ``page``."""
        found = []
        for request in self.requests():
            if request.get("action") == "capture":
                page = Path(request["_html_file"]).read_text(encoding="utf-8")
                found.append({**request, "page": page})
        return found


@dataclass
class Browser:
    """A running Chromium with the extension loaded."""

    context: Any
    service_worker: Any
    popup_size: tuple[int, int] = (420, 640)

    @property
    def extension_id(self) -> str:
        return urlsplit(self.service_worker.url).hostname or ""

    def open_tab(self, url: str) -> tuple[Any, int]:
        """Open ``url`` through ``chrome.tabs.create``, wait for the load, return page and tab id.

        Asking the extension for the tab is the only way to learn its id on sites the
        extension has no permission for (it cannot see their URLs).
        """
        with self.context.expect_page() as new_page:
            tab_id = self.service_worker.evaluate(
                "async (url) => (await chrome.tabs.create({ url })).id", url
            )
        page = new_page.value
        page.wait_for_load_state()
        assert isinstance(tab_id, int)
        return page, tab_id


def start_summary_server(metanet_home: Path, user_home: Path) -> tuple[subprocess.Popen[str], str]:
    """Start ``metanet serve`` on a free port over ``metanet_home``: (the process, its login
    URL). Fill the database first; stop it with :func:`stop_process`."""
    user_home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("METANET_")}
    env.update({"METANET_HOME": str(metanet_home), "HOME": str(user_home)})
    proc, output = start_until_login(["serve", "--port", str(free_port())], env)
    login = LOGIN.search(output)
    assert login is not None
    return proc, login.group(0)
