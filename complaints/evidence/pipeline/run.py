"""The evidence pipeline as a list of steps run in order over one context.

Uploads (a Celery task with a time limit per step) and `manage.py anonymize` run the same steps.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from .detect import Finding
from .extract import TextLayer, image_text_layer, pdf_text_layer
from .normalize import (
    clean_pdf,
    encode_image,
    hidden_image_parts,
    normalize_image,
    normalize_pdf,
    save_pdf,
)
from .redact import apply_placeholders, redact_image, redact_pdf, redact_text
from .report import LocatedFinding, Result, unsure_reasons
from .sniff import DEFAULT_LIMITS, Kind, Limits, sniff_kind, validate
from .textnorm import guess_lang

if TYPE_CHECKING:
    from PIL import Image


@dataclass
class Context:
    """Everything the steps share about one file."""

    data: bytes
    filename: str
    known_identifiers: tuple[str, ...] = ()
    lang_hint: str | None = None
    limits: Limits = DEFAULT_LIMITS
    kind: Kind | None = None
    normalized: bytes = b""
    image: Image.Image | None = None
    pdf: Any = None
    text: str = ""
    layer: TextLayer | None = None
    lang: str = "en"
    findings: list[Finding] = field(default_factory=list)
    located: list[LocatedFinding] = field(default_factory=list)
    redacted: bytes = b""
    result: Result | None = None
    timings: dict[str, float] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # hiding places emptied by normalization

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


class Step(Protocol):
    name: ClassVar[str]
    time_limit: ClassVar[float]  # seconds; enforced by the caller (the Celery task's soft limit)

    def __call__(self, ctx: Context) -> None: ...


class SniffStep:
    """Find the real type from magic bytes and check size, pixels and pages before decoding."""

    name = "sniff"
    time_limit = 10.0

    def __call__(self, ctx: Context) -> None:
        ctx.kind = sniff_kind(ctx.data)
        validate(ctx.data, ctx.kind, ctx.limits)


class NormalizeStep:
    """Re-encode the file without metadata, scripts, attachments or trailing data."""

    name = "normalize"
    time_limit = 30.0

    def __call__(self, ctx: Context) -> None:
        assert ctx.kind is not None
        if ctx.kind.is_image:
            ctx.removed.extend(hidden_image_parts(ctx.data))
            ctx.normalized, ctx.image = normalize_image(ctx.data, ctx.kind)
        elif ctx.kind is Kind.PDF:
            import pymupdf

            ctx.normalized, removed = normalize_pdf(ctx.data)
            ctx.removed.extend(removed)
            ctx.pdf = pymupdf.open(stream=ctx.normalized, filetype="pdf")
        else:
            ctx.text = ctx.data.decode("utf-8-sig")
            ctx.normalized = ctx.text.encode("utf-8")


class ExtractStep:
    """Get the text with positions: the PDF text layer, OCR for pictures, or the text itself."""

    name = "extract"
    time_limit = 300.0

    def __call__(self, ctx: Context) -> None:
        if ctx.image is not None:
            ctx.layer = image_text_layer(ctx.image)
            ctx.text = ctx.layer.text
        elif ctx.pdf is not None:
            ctx.layer = pdf_text_layer(ctx.pdf, max_render_pixels=min(ctx.limits.max_pixels, 12_000_000))
            ctx.text = ctx.layer.text


class DetectStep:
    """Find personal data in the extracted text, and the member's own identifiers."""

    name = "detect"
    time_limit = 60.0

    def __call__(self, ctx: Context) -> None:
        ctx.lang = ctx.lang_hint or guess_lang(ctx.text)
        _redacted, ctx.findings = redact_text(
            ctx.text, known_identifiers=ctx.known_identifiers, lang=ctx.lang
        )


def _pad(
    box: tuple[float, float, float, float], width: int, height: int
) -> tuple[float, float, float, float]:
    # OCR boxes hug the glyphs' centres; a margin covers anti-aliased edges without reaching
    # the next word.
    x0, y0, x1, y1 = box
    h = y1 - y0
    px, py = max(2.0, 0.12 * h), max(2.0, 0.06 * h)
    return max(0.0, x0 - px), max(0.0, y0 - py), min(float(width), x1 + px), min(float(height), y1 + py)


class RedactStep:
    """Replace text with placeholders, paint boxes on pictures, remove text from PDFs."""

    name = "redact"
    time_limit = 60.0

    def __call__(self, ctx: Context) -> None:
        assert ctx.kind is not None
        if ctx.kind is Kind.TEXT:
            ctx.redacted = apply_placeholders(ctx.text, ctx.findings, ctx.lang).encode("utf-8")
            ctx.located = [
                LocatedFinding(f.type, f.confidence, f.source, f.start, f.end, f.value) for f in ctx.findings
            ]
            return
        assert ctx.layer is not None
        rects: list[tuple[int, tuple[float, float, float, float]]] = []
        for f in ctx.findings:
            boxes = ctx.layer.boxes_for(f.start, f.end)
            if ctx.image is not None:
                boxes = [(p, _pad(b, *ctx.image.size)) for p, b in boxes]
            rects.extend(boxes)
            page = boxes[0][0] + 1 if boxes and ctx.pdf is not None else None
            ctx.located.append(
                LocatedFinding(
                    f.type, f.confidence, f.source, f.start, f.end, f.value, page, tuple(b for _p, b in boxes)
                )
            )
        if ctx.image is not None:
            redacted = redact_image(ctx.image, [b for _p, b in rects])
            ctx.redacted = encode_image(redacted, ctx.kind)
        else:
            redact_pdf(ctx.pdf, rects)
            clean_pdf(ctx.pdf)
            ctx.redacted = save_pdf(ctx.pdf)


class ReportStep:
    """Sum up: hashes, findings with places, and whether a person should look at it."""

    name = "report"
    time_limit = 5.0

    def __call__(self, ctx: Context) -> None:
        assert ctx.kind is not None
        ocr = ctx.layer.ocr_confidence if ctx.layer is not None else None
        ctx.result = Result(
            filename=ctx.filename,
            kind=ctx.kind,
            redacted=ctx.redacted,
            findings=tuple(ctx.located),
            sha256_original=hashlib.sha256(ctx.data).hexdigest(),
            sha256_redacted=hashlib.sha256(ctx.redacted).hexdigest(),
            ocr_confidence=ocr,
            unsure_reasons=unsure_reasons(
                ctx.kind, findings=len(ctx.located), text_chars=len(ctx.text.strip()), ocr_confidence=ocr
            ),
            timings=dict(ctx.timings),
            removed=tuple(ctx.removed),
        )


PIPELINE: tuple[Step, ...] = (
    SniffStep(),
    NormalizeStep(),
    ExtractStep(),
    DetectStep(),
    RedactStep(),
    ReportStep(),
)


def run_pipeline(ctx: Context, steps: Sequence[Step] = PIPELINE) -> Result:
    """Run the steps in order; a step raises RejectedFile to stop with a reason."""
    try:
        for step in steps:
            started = time.monotonic()
            step(ctx)
            ctx.timings[step.name] = round(time.monotonic() - started, 3)
    finally:
        ctx.close()
    assert ctx.result is not None
    return ctx.result


def anonymize_bytes(
    data: bytes,
    filename: str,
    *,
    known_identifiers: Iterable[str] = (),
    lang_hint: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Result:
    """Anonymize one uploaded file; raises RejectedFile for files that are not accepted."""
    ctx = Context(
        data=data,
        filename=filename,
        known_identifiers=tuple(known_identifiers),
        lang_hint=lang_hint,
        limits=limits,
    )
    return run_pipeline(ctx)


def anonymize_text(
    text: str, *, known_identifiers: Iterable[str] = (), lang: str | None = None
) -> tuple[str, list[Finding]]:
    """Anonymize a piece of text: placeholders instead of personal data, and what was found."""
    return redact_text(text, known_identifiers=known_identifiers, lang=lang)
