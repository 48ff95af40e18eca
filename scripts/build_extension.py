"""Build one zip per browser family from the single extension/ source tree.

    python scripts/build_extension.py [--out dist]

writes ``dist/chromium/`` and ``dist/firefox/`` (unpacked, for ``web-ext lint`` and for
loading by hand) and ``dist/metanet-chromium.zip`` / ``dist/metanet-firefox.zip``.

Only the manifest differs between the two builds:

- Chromium (Chrome, Chromium, Edge, Brave, Vivaldi): MV3 with a module service worker.
  ``key`` stays, so an unpacked or self-hosted install keeps the ID the native host allows
  (a store upload ignores it); ``browser_specific_settings`` is dropped (Chromium warns on
  unknown keys).
- Firefox: no service workers in extensions, so the same module runs as a background
  script (``background.scripts`` with ``"type": "module"``, MDN: manifest.json/background);
  ``browser_specific_settings.gecko`` carries the add-on ID the host's
  ``allowed_extensions`` lists and the oldest Firefox we support; ``key`` is dropped
  (Firefox rejects it).

Zips are reproducible: sorted entries, fixed timestamps and modes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "extension"
GECKO_ID = "metanet@metanet.app"
# 142: the first release (desktop and Android) that knows the data-collection declaration
# (web-ext lint warns below it); MV3 background modules, optional_host_permissions,
# scripting.registerContentScripts and host permissions granted at install time (127+) are
# all older. Firefox ESR 140 is left out; ESR 153 (Debian's firefox-esr here) is in.
FIREFOX_MIN_VERSION = "142.0"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
SKIP = {".DS_Store", "Thumbs.db"}


def chromium_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in manifest.items() if k != "browser_specific_settings"}
    return out


def firefox_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in manifest.items() if k != "key"}
    worker = manifest["background"]["service_worker"]
    out["background"] = {"scripts": [worker], "type": "module"}
    out["browser_specific_settings"] = {
        "gecko": {
            "id": GECKO_ID,
            "strict_min_version": FIREFOX_MIN_VERSION,
            # Nothing leaves the machine (DESIGN §5): Firefox's data-collection declaration.
            "data_collection_permissions": {"required": ["none"]},
        }
    }
    return out


BUILDS = {"chromium": chromium_manifest, "firefox": firefox_manifest}


def source_files() -> list[Path]:
    return sorted(
        path
        for path in SOURCE.rglob("*")
        if path.is_file() and path.name not in SKIP and path.name != "manifest.json"
    )


def build(out: Path) -> dict[str, Path]:
    """Write the unpacked trees and zips under ``out``; return the zip per browser."""
    manifest = json.loads((SOURCE / "manifest.json").read_text(encoding="utf-8"))
    files = source_files()
    zips: dict[str, Path] = {}
    for browser, transform in BUILDS.items():
        tree = out / browser
        if tree.exists():
            shutil.rmtree(tree)
        text = json.dumps(transform(manifest), indent=2, ensure_ascii=False) + "\n"
        entries = [("manifest.json", text.encode("utf-8"))]
        entries += [(path.relative_to(SOURCE).as_posix(), path.read_bytes()) for path in files]
        archive = out / f"metanet-{browser}.zip"
        out.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in sorted(entries):
                target = tree / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        zips[browser] = archive
    return zips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="output folder")
    args = parser.parse_args(argv)
    for browser, archive in build(args.out).items():
        print(f"{browser}: {archive} ({archive.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
