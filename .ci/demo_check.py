"""CI: run `make demo` as the README says, with no Node.js, and check it serves the page.

Node.js is hidden by putting stand-ins for node, npm and npx first on the PATH that fail
the way a missing command does; the demo must not need them. The check reads the demo's
output up to the login link, logs in with it and reads the overview page, then stops
the demo. Standard library only: it runs with the distribution's own Python.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

TIMEOUT_S = 600  # creating .venv and installing the package from scratch


def no_node_path(folder: Path) -> str:
    for tool in ("node", "npm", "npx"):
        stand_in = folder / tool
        stand_in.write_text(f"#!/bin/sh\necho '{tool}: command not found' >&2\nexit 127\n")
        stand_in.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("METANET_")},
            "PATH": no_node_path(Path(scratch)),
            "BROWSER": "true",  # the demo opens the link: let that be a no-op here
        }
        demo = subprocess.Popen(
            ["make", "demo", f"PYTHON={args.python}", "PORT=8765"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
        timer = threading.Timer(TIMEOUT_S, lambda: os.killpg(demo.pid, signal.SIGKILL))
        timer.start()
        try:
            return check(demo)
        finally:
            timer.cancel()
            os.killpg(demo.pid, signal.SIGINT)
            demo.wait(timeout=30)


def check(demo: subprocess.Popen[str]) -> int:
    assert demo.stdout is not None
    seen = []
    for line in demo.stdout:
        sys.stdout.write(line)
        seen.append(line)
        link = re.search(r"http://127\.0\.0\.1:\d+/login\?token=\S+", line)
        if link:
            break
    else:
        print("make demo ended without printing the summary page's login link", file=sys.stderr)
        return 1
    output = "".join(seen)
    if "You want to meet Dr. Katharina Berger" not in output:
        print("make demo did not print the demo's story", file=sys.stderr)
        return 1
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(link.group(0), timeout=30) as response:
        page = response.read().decode()
    if "Katharina Berger" not in page and "Reach" not in page:
        print("the login link did not open the overview page", file=sys.stderr)
        return 1
    print("make demo: served the summary page and logged in with its link")
    return 0


if __name__ == "__main__":
    sys.exit(main())
