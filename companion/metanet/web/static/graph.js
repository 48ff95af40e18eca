// Draws every <div data-graph-src="/api/..."> on the page with cytoscape.js (vendored).
//
// The JSON is {nodes: [{id, label, kind}], edges: [{source, target, label, strength}],
// truncated, shown, total} (web/graphs.py). Names come from captured pages, so they are
// only ever set with textContent or handed to cytoscape as data (drawn on a canvas,
// never parsed as markup). Beside each drawing a list of links to the same people keeps
// the graph usable by keyboard and without the canvas.
import cytoscape from "./vendor/cytoscape.esm.min.js";

const TEXTS = {
  en: { showing: "Showing {shown} of {total} people (the strongest ties).",
    list: "People in this graph", failed: "The graph could not be loaded.", you: "you" },
  de: { showing: "Gezeigt werden {shown} von {total} Personen (die stärksten Verbindungen).",
    list: "Personen in diesem Graphen", failed: "Der Graph konnte nicht geladen werden.",
    you: "Sie" },
};

function texts() {
  const lang = document.documentElement.lang;
  return Object.hasOwn(TEXTS, lang) ? TEXTS[lang] : TEXTS.en;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
}

// cytoscape adds a <style> element to <head> unless one with this id exists; our CSP
// forbids inline styles, and metanet.css already gives the container what it needs.
function preventInlineStylesheet() {
  const id = "__________cytoscape_stylesheet";
  if (!document.getElementById(id)) {
    const marker = document.createElement("meta");
    marker.id = id;
    document.head.append(marker);
  }
}

function personLink(node) {
  // Only numeric ids come from our API; anything else is not made into a link.
  const id = String(node.id);
  return /^\d+$/.test(id) ? `/people/${id}` : null;
}

function fallbackList(graph, t) {
  const nav = document.createElement("nav");
  nav.className = "graph-list";
  nav.setAttribute("aria-label", t.list);
  const heading = document.createElement("p");
  heading.className = "graph-list-title";
  heading.textContent = t.list;
  const list = document.createElement("ul");
  for (const node of graph.nodes) {
    const item = document.createElement("li");
    item.className = `kind-${node.kind}`;
    const href = personLink(node);
    const label = node.label || `#${node.id}`;
    const text = node.kind === "me" ? `${label} (${t.you})` : label;
    if (href) {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      item.append(link);
    } else {
      item.textContent = text;
    }
    list.append(item);
  }
  nav.append(heading, list);
  return nav;
}

const STYLE = [
  { selector: "node", style: {
    label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
    "background-color": "#8da2c0", width: 14, height: 14, color: "#1d2430",
    "text-wrap": "ellipsis", "text-max-width": 120 } },
  { selector: "node[kind = 'me']", style: { "background-color": "#1f5fbf", width: 20, height: 20 } },
  { selector: "node[kind = 'target']", style: { "background-color": "#c0561f", width: 20, height: 20 } },
  { selector: "edge", style: {
    width: "mapData(strength, 0, 1, 0.5, 5)", "line-color": "#b7c2d3", "curve-style": "bezier",
    label: "data(label)", "font-size": 8, color: "#5b6575", "text-rotation": "autorotate" } },
];

function draw(container, graph, list) {
  const canvas = document.createElement("div");
  canvas.className = "graph-canvas";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", graph.nodes.map((n) => n.label).join(", "));
  container.insertBefore(canvas, list);
  preventInlineStylesheet();
  const elements = [
    ...graph.nodes.map((n) => ({ group: "nodes", data: { id: String(n.id), label: n.label, kind: n.kind } })),
    ...graph.edges.map((e, i) => ({ group: "edges", data: {
      id: `e${i}`, source: String(e.source), target: String(e.target),
      label: e.label, strength: Number(e.strength) || 0 } })),
  ];
  const cy = cytoscape({
    container: canvas, elements, style: STYLE,
    layout: { name: graph.edges.length > 80 ? "concentric" : "cose", animate: false },
    wheelSensitivity: 0.3,
  });
  cy.on("tap", "node", (event) => {
    const href = personLink({ id: event.target.id() });
    if (href) window.location.assign(href);
  });
  return cy;
}

async function load(container) {
  const t = texts();
  const status = document.createElement("p");
  status.className = "graph-status";
  status.setAttribute("role", "status");
  container.append(status);
  let graph;
  try {
    const response = await fetch(container.dataset.graphSrc, {
      credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    graph = await response.json();
  } catch {
    status.textContent = t.failed;
    return;
  }
  if (graph.truncated) status.textContent = fill(t.showing, graph);
  // The list goes in first: cytoscape sizes its canvas to the space left beside it.
  const list = fallbackList(graph, t);
  container.append(list);
  draw(container, graph, list);
  container.dataset.graphReady = "true";
}

for (const container of document.querySelectorAll("[data-graph-src]")) {
  load(container);
}
