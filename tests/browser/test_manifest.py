"""The manifest and the per-browser builds (scripts/build_extension.py): what each browser
needs, that the site lists agree everywhere, and ``web-ext lint`` on the Firefox build.

No browser needed, but these belong with the extension's tests; ``web-ext lint`` needs Node
and ``npm ci`` (skipped locally without them, a failure in CI).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_support import EXTENSION_DIR, REPO, unavailable

sys.path.insert(0, str(REPO / "scripts"))
import build_extension

SOURCE = json.loads((EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8"))
NETWORK_HOSTS = [
    "https://www.linkedin.com/*", "https://*.linkedin.com/*", "https://www.xing.com/*",
    "https://www.facebook.com/*", "https://m.facebook.com/*", "https://mbasic.facebook.com/*",
    "https://web.facebook.com/*", "https://www.instagram.com/*", "https://x.com/*",
    "https://twitter.com/*", "https://github.com/*",
]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build_extension.build(out)
    return out


def manifest_in(zip_path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(zip_path) as zf:
        data: dict[str, Any] = json.loads(zf.read("manifest.json"))
        return data


def test_every_network_has_the_content_script_and_access() -> None:
    (script,) = SOURCE["content_scripts"]
    assert script["matches"] == NETWORK_HOSTS
    assert SOURCE["host_permissions"] == NETWORK_HOSTS
    assert script["js"] == ["content/capture.js"] and script["all_frames"] is False
    # Mastodon on any instance: one origin at a time, asked for in the options page.
    assert SOURCE["optional_host_permissions"] == ["https://*/*"]
    assert {"nativeMessaging", "storage", "scripting", "activeTab"} == set(SOURCE["permissions"])
    assert SOURCE["options_ui"]["page"] == "options/options.html"


def test_the_site_table_in_javascript_matches_the_manifest() -> None:
    """common/sites.js decides which site's auto-capture switch applies: same hosts."""
    text = (EXTENSION_DIR / "common" / "sites.js").read_text(encoding="utf-8")
    hosts = re.findall(r"hosts: \[([^\]]*)\]", text)
    patterns = [f"https://{h}/*" for group in hosts for h in re.findall(r'"([^"]+)"', group)]
    assert patterns == NETWORK_HOSTS


def test_chromium_build(built: Path) -> None:
    manifest = manifest_in(built / "metanet-chromium.zip")
    assert manifest["background"] == {
        "service_worker": "background/service-worker.js",
        "type": "module",
    }
    assert manifest["key"] == SOURCE["key"]  # the stable ID the native host allows
    assert "browser_specific_settings" not in manifest


def test_firefox_build(built: Path) -> None:
    manifest = manifest_in(built / "metanet-firefox.zip")
    assert manifest["manifest_version"] == 3
    assert manifest["background"] == {
        "scripts": ["background/service-worker.js"],
        "type": "module",
    }
    assert "key" not in manifest
    gecko = manifest["browser_specific_settings"]["gecko"]
    assert gecko["id"] == "metanet@metanet.app"
    assert gecko["strict_min_version"] == "142.0"
    assert gecko["data_collection_permissions"] == {"required": ["none"]}


def test_both_zips_hold_the_whole_tree_and_are_reproducible(built: Path, tmp_path: Path) -> None:
    expected = {
        p.relative_to(EXTENSION_DIR).as_posix() for p in EXTENSION_DIR.rglob("*") if p.is_file()
    }
    for browser in ("chromium", "firefox"):
        with zipfile.ZipFile(built / f"metanet-{browser}.zip") as zf:
            assert set(zf.namelist()) == expected
    build_extension.build(tmp_path)
    for browser in ("chromium", "firefox"):
        name = f"metanet-{browser}.zip"
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes()


def test_web_ext_lint_passes_on_the_firefox_build(built: Path) -> None:
    web_ext = REPO / "node_modules" / ".bin" / "web-ext"
    if shutil.which("node") is None or not web_ext.exists():
        unavailable("web-ext is not installed: npm ci")
    run = subprocess.run(
        [str(web_ext), "lint", "--source-dir", str(built / "firefox"), "--output", "json",
         "--no-config-discovery"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    report = json.loads(run.stdout)
    problems = report["errors"] + report["warnings"] + report["notices"]
    assert problems == [], json.dumps(problems, indent=2)
    assert run.returncode == 0
