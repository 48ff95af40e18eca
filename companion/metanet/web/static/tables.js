/**
 * Wide tables on narrow screens: each table in `main` sits in a box that scrolls sideways
 * on its own, so the page never does (issue 21: nothing scrolls sideways at 390 px).
 *
 * A box that does scroll becomes a labelled, focusable region (tabindex 0, named after
 * the table's heading): keyboard users can scroll it too (WCAG 2.1.1, axe's
 * scrollable-region-focusable). A box that fits gets no tab stop. Without JavaScript the
 * tables stay as they are. A module file: the CSP forbids inline scripts.
 */
const boxes = [];

/** The heading that names `table`: its caption, else the nearest heading before it. */
function headingFor(table) {
  if (table.caption) return table.caption;
  for (let node = table.previousElementSibling ?? table.parentElement; node;
    node = node.previousElementSibling ?? node.parentElement) {
    if (/^H[1-6]$/.test(node.tagName)) return node;
    if (node.tagName === "MAIN") return null;
  }
  return null;
}

function wrap(table, index) {
  const box = document.createElement("div");
  box.className = "table-scroll";
  table.replaceWith(box);
  box.append(table);
  const heading = headingFor(table);
  if (heading) {
    heading.id ||= `table-heading-${index}`;
    box.setAttribute("aria-labelledby", heading.id);
  }
  boxes.push(box);
}

/** Only a box that scrolls is a region and a tab stop. */
function update() {
  for (const box of boxes) {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  }
}

document.querySelectorAll("main table").forEach(wrap);
update();
new ResizeObserver(update).observe(document.documentElement);
