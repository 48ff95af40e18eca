"""What the design checks share: axe-core in a page, walking the summary page, layout facts.

axe-core comes from ``node_modules/axe-core`` (package.json's devDependencies, installed by
``make install``). It runs as a test's script runs (drivers.Tab.inject: Chromium's DevTools
protocol, Firefox's Marionette sandbox over the page's DOM), which the pages' CSP does not
govern: no inline ``<script>`` is added, so the summary page and the extension pages are
checked under their real policies. Every function here takes a drivers.Tab.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser.browser_support import REPO, unavailable
from tests.browser.drivers import Tab

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA as axe-core tags it (2.2 adds target-size under wcag22aa).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCHEMES = ("light", "dark")

# Links that are no page to look at: downloads, images, the text export, static files.
NOT_PAGES = re.compile(
    r"^/(static/|data/export/|card/(qr\.png|vcard)|people/\d+/vcard|circles/\d+/export|meeting/text|login|logout)"
)


def axe_source() -> str:
    """The axe-core script; a missing install fails in CI and skips locally."""
    if not AXE.is_file():
        unavailable(f"axe-core not found at {AXE}: npm ci (make install)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Tab, source: str) -> list[str]:
    """Run axe-core over ``page`` for WCAG 2.2 A/AA; one line per violating node."""
    if not page.evaluate("typeof axe === 'object'"):
        page.inject(source)
    result = page.evaluate(
        f"""(async (tags) => {{
            const found = await axe.run(document, {{
                runOnly: {{ type: "tag", values: tags }}, resultTypes: ["violations"] }});
            return {{ passed: found.passes.length, violations: found.violations.flatMap((v) =>
                v.nodes.map((n) => `${{v.id}}: ${{n.target.join(" ")}} — `
                    + n.failureSummary.replace(/\\s+/g, " "))) }};
        }})({json.dumps(WCAG_TAGS)})"""
    )
    # A run that checked nothing (axe not loaded, no rule applied) must not pass as clean.
    if not isinstance(result, dict) or not result.get("passed"):
        raise AssertionError(f"axe-core did not run: {result!r}")
    return [str(line) for line in result["violations"]]


def sideways_overflow(page: Tab) -> str:
    """Empty when the page does not scroll sideways; else the widths and the widest elements."""
    return str(
        page.evaluate(
            """(() => {
                const root = document.scrollingElement;
                if (root.scrollWidth <= root.clientWidth) return "";
                const wide = [...document.querySelectorAll("body *")]
                    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
                    .slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + e.className);
                return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}: `
                    + wide.join(", ");
            })()"""
        )
    )


def page_kind(path: str) -> str:
    """A page's pattern: ``/people/12`` and ``/people/40`` are one kind of page."""
    return re.sub(r"\d+", "N", path)


def summary_pages(page: Tab, base: str, also: tuple[str, ...] = ()) -> dict[str, str]:
    """Walk the summary page from the dashboard (and ``also``, pages only a form leads
    to): every same-origin link on each page found, one address per kind of page
    (``/people/N``); kind → address.

    Walking rather than listing keeps new pages in the checks without editing the test.
    """
    found: dict[str, str] = {}
    queue = ["/", *also]
    while queue:
        path = queue.pop(0)
        kind = page_kind(urlsplit(path).path)
        if kind in found:
            continue
        found[kind] = path
        page.goto(base + path)
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]'), (a) => a.href)")
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != base or NOT_PAGES.match(parts.path):
                continue
            query = re.sub(r"(^|&)lang=[a-z]+", "", parts.query).strip("&")
            target = parts.path + (f"?{query}" if query else "")
            if page_kind(parts.path) not in found:
                queue.append(target)
    return found


def output_name(*parts: str) -> str:
    """A screenshot's file name from its parts (``summary-people-N-en-dark-390``)."""
    return "-".join(re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") or "home" for part in parts)


def wait_for_graphs(page: Tab) -> None:
    """Wait until every graph drawing on the page has drawn (static/graph.js)."""
    page.wait_count(".graph:not([data-graph-ready])", 0, 15)


def resize(page: Tab, viewport: dict[str, int]) -> None:
    """Set the viewport and wait two frames: the pages' resize observers have run then."""
    page.resize(viewport["width"], viewport["height"])
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def written(path: Path) -> Path:
    assert path.is_file() and path.stat().st_size > 0, f"no screenshot at {path}"
    return path
