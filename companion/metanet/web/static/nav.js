/**
 * The main navigation as a disclosure on phones (≤ 600 px, metanet.css).
 *
 * Without this module (no JavaScript) the nav simply stays open: the header only
 * collapses once the module has marked it `data-collapsible` and shown the button.
 * A module file, not an inline script: the summary page's CSP allows scripts from 'self'.
 */
const header = document.querySelector("header.top");
const button = header?.querySelector("button.nav-toggle");

if (header && button) {
  header.dataset.collapsible = "true";
  button.hidden = false;
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
  });
  // Escape closes the open menu and gives the focus back to its button.
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
}
