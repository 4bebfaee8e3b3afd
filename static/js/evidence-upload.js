// "My evidence": drop files on the zone, see the upload progress, then each file's processing (htmx
// polls each row until it is done). Without JavaScript the form is a plain multi-file upload.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("evidence-upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const input = form.querySelector("input[type=file]");
  const zone = form.querySelector("[data-dropzone]");
  const list = form.querySelector("[data-file-list]");
  const bar = form.querySelector("[data-upload-progress]");
  const button = form.querySelector("[data-upload-button]");

  const showFiles = () => {
    list.replaceChildren(
      ...Array.from(input.files || []).map((file) => {
        const li = document.createElement("li");
        li.textContent = file.name;
        return li;
      }),
    );
  };
  input.addEventListener("change", showFiles);

  ["dragenter", "dragover"].forEach((name) =>
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    }),
  );
  ["dragleave", "drop"].forEach((name) =>
    zone.addEventListener(name, () => zone.classList.remove("dragging")),
  );
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showFiles();
    }
  });

  const swapSection = (html) => {
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const fresh = holder.querySelector("#evidence-section");
    const current = document.getElementById("evidence-section");
    if (!fresh || !current) return false;
    current.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    return true;
  };

  const fail = (message) => {
    const section = document.getElementById("evidence-section");
    const p = document.createElement("p");
    p.className = "message message-error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    section.prepend(p);
  };

  form.addEventListener("submit", (event) => {
    if (!input.files || !input.files.length) return; // let the server say what is missing
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("loadend", () => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      bar.hidden = true;
      if (xhr.status === 413) return fail(form.dataset.errorTooLarge);
      if (xhr.status === 0) return fail(form.dataset.errorNetwork);
      if (!swapSection(xhr.responseText)) return fail(form.dataset.errorNetwork);
      if (xhr.status < 400) {
        form.reset();
        list.replaceChildren();
      }
    });
    xhr.send(new FormData(form));
  });
});
