#!/usr/bin/env python3
"""Copy the summary page's third-party browser files from node_modules into the package.

The summary page must work with no internet (nothing leaves the computer), so the graph library is
shipped inside ``metanet.web`` rather than loaded from a CDN. Run ``npm install`` first,
then this script; commit what it copies. Re-run it after upgrading a package.

The ES-module build is copied under a ``.js`` name: aiohttp's static handler picks the
Content-Type from the suffix, and browsers refuse module scripts not served as JavaScript.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "companion" / "metanet" / "web" / "static" / "vendor"

#: (npm package, file inside it, name under static/vendor/)
ASSETS = [
    ("cytoscape", "dist/cytoscape.esm.min.mjs", "cytoscape.esm.min.js"),
    ("cytoscape", "LICENSE", "cytoscape.LICENSE.txt"),
]


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for package, inside, name in ASSETS:
        folder = ROOT / "node_modules" / package
        source = folder / inside
        if not source.is_file():
            print(f"missing {source}: run `npm install` first", file=sys.stderr)
            return 1
        shutil.copyfile(source, VENDOR / name)
        version = json.loads((folder / "package.json").read_text())["version"]
        print(f"{package} {version}: {inside} -> {(VENDOR / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
