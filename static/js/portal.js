// Small progressive enhancements shared by every page; the pages work without it.
document.addEventListener("DOMContentLoaded", () => {
  // Send the CSRF token with htmx requests (the token is in the cookie-less form on the page).
  document.body.addEventListener("htmx:configRequest", (event) => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) event.detail.headers["X-CSRFToken"] = input.value;
  });
});
