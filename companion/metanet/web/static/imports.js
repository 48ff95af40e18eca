// The import page's progress line: poll the companion every second while an import runs,
// show "N of M contacts", and reload the page (which then shows the result) when it ends.
// Text goes in with textContent only: a file name is user data.

const line = document.querySelector("[data-progress-src]");

async function poll() {
  let status;
  try {
    const response = await fetch(line.dataset.progressSrc, { credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    status = await response.json();
  } catch {
    window.setTimeout(poll, 2000);
    return;
  }
  if (status.state !== "running") {
    window.location.reload();
    return;
  }
  // Numbers as the page's language writes them (1.234 on a German page).
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const text = status.total > 0
    ? line.dataset.template.replace("{done}", number.format(status.done))
      .replace("{total}", number.format(status.total))
    : line.dataset.reading;
  line.textContent = text;
  window.setTimeout(poll, 1000);
}

if (line) {
  window.setTimeout(poll, 1000);
}
