// Draws every <div data-graph-src="/api/..."> on the page with cytoscape.js (vendored).
//
// The JSON (web/graphs.py) holds nodes, edges, a legend and where each node belongs: a
// column and a row on a paths graph, a network's cluster on an ego graph. Positions are
// computed here from those, never by a force layout, so a drawing is the same on every
// load; the zoom stays at 1, so labels keep the page's type size (the canvas's CSS
// font-size) on any screen. Names come from captured pages, so they are only ever set
// with textContent or handed to cytoscape as data (drawn on a canvas, never parsed as
// markup). Beside each drawing: a legend of the colours, the people as links and every
// tie as text (networks, strength in words, evidence), which keeps the graph usable by
// keyboard, by a screen reader and without the canvas.
import cytoscape from "./vendor/cytoscape.esm.min.js";

const TEXTS = {
  en: { showing: "Showing {shown} of {total} people (the strongest ties).",
    list: "People in this graph", failed: "The graph could not be loaded.", you: "you",
    ties: "Ties in this graph", legend: "Colours of the lines", strength: "strength" },
  de: { showing: "Gezeigt werden {shown} von {total} Personen (die stärksten Verbindungen).",
    list: "Personen in diesem Graphen", failed: "Der Graph konnte nicht geladen werden.",
    you: "Sie", ties: "Verbindungen in diesem Graphen", legend: "Farben der Linien",
    strength: "Stärke" },
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

// Colours come from metanet.css (--net-<network>), so dark mode can redefine them.
function colour(network) {
  const root = getComputedStyle(document.documentElement);
  return (root.getPropertyValue(`--net-${network}`) || root.getPropertyValue("--net-web")
    || "#888").trim();
}

function cssValue(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function legend(graph, t) {
  const box = document.createElement("div");
  box.className = "graph-legend";
  const title = document.createElement("p");
  title.className = "graph-list-title";
  title.textContent = t.legend;
  const list = document.createElement("ul");
  for (const entry of graph.legend || []) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch net-${entry.network.replace(/[^a-z]/g, "")}`;
    swatch.setAttribute("aria-hidden", "true");
    item.append(swatch, document.createTextNode(entry.name));
    list.append(item);
  }
  box.append(title, list);
  return box;
}

// Each tie's words go in a span of its own, found again by its two ends when an ego
// graph's evidence comes (see evidence below).
function tieList(graph, t) {
  const names = new Map(graph.nodes.map((n) => [n.id, n.kind === "me" ? t.you : n.label]));
  // A long list (a crowded ego graph) starts folded; a paths graph's few ties are open.
  const box = document.createElement("details");
  box.className = "graph-ties";
  box.open = graph.edges.length <= 20;
  const title = document.createElement("summary");
  title.className = "graph-list-title";
  title.textContent = `${t.ties} (${graph.edges.length})`;
  const list = document.createElement("ul");
  const texts = new Map();
  for (const edge of graph.edges) {
    const item = document.createElement("li");
    const who = document.createElement("strong");
    who.textContent = `${names.get(edge.source)} – ${names.get(edge.target)}`;
    const words = document.createElement("span");
    words.className = "tie-words";
    words.title = `${t.strength} ${edge.strength}`;
    words.textContent = edge.words;
    const bar = document.createElement("meter");
    bar.min = 0;
    bar.max = 1;
    bar.value = edge.strength;
    bar.setAttribute("aria-hidden", "true");
    const text = document.createElement("span");
    text.className = "muted";
    text.textContent = edge.text ? ` · ${edge.text}` : "";
    texts.set(`${edge.source}-${edge.target}`, text);
    item.append(who, document.createTextNode(": "), words, " ", bar, text);
    list.append(item);
  }
  box.append(title, list);
  return { box, texts };
}

async function getJson(src) {
  const response = await fetch(src, {
    credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

// An ego graph's edges name their networks; what shows the person's own ties (kind,
// evidence, offline labels) is read from graph.evidence the first time the list is open,
// which a crowded graph's is not until the reader opens it. The list says when its words
// are complete (data-ties-ready), so do the browser tests; if the read fails, the
// networks stay.
function evidence(graph, ties) {
  const { box, texts } = ties;
  if (!graph.evidence) {
    box.dataset.tiesReady = "true";
    return;
  }
  let asked = false;
  const read = async () => {
    if (asked || !box.open) return;
    asked = true;
    try {
      for (const edge of (await getJson(graph.evidence)).edges) {
        const text = texts.get(`${edge.source}-${edge.target}`);
        if (text) text.textContent = ` · ${edge.text}`;
      }
    } catch {
      return;
    }
    box.dataset.tiesReady = "true";
  };
  box.addEventListener("toggle", read);
  read();
}

// The widest a label may be and how many lines it takes at that width, measured with the
// canvas's own font (cytoscape wraps at spaces the same way, give or take a line).
function measurer(font) {
  const context = document.createElement("canvas").getContext("2d");
  context.font = font;
  return (text, width) => {
    let lines = 1;
    let used = 0;
    for (const word of String(text).split(/\s+/)) {
      const w = context.measureText(`${word} `).width;
      if (used > 0 && used + w > width) {
        lines += 1;
        used = 0;
      }
      used += w;
      lines += Math.floor(Math.max(0, w - width) / width);
    }
    return lines;
  };
}

const NODE = 14;
const PAD = 16;

// Columns: you left, them right, one row per path. The zoom stays 1, so a position is
// a pixel; the rows are as tall as their labels need (wrapped to the column's width),
// and twice that apart, so the label of an edge from you to the row above or below sits
// between the rows' labels.
function columns(graph, canvas, type) {
  const places = graph.nodes.flatMap((n) => n.places);
  const cols = Math.max(...places.map((p) => p.col)) + 1;
  const rows = Math.max(...places.map((p) => p.row)) + 1;
  const width = canvas.clientWidth;
  const colWidth = Math.max(type.size * 4.5, (width - 2 * PAD) / cols);
  const labelWidth = colWidth - PAD / 2;
  const lines = measurer(type.font);
  const nodeLines = Math.max(...graph.nodes.map((n) => lines(n.label, labelWidth)));
  const edgeLines = Math.max(1, ...graph.edges.map((e) => lines(e.label, labelWidth)));
  const line = type.size * 1.3;
  const band = (nodeLines + edgeLines) * line + NODE + 2 * PAD;
  const rowHeight = rows > 1 ? 2 * band : band;
  const top = PAD + nodeLines * line + NODE;
  canvas.style.height = `${Math.ceil(top + (rows - 1) * rowHeight + edgeLines * line + 2 * PAD)}px`;
  const at = (p) => ({ x: PAD + colWidth * (p.col + 0.5), y: top + p.row * rowHeight });
  return { at, labelWidth, edgeShift: (edgeLines * line) / 2 + 4 };
}

// Clusters: the person in the middle, each network's people in a sector of their own
// (sized by how many they are), on one ring or, when crowded, two.
function clusters(graph, canvas, type) {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const centre = { x: width / 2, y: height / 2 };
  const others = graph.nodes.filter((n) => n.cluster);
  const order = new Map((graph.legend || []).map((entry, i) => [entry.network, i]));
  others.sort((a, b) => (order.get(a.cluster) ?? 99) - (order.get(b.cluster) ?? 99));
  const radius = Math.max(60, Math.min(width, height) / 2 - 3 * type.size - PAD);
  const spots = new Map();
  others.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    const ring = others.length > 24 && i % 2 ? 0.68 : 1;
    spots.set(n.id, { x: centre.x + radius * ring * Math.cos(angle),
      y: centre.y + radius * ring * Math.sin(angle) });
  });
  const at = (p) => spots.get(p.id) || centre;
  return { at, labelWidth: type.size * 9, edgeShift: 0 };
}

function style(layout, type, graph) {
  const fg = cssValue("--fg", "#1d2430");
  const bg = cssValue("--band", "#f4f6f9");
  // A crowded ego graph names only the person; the list beside it names everyone.
  const crowded = layout.edgeShift === 0 && graph.nodes.length > 16;
  return [
    { selector: "node", style: {
      label: crowded ? "" : "data(label)", "font-size": type.size, "font-family": type.family,
      "text-valign": "top", "text-margin-y": -4, "text-wrap": "wrap",
      "text-max-width": layout.labelWidth, "background-color": cssValue("--muted", "#5b6575"),
      width: NODE, height: NODE, color: fg, "text-background-color": bg,
      "text-background-opacity": 0.85, "text-background-padding": 1 } },
    { selector: "node[kind = 'me'], node[kind = 'target']", style: {
      label: "data(label)", "background-color": cssValue("--accent", "#1f5fbf"),
      width: NODE + 6, height: NODE + 6, "font-weight": 600 } },
    { selector: "edge", style: {
      width: "mapData(strength, 0, 1, 1, 6)", "line-color": (e) => colour(e.data("network")),
      "curve-style": "straight", label: layout.edgeShift ? "data(label)" : "",
      "font-size": type.size, "font-family": type.family, color: fg,
      "text-wrap": "wrap", "text-max-width": layout.labelWidth, "text-rotation": "none",
      "text-margin-y": layout.edgeShift, "text-background-color": bg,
      "text-background-opacity": 1, "text-background-padding": 2 } },
  ];
}

function typeOf(canvas) {
  const css = getComputedStyle(canvas);
  const size = parseFloat(css.fontSize) || 13;
  return { size, family: css.fontFamily, font: `${size}px ${css.fontFamily}` };
}

function draw(container, graph, before) {
  const canvas = document.createElement("div");
  canvas.className = `graph-canvas graph-${graph.layout === "columns" ? "columns" : "clusters"}`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", graph.nodes.map((n) => n.label).join(", "));
  container.insertBefore(canvas, before);
  preventInlineStylesheet();
  const type = typeOf(canvas);
  const layout = (graph.layout === "columns" ? columns : clusters)(graph, canvas, type);
  // A person on two paths is drawn in both rows (one node per place); an edge joins the
  // places of its row.
  const nodes = [];
  const placeOf = new Map();
  for (const n of graph.nodes) {
    (n.places || [{ id: n.id }]).forEach((p, k) => {
      const id = `${n.id}/${k}`;
      nodes.push({ group: "nodes", position: layout.at({ ...p, id: n.id }),
        data: { id, person: String(n.id), label: n.label, kind: n.kind } });
      placeOf.set(`${n.id}@${p.row}`, id);
      placeOf.set(`${n.id}@`, placeOf.get(`${n.id}@`) || id);
    });
  }
  const end = (person, row) => placeOf.get(`${person}@${row}`) || placeOf.get(`${person}@`);
  const edges = graph.edges.flatMap((e, i) => (e.rows || [""]).map((row, k) => ({
    group: "edges", data: { id: `e${i}/${k}`, source: end(e.source, row),
      target: end(e.target, row), label: e.label, network: e.network,
      strength: Number(e.strength) || 0 } })));
  const elements = [...nodes, ...edges];
  const cy = cytoscape({
    container: canvas, elements, style: style(layout, type, graph),
    layout: { name: "preset", fit: false, zoom: 1, pan: { x: 0, y: 0 } },
    userZoomingEnabled: false, userPanningEnabled: false, boxSelectionEnabled: false,
    autoungrabify: true,
  });
  cy.on("tap", "node", (event) => {
    const href = personLink({ id: event.target.data("person") });
    if (href) window.location.assign(href);
  });
  canvas.cy = cy; // for the browser tests, which read label boxes and positions
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
    graph = await getJson(container.dataset.graphSrc);
  } catch {
    status.textContent = t.failed;
    return;
  }
  if (graph.truncated) status.textContent = fill(t.showing, graph);
  // The lists go in first: cytoscape sizes its canvas to the space left beside them.
  const side = document.createElement("div");
  side.className = "graph-side";
  side.append(legend(graph, t), fallbackList(graph, t));
  const ties = tieList(graph, t);
  container.append(side, ties.box);
  draw(container, graph, side);
  container.dataset.graphReady = "true";
  evidence(graph, ties);
}

for (const container of document.querySelectorAll("[data-graph-src]")) {
  load(container);
}
