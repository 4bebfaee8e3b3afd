"""Files made from the normalized file and the active redactions: the redacted file, its thumbnail and
page previews. A thin layer over the pipeline's redaction functions, so that a change of the owner's
boxes re-renders from the clean copy and never stacks edits on an already redacted file."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PIL import Image

from complaints.evidence.pipeline import Finding, FindingType, Kind
from complaints.evidence.pipeline.normalize import clean_pdf, decode_image, encode_image, save_pdf
from complaints.evidence.pipeline.redact import apply_placeholders, redact_image, redact_pdf

THUMBNAIL_SIZE = (320, 320)
# PDF pages are shown to the owner at this width at most (pixels); boxes drawn on the preview are
# converted back to PDF points with the same zoom.
PREVIEW_WIDTH = 1200
PREVIEW_MAX_ZOOM = 2.0

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Surface:
    """Something the owner draws boxes on: an image, or one page of a PDF shown as a picture."""

    page: int  # 1-based
    width: int  # pixels of the picture shown
    height: int


def _pymupdf():
    import pymupdf

    return pymupdf


def open_pdf(data: bytes):
    return _pymupdf().open(stream=data, filetype="pdf")


def preview_zoom(page) -> float:
    return min(PREVIEW_MAX_ZOOM, PREVIEW_WIDTH / max(page.rect.width, 1.0))


def render_page_png(data: bytes, page_number: int) -> bytes:
    """One page (1-based) of a PDF as a PNG, at the preview zoom."""
    pymupdf = _pymupdf()
    with open_pdf(data) as doc:
        page = doc[page_number - 1]
        zoom = preview_zoom(page)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return pix.tobytes("png")


def pdf_surfaces(data: bytes) -> list[Surface]:
    with open_pdf(data) as doc:
        out = []
        for number, page in enumerate(doc, start=1):
            zoom = preview_zoom(page)
            # page.rect is the page as shown (rotation applied): the same size as the rendered pixmap.
            out.append(Surface(number, round(page.rect.width * zoom), round(page.rect.height * zoom)))
        return out


def preview_to_pdf(data: bytes, page_number: int, box: Box) -> Box:
    """A rectangle drawn on a page preview (pixels) in the PDF's unrotated page coordinates (points)."""
    pymupdf = _pymupdf()
    with open_pdf(data) as doc:
        page = doc[page_number - 1]
        zoom = preview_zoom(page)
        rect = pymupdf.Rect(*(v / zoom for v in box)) * page.derotation_matrix
        rect.normalize()
        return (rect.x0, rect.y0, rect.x1, rect.y1)


def pdf_to_preview(data: bytes, boxes: Iterable[tuple[int, Box]]) -> list[tuple[int, Box]]:
    """The opposite of preview_to_pdf, for drawing the active boxes over the previews."""
    pymupdf = _pymupdf()
    out = []
    with open_pdf(data) as doc:
        for page_number, box in boxes:
            if not 1 <= page_number <= doc.page_count:
                continue
            page = doc[page_number - 1]
            zoom = preview_zoom(page)
            rect = pymupdf.Rect(*box) * page.rotation_matrix
            rect.normalize()
            out.append((page_number, (rect.x0 * zoom, rect.y0 * zoom, rect.x1 * zoom, rect.y1 * zoom)))
    return out


def _merged_spans(entries: Sequence[dict]) -> list[tuple[int, int, dict]]:
    spans = sorted(
        (int(s), int(e), entry) for entry in entries for s, e in entry.get("spans", []) if int(e) > int(s)
    )
    merged: list[tuple[int, int, dict]] = []
    for start, end, entry in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, entry))
    return merged


def _finding_type(value: str) -> FindingType:
    try:
        return FindingType(value)
    except ValueError:
        return FindingType.OWN_IDENTIFIER


def render_text(text: str, entries: Sequence[dict], lang: str) -> bytes:
    """Typed placeholders over every active span; overlapping spans are merged first."""
    findings = [
        Finding(_finding_type(entry.get("type", "")), start, end, "", 1.0, entry.get("detector") or "manual")
        for start, end, entry in _merged_spans(entries)
    ]
    return apply_placeholders(text, findings, lang or "zh").encode("utf-8")


def render_image(normalized: bytes, kind: Kind, entries: Sequence[dict]) -> bytes:
    image = decode_image(normalized)
    out = redact_image(image, [tuple(entry["box"]) for entry in entries if entry.get("box")])
    return encode_image(out, kind)


def render_pdf(normalized: bytes, entries: Sequence[dict]) -> bytes:
    # A fresh copy of the clean PDF each time: text under a removed box comes back, text under an
    # active box is removed from the file, not just covered.
    with open_pdf(normalized) as doc:
        rects = [
            (int(entry["page"]) - 1, tuple(entry["box"]))
            for entry in entries
            if entry.get("box") and 1 <= int(entry.get("page") or 0) <= doc.page_count
        ]
        if rects:
            redact_pdf(doc, rects)
        clean_pdf(doc)
        return save_pdf(doc)


def render_redacted(normalized: bytes, kind: Kind, entries: Sequence[dict], *, lang: str = "zh") -> bytes:
    """The redacted file from the normalized file and the active redactions."""
    if kind.is_image:
        return render_image(normalized, kind, entries)
    if kind is Kind.PDF:
        return render_pdf(normalized, entries)
    return render_text(normalized.decode("utf-8"), entries, lang)


def thumbnail(redacted: bytes, kind: Kind) -> bytes | None:
    """A small JPEG of the redacted image or first page; text has none."""
    if kind.is_image:
        with Image.open(io.BytesIO(redacted)) as im:
            im.load()
            picture = im.copy()
    elif kind is Kind.PDF:
        pymupdf = _pymupdf()
        with open_pdf(redacted) as doc:
            page = doc[0]
            zoom = min(2.0, THUMBNAIL_SIZE[0] / max(page.rect.width, 1.0))
            pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            picture = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    else:
        return None
    if picture.mode in ("RGBA", "LA", "P"):
        background = Image.new("RGB", picture.size, (255, 255, 255))
        rgba = picture.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        picture = background
    else:
        picture = picture.convert("RGB")
    if picture.height > 2 * picture.width:
        # A long chat screenshot: its top says what it is; the whole of it would be a thin strip.
        picture = picture.crop((0, 0, picture.width, 2 * picture.width))
    picture.thumbnail(THUMBNAIL_SIZE)
    buf = io.BytesIO()
    picture.save(buf, format="JPEG", quality=80)
    return buf.getvalue()
