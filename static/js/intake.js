// "What happened?": when htmx swaps in a new step, move focus to its heading so keyboard and screen
// reader users follow. Without JavaScript every step is a plain form post and this file does nothing.
document.addEventListener("DOMContentLoaded", () => {
  const heading = () => document.getElementById("intake-step-title");
  const first = heading();
  if (first) first.dataset.seen = "1";
  document.body.addEventListener("htmx:afterSettle", () => {
    const current = heading();
    // Autocomplete swaps leave the heading in place (already seen): focus stays in the search box.
    if (current && !current.dataset.seen) {
      current.dataset.seen = "1";
      current.focus();
    }
  });
});
