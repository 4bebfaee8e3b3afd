// Reviewing evidence: drag over the picture to hide an area; the box is sent (in the picture's own
// pixels) as soon as the drag ends, so nothing drawn is left unapplied, and the page that comes back
// offers to undo it. Or select text to hide it. Without JavaScript the same forms take numbers or typed text.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.querySelector("[data-canvas]");
  const boxForm = document.querySelector("[data-box-form]");
  if (canvas && boxForm) setUpDrawing(canvas, boxForm);
  const source = document.querySelector("[data-text-source]");
  const markForm = document.querySelector("[data-mark-form]");
  if (source && markForm) setUpMarking(source, markForm);
});

function setUpDrawing(canvas, form) {
  const width = Number(canvas.dataset.width);
  const height = Number(canvas.dataset.height);
  if (!width || !height) return;
  const hint = form.querySelector("[data-draw-hint]");
  if (hint) hint.hidden = false;
  // Drawing needs no button; it stays for typing a box's position by hand.
  const submit = form.querySelector("[data-box-submit]");
  const numbers = form.querySelector("[data-box-numbers]");
  if (submit && numbers) {
    submit.hidden = !numbers.open;
    numbers.addEventListener("toggle", () => {
      submit.hidden = !numbers.open;
    });
  }
  const field = (name) => form.querySelector(`[name=${name}]`);
  const place = (el, x0, y0, x1, y1) => {
    el.style.left = `${(100 * x0) / width}%`;
    el.style.top = `${(100 * y0) / height}%`;
    el.style.width = `${(100 * (x1 - x0)) / width}%`;
    el.style.height = `${(100 * (y1 - y0)) / height}%`;
  };
  canvas.querySelectorAll(".box-overlay").forEach((el) => {
    const [x0, y0, x1, y1] = el.dataset.box.split(",").map(Number);
    place(el, x0, y0, x1, y1);
    el.hidden = false;
  });

  const selection = document.createElement("span");
  selection.className = "box-selection";
  selection.hidden = true;
  canvas.append(selection);
  canvas.classList.add("drawable");

  // Pointer position in the picture's own pixels, kept inside the picture.
  const toPicture = (event) => {
    const rect = canvas.getBoundingClientRect();
    const clamp = (v, max) => Math.min(Math.max(v, 0), max);
    return [
      clamp(((event.clientX - rect.left) * width) / rect.width, width),
      clamp(((event.clientY - rect.top) * height) / rect.height, height),
    ];
  };
  let start = null;
  let sending = false;
  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || sending) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    start = toPicture(event);
    place(selection, start[0], start[1], start[0], start[1]);
    selection.hidden = false;
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!start) return;
    const [x, y] = toPicture(event);
    place(selection, Math.min(start[0], x), Math.min(start[1], y), Math.max(start[0], x), Math.max(start[1], y));
  });
  const finish = (event) => {
    if (!start) return;
    const [x, y] = toPicture(event);
    const box = [Math.min(start[0], x), Math.min(start[1], y), Math.max(start[0], x), Math.max(start[1], y)];
    start = null;
    if (box[2] - box[0] < 3 || box[3] - box[1] < 3) {
      selection.hidden = true;
      return;
    }
    ["x0", "y0", "x1", "y1"].forEach((name, i) => {
      field(name).value = box[i].toFixed(1);
    });
    sending = true;
    canvas.classList.remove("drawable");
    canvas.setAttribute("aria-busy", "true");
    const busy = form.querySelector("[data-draw-busy]");
    if (busy) busy.hidden = false;
    form.requestSubmit();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", () => {
    start = null;
    selection.hidden = true;
  });
}

// Marked text is hidden only when its button is pressed: until then the page says so, and leaving it
// asks first, so a marked piece is never lost silently.
function warnUntilSent(form, pending) {
  const note = form.querySelector("[data-pending-note]");
  let sending = false;
  const update = () => {
    if (note) note.hidden = !pending();
  };
  form.addEventListener("input", update);
  form.addEventListener("submit", () => {
    sending = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (sending || !pending()) return;
    event.preventDefault();
    event.returnValue = "";
  });
  return update;
}

function setUpMarking(source, form) {
  const input = form.querySelector("[name=text]");
  if (!input) return;
  const update = warnUntilSent(form, () => input.value.trim() !== "");
  const take = () => {
    const selected = window.getSelection();
    if (!selected || selected.isCollapsed) return;
    if (!source.contains(selected.anchorNode) || !source.contains(selected.focusNode)) return;
    const text = selected.toString();
    if (text.trim()) input.value = text.slice(0, Number(input.maxLength) > 0 ? input.maxLength : 500);
    update();
  };
  source.addEventListener("mouseup", take);
  source.addEventListener("keyup", take);
  document.addEventListener("selectionchange", () => {
    // Touch screens select without a mouseup.
    if (matchMedia("(pointer: coarse)").matches) take();
  });
}
