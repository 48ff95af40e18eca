"""The graph drawings in real Chromium, served by a real `metanet serve` over the demo.

Issue 21: on /paths/{id} names overlapped, edge labels were clipped, the layout changed on
every load and labels swung from ~28 px to ~8 px. Here the drawing's rendered labels are
read through cytoscape's own API (the bounding boxes it draws them in) at a desktop and a
phone width: no two labels overlap, none leaves the canvas, every label has one size tied
to the page's type scale, you stand left of them, and a second load puts every node at
the same place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from metanet.demo.seed import load
from metanet.services.people import find_person
from metanet.store import Store
from tests.browser.browser_support import save_screenshot

SLOW_MS = 15_000

#: every label's box in page pixels (the zoom is 1 and the pan 0, so model = rendered),
#: each node's position, the canvas's size and the labels' font size
READ_DRAWING = """() => {
  const canvas = document.querySelector(".graph .graph-canvas");
  const cy = canvas.cy;
  const box = (ele) => ele.renderedBoundingBox({ includeNodes: false, includeEdges: false,
    includeLabels: true, includeOverlays: false });
  const labels = cy.elements().filter((e) => e.style("label")).map((e) => ({
    id: e.id(), text: e.style("label"), box: box(e), size: e.style("font-size") }));
  return {
    labels,
    nodes: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.renderedPosition()])),
    kinds: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.data("kind")])),
    width: canvas.clientWidth, height: canvas.clientHeight, zoom: cy.zoom(),
    pageFont: parseFloat(getComputedStyle(document.body).fontSize),
  };
}"""


def seed(home: Path) -> int:
    with Store(home / "metanet.db") as store:
        load(store)
        return find_person(store, "Dr. Katharina Berger")


@pytest.fixture
def server(metanet_home: Path, summary_server: Callable[[], str]) -> tuple[str, int]:
    target = seed(metanet_home)
    return summary_server(), target


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes overlap by more than a pixel each way."""
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            x = min(a["box"]["x2"], b["box"]["x2"]) - max(a["box"]["x1"], b["box"]["x1"])
            y = min(a["box"]["y2"], b["box"]["y2"]) - max(a["box"]["y1"], b["box"]["y1"])
            if x > 1 and y > 1:
                found.append((a["text"], b["text"]))
    return found


def read_drawing(page: Any) -> dict[str, Any]:
    from playwright.sync_api import expect

    expect(
        page.locator(".graph[data-graph-ready='true'] .graph-canvas canvas").first
    ).to_be_attached(timeout=SLOW_MS)
    return dict(page.evaluate(READ_DRAWING))


def check_readable(drawing: dict[str, Any]) -> None:
    labels = drawing["labels"]
    assert len(labels) >= 5  # the people and the networks of the ties are named
    assert overlapping(labels) == []
    for label in labels:  # nothing clipped at the canvas's edges
        box = label["box"]
        assert box["x1"] >= 0 and box["y1"] >= 0, label
        assert box["x2"] <= drawing["width"] and box["y2"] <= drawing["height"], label
    sizes = {label["size"] for label in labels}
    assert len(sizes) == 1  # one size, never scaled with the zoom (which stays 1)
    size = float(sizes.pop().removesuffix("px"))
    assert 0.8 * drawing["pageFont"] <= size <= drawing["pageFont"], size
    assert drawing["zoom"] == 1
    me = next(i for i, kind in drawing["kinds"].items() if kind == "me")
    them = next(i for i, kind in drawing["kinds"].items() if kind == "target")
    xs = [p["x"] for p in drawing["nodes"].values()]
    assert drawing["nodes"][me]["x"] == min(xs) and drawing["nodes"][them]["x"] == max(xs)


def test_paths_drawing_is_readable_and_stable(server: tuple[str, int], plain_page: Any) -> None:
    from playwright.sync_api import expect

    login_url, target = server
    base = login_url.split("/login")[0]
    page = plain_page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(login_url)

    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/paths/{target}")
        first = read_drawing(page)
        save_screenshot(page, f"summary-paths-graph-{width}")
        check_readable(first)
        page.reload()
        again = read_drawing(page)
        assert again["nodes"] == first["nodes"]  # the same places on every load

    # Beside the drawing: a legend of the colours and every tie in words.
    graph = page.locator(".graph[data-graph-ready='true']")
    expect(graph.locator(".graph-legend li", has_text="Offline")).to_have_count(1)
    ties = graph.locator(".graph-ties li")
    expect(ties.first).to_be_visible()
    expect(ties.filter(has_text="know each other")).not_to_have_count(0)
    expect(ties.filter(has_text="LinkedIn contact")).not_to_have_count(0)

    # German: the same drawing and words in German.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/paths/{target}?lang=de")
    check_readable(read_drawing(page))
    graph = page.locator(".graph[data-graph-ready='true']")
    expect(graph.locator(".graph-ties li", has_text="kennen sich")).not_to_have_count(0)
    expect(graph.locator(".graph-ties li", has_text="Kontakt (LinkedIn)")).not_to_have_count(0)

    # The person page's ego graph: clustered by network, the same text version beside it.
    page.goto(f"{base}/people/{target}?lang=en")
    drawing = read_drawing(page)
    assert drawing["zoom"] == 1
    graph = page.locator(".graph[data-graph-ready='true']")
    expect(graph.locator(".graph-ties li").first).to_be_visible()
    expect(graph.locator(".graph-legend li", has_text="LinkedIn")).to_have_count(1)
    assert problems == []
