"""The graph drawings in real Chromium and Firefox (drivers.py), served by a real
`metanet serve` over the demo.

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
from tests.browser.drivers import Driver, Tab

SLOW_MS = 15_000

#: every label's box in page pixels (the zoom is 1 and the pan 0, so model = rendered),
#: each node's position, the canvas's size and the labels' font size.
#: Firefox's test script sees the page's objects through Xrays, which hide the ``cy`` the
#: page's script put on the element and the methods of cytoscape's objects, in callbacks
#: too: ``wrappedJSObject`` is the page's own view (Chromium has no such thing), and plain
#: loops keep every object read through it.
READ_DRAWING = """(() => {
  const own = (object) => object.wrappedJSObject ?? object;
  const canvas = document.querySelector(".graph .graph-canvas");
  const cy = own(canvas).cy;
  const labels = [], nodes = {}, kinds = {};
  const elements = cy.elements();
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    if (e.style("label")) {
      const b = e.renderedBoundingBox({ includeNodes: false, includeEdges: false,
        includeLabels: true, includeOverlays: false });
      labels.push({ id: e.id(), text: e.style("label"), size: e.style("font-size"),
        box: { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 } });
    }
    if (e.isNode()) {
      const p = e.renderedPosition();
      nodes[e.id()] = { x: p.x, y: p.y };
      kinds[e.id()] = e.data("kind");
    }
  }
  return {
    labels, nodes, kinds,
    width: canvas.clientWidth, height: canvas.clientHeight, zoom: cy.zoom(),
    pageFont: parseFloat(getComputedStyle(document.body).fontSize),
  };
})()"""


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


def read_drawing(page: Tab) -> dict[str, Any]:
    page.wait_for(
        "the graph drawn",
        lambda: page.count(".graph[data-graph-ready='true'] .graph-canvas canvas") > 0,
        SLOW_MS / 1000,
    )
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


def test_paths_drawing_is_readable_and_stable(server: tuple[str, int], browser: Driver) -> None:
    login_url, target = server
    base = login_url.split("/login")[0]
    page, _ = browser.open_tab(login_url)

    # Firefox's window is never narrower than 500 px: its "phone" is 500 px wide.
    for width, height in ((1280, 900), (390, 844)):
        page.resize(width, height)
        page.goto(f"{base}/paths/{target}")
        first = read_drawing(page)
        page.screenshot(f"summary-paths-graph-{width}")
        check_readable(first)
        page.reload()
        again = read_drawing(page)
        assert again["nodes"] == first["nodes"]  # the same places on every load

    # Beside the drawing: a legend of the colours and every tie in words.
    graph = ".graph[data-graph-ready='true']"
    assert [text for text in page.texts(f"{graph} .graph-legend li") if "Offline" in text]
    assert page.visible(f"{graph} .graph-ties li")
    ties = page.texts(f"{graph} .graph-ties li")
    assert any("know each other" in tie for tie in ties), ties
    assert any("LinkedIn contact" in tie for tie in ties), ties

    # German: the same drawing and words in German.
    page.resize(1280, 900)
    page.goto(f"{base}/paths/{target}?lang=de")
    check_readable(read_drawing(page))
    ties = page.texts(f"{graph} .graph-ties li")
    assert any("kennen sich" in tie for tie in ties), ties
    assert any("Kontakt (LinkedIn)" in tie for tie in ties), ties

    # The person page's ego graph: clustered by network, the same text version beside it;
    # its few ties are listed open, each of the person's own with its kind and evidence.
    ready = f"{graph} .graph-ties[data-ties-ready='true'] li"
    page.goto(f"{base}/people/{target}?lang=en")
    drawing = read_drawing(page)
    assert drawing["zoom"] == 1
    assert page.visible(f"{graph} .graph-ties li")
    legend = page.texts(f"{graph} .graph-legend li")
    assert len([text for text in legend if "LinkedIn" in text]) == 1, legend
    page.wait_for("the evidence", lambda: page.count(ready) > 0, SLOW_MS / 1000)
    ties = page.texts(ready)
    assert any("LinkedIn contact, seen once" in tie for tie in ties), ties
    assert any("offline: golf partner" in tie for tie in ties), ties
    page.goto(f"{base}/people/{target}?lang=de")
    read_drawing(page)
    page.wait_for("the evidence", lambda: page.count(ready) > 0, SLOW_MS / 1000)
    ties = page.texts(ready)
    assert any("Kontakt (LinkedIn), einmal gesehen" in tie for tie in ties), ties
    assert any("kennen sich" in tie for tie in ties), ties
    assert page.problems() == []
