"""Text with positions: a PDF's text layer, or OCR (rapidocr, bundled ONNX models) for pictures.

Every character of the extracted text carries the page, line and box it came from, so a finding
(a span of text) becomes the exact rectangles to black out.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class CharPos:
    page: int
    line: int
    box: Box


@dataclass(slots=True)
class TextLayer:
    """Extracted text; chars[i] locates text[i] (None for the line breaks we insert)."""

    chars: list[CharPos | None] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_scores: list[tuple[float, int]] = field(default_factory=list)  # (score, characters)
    _parts: list[str] = field(default_factory=list)
    _line: int = 0

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts[:] = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def add_line(self, page: int, text: str, boxes: list[Box]) -> None:
        if not text.strip():
            return
        if len(boxes) != len(text):
            raise ValueError("one box per character")
        self._parts.append(text + "\n")
        self.chars.extend(CharPos(page, self._line, b) for b in boxes)
        self.chars.append(None)
        self._line += 1

    @property
    def ocr_confidence(self) -> float | None:
        total = sum(n for _s, n in self.ocr_scores)
        if not total:
            return None
        return sum(s * n for s, n in self.ocr_scores) / total

    def boxes_for(self, start: int, end: int, pad: float = 0.0) -> list[tuple[int, Box]]:
        """One rectangle per line that the span [start, end) touches: (page, box)."""
        lines: dict[tuple[int, int], list[float]] = {}
        for pos in self.chars[start:end]:
            if pos is None:
                continue
            key = (pos.page, pos.line)
            x0, y0, x1, y1 = pos.box
            if key in lines:
                r = lines[key]
                r[0], r[1], r[2], r[3] = min(r[0], x0), min(r[1], y0), max(r[2], x1), max(r[3], y1)
            else:
                lines[key] = [x0, y0, x1, y1]
        return [(page, (r[0] - pad, r[1] - pad, r[2] + pad, r[3] + pad)) for (page, _l), r in lines.items()]


@dataclass(frozen=True, slots=True)
class OcrLine:
    text: str
    box: Box
    char_boxes: list[Box]
    score: float


def _char_weight(ch: str) -> float:
    if ch.isspace():
        return 0.35
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in "iIl1.,:;'|!()[]":
        return 0.35
    return 0.55


def split_line_box(text: str, box: Box) -> list[Box]:
    """Estimate per-character boxes by splitting the line box in proportion to glyph widths."""
    x0, y0, x1, y1 = box
    weights = [_char_weight(c) for c in text]
    total = sum(weights) or 1.0
    out: list[Box] = []
    x = x0
    for w in weights:
        nx = x + (x1 - x0) * w / total
        out.append((x, y0, nx, y1))
        x = nx
    return out


def _quad_box(quad: Any) -> Box:
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _align_char_boxes(text: str, line_box: Box, word_result: Any) -> list[Box]:
    """rapidocr's per-character boxes lined up with the text (it leaves spaces out)."""
    try:
        items = [(str(c), _quad_box(q)) for c, _s, q in word_result]
    except (TypeError, ValueError):
        items = []
    glyphs = [c for c in text if not c.isspace()]
    if len(items) != len(glyphs) or any(a != b for (a, _), b in zip(items, glyphs, strict=False)):
        return split_line_box(text, line_box)
    out: list[Box] = []
    it = iter(items)
    prev: Box | None = None
    pending_spaces: list[int] = []
    for i, c in enumerate(text):
        if c.isspace():
            out.append(prev or line_box)
            pending_spaces.append(i)
            continue
        _ch, b = next(it)
        # The recognizer's boxes are narrow around each glyph's centre: widen each box to the
        # line's full height so the fill covers ascenders and descenders.
        b = (b[0], min(b[1], line_box[1]), b[2], max(b[3], line_box[3]))
        for j in pending_spaces:
            left = out[j - 1] if j > 0 else b
            out[j] = (left[2], b[1], b[0], b[3])
        pending_spaces = []
        out.append(b)
        prev = b
    return out


class _Ocr:
    """One rapidocr engine per process, configured to use the models inside the wheel."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._lock = threading.Lock()

    def _build(self) -> Any:
        import rapidocr
        from rapidocr import RapidOCR

        models = Path(rapidocr.__file__).parent / "models"
        threads = int(os.environ.get("EVIDENCE_OCR_THREADS", min(2, os.cpu_count() or 1)))
        params: dict[str, Any] = {
            "Global.log_level": "error",
            # Screenshots are upright; skipping the angle classifier saves a third of the time.
            "Global.use_cls": False,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        # Text detection on a downscaled copy (longest side at most this many pixels): it finds the same
        # lines of a phone screenshot at a fraction of the cost, and the recognizer still reads each line
        # from the full-resolution picture. 0 keeps rapidocr's default (detection at full size).
        det_side = int(os.environ.get("EVIDENCE_OCR_DET_SIDE", "1280"))
        if det_side:
            params.update({"Det.limit_type": "max", "Det.limit_side_len": det_side})
        # Point at the bundled files so nothing is ever fetched at run time.
        for key, pattern in (("Det", "*det*.onnx"), ("Rec", "*rec*.onnx"), ("Cls", "*cls*.onnx")):
            found = sorted(models.glob(pattern))
            if found:
                params[f"{key}.model_path"] = str(found[-1])
        return RapidOCR(params=params)

    def __call__(self, image: Image.Image) -> list[OcrLine]:
        import numpy as np

        with self._lock:
            if self._engine is None:
                self._engine = self._build()
            bgr = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
            result = self._engine(bgr, return_word_box=True, return_single_char_box=True)
        if result is None or result.boxes is None or result.txts is None:
            return []
        words = result.word_results or [()] * len(result.txts)
        lines: list[OcrLine] = []
        for quad, text, score, word in zip(result.boxes, result.txts, result.scores, words, strict=False):
            box = _quad_box(quad)
            lines.append(OcrLine(text, box, _align_char_boxes(text, box, word), float(score)))
        return lines


ocr_engine = _Ocr()

# Long screenshots are read in overlapping slices: the recognizer scales big pictures down, and a
# 1080×8000 chat scaled to 2000 pixels high has unreadable text.
_TILE_RATIO = 1.6
_TILE_OVERLAP = 160


def ocr_image(image: Image.Image) -> list[OcrLine]:
    """OCR a picture, slicing tall ones; boxes are in the picture's pixel coordinates."""
    width, height = image.size
    tile_h = max(1200, int(width * _TILE_RATIO))
    if height <= tile_h + _TILE_OVERLAP:
        return ocr_engine(image)
    lines: list[OcrLine] = []
    top = 0
    while top < height:
        bottom = min(height, top + tile_h)
        tile_lines = ocr_engine(image.crop((0, top, width, bottom)))
        # Each slice owns the middle of its overlap with the next, so no line is kept twice.
        own_top = top + (_TILE_OVERLAP // 2 if top else 0)
        own_bottom = bottom - (_TILE_OVERLAP // 2 if bottom < height else 0)
        for ln in tile_lines:
            centre = top + (ln.box[1] + ln.box[3]) / 2
            if own_top <= centre < own_bottom or (bottom == height and centre >= own_top):
                shift = [(b[0], b[1] + top, b[2], b[3] + top) for b in ln.char_boxes]
                b = ln.box
                lines.append(OcrLine(ln.text, (b[0], b[1] + top, b[2], b[3] + top), shift, ln.score))
        if bottom == height:
            break
        top = bottom - _TILE_OVERLAP
    return lines


def image_text_layer(
    image: Image.Image, page: int = 0, layer: TextLayer | None = None, scale: float = 1.0
) -> TextLayer:
    """OCR a picture into a text layer; `scale` maps pixel boxes to the caller's coordinates."""
    layer = layer if layer is not None else TextLayer()
    for ln in ocr_image(image):
        boxes = [tuple(v / scale for v in b) for b in ln.char_boxes]
        layer.add_line(page, ln.text, boxes)  # type: ignore[arg-type]
        layer.ocr_scores.append((ln.score, len(ln.text)))
    if page not in layer.ocr_pages:
        layer.ocr_pages.append(page)
    return layer


# A page with less text than this but with pictures is taken for a scan and read by OCR.
_SCANNED_PAGE_MAX_CHARS = 16
_OCR_DPI = 200


def pdf_text_layer(doc: Any, *, max_render_pixels: int = 12_000_000) -> TextLayer:
    """The text layer of every page, with OCR for pages that are pictures of text."""
    import pymupdf

    layer = TextLayer()
    for page_no, page in enumerate(doc):
        raw = page.get_text("rawdict", flags=pymupdf.TEXTFLAGS_RAWDICT & ~pymupdf.TEXT_PRESERVE_IMAGES)
        page_chars = 0
        for block in raw.get("blocks", []):
            if block.get("type") != 0:
                continue
            for line in block.get("lines", []):
                chars = [c for span in line.get("spans", []) for c in span.get("chars", [])]
                text = "".join(c["c"] for c in chars)
                page_chars += len(text.strip())
                layer.add_line(page_no, text, [tuple(c["bbox"]) for c in chars])
        if page_chars < _SCANNED_PAGE_MAX_CHARS and page.get_images(full=False):
            zoom = _OCR_DPI / 72
            rect = page.rect
            if rect.width * rect.height * zoom * zoom > max_render_pixels:
                zoom = (max_render_pixels / (rect.width * rect.height)) ** 0.5
            pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            from PIL import Image

            picture = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            before = len(layer.chars)
            image_text_layer(picture, page_no, layer, scale=zoom)
            # Rendered pixels follow the page's rotation; redaction rectangles do not.
            derot = page.derotation_matrix
            for i in range(before, len(layer.chars)):
                pos = layer.chars[i]
                if pos is not None and page.rotation:
                    r = pymupdf.Rect(pos.box) * derot
                    layer.chars[i] = CharPos(pos.page, pos.line, (r.x0, r.y0, r.x1, r.y1))
    return layer
