// The poster's "Print" button (no inline script under the strict CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
