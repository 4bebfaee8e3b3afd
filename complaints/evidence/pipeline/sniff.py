"""Real file type from magic bytes, against an allow-list, and size limits checked before decoding."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image

try:  # Messages are translated where Django is there; the pipeline itself does not need it.
    from django.utils.translation import gettext_lazy as _
except ImportError:  # pragma: no cover

    def _(message: str) -> str:  # type: ignore[misc]
        return message


class Kind(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    PDF = "pdf"
    TEXT = "text"

    @property
    def is_image(self) -> bool:
        return self in (Kind.JPEG, Kind.PNG, Kind.WEBP)


MIME_TYPES = {
    Kind.JPEG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.WEBP: "image/webp",
    Kind.PDF: "application/pdf",
    Kind.TEXT: "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 20_000
    max_pages: int = 200
    max_text_chars: int = 2_000_000


DEFAULT_LIMITS = Limits()
# PIL refuses anything far above what we accept; our own check below gives the clear message.
Image.MAX_IMAGE_PIXELS = DEFAULT_LIMITS.max_pixels


class RejectedFile(Exception):
    """The file is not accepted; `code` is stable for callers, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        try:
            return f"{self.code}: {self.message}"
        except Exception:  # lazy translation outside a configured Django
            return self.code


MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than the limit."),
    "unsupported_type": _(
        "This type of file is not accepted. Upload a JPEG, PNG, WebP or PDF, or a UTF-8 text export."
    ),
    "too_many_pixels": _("The image is too large in pixels."),
    "too_many_pages": _("The PDF has more pages than the limit."),
    "corrupt": _("The file is damaged or could not be read."),
    "encrypted": _("The PDF is password-protected. Upload a copy without a password."),
}


def reject(code: str) -> RejectedFile:
    return RejectedFile(code, MESSAGES[code])


def sniff_kind(data: bytes) -> Kind:
    """The file's real type from its first bytes; the name and the browser's word are not trusted."""
    if not data:
        raise reject("empty")
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind.WEBP
    # The PDF header may follow a little junk; readers accept that, so a reader-side check must too.
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    if _looks_like_text(data):
        return Kind.TEXT
    raise reject("unsupported_type")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    head = text[:4096].lstrip().lower()
    # A comment first does not make markup plain text ("<!-- receipt --><svg onload=...>").
    while head.startswith("<!--") and "-->" in head:
        head = head.split("-->", 1)[1].lstrip()
    # Markup would be rendered by something, somewhere: only plain exports are accepted.
    if head.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script", "<!--", "<body", "<iframe")):
        return False
    control = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    return control <= len(text[:65536]) // 100


def validate(data: bytes, kind: Kind, limits: Limits = DEFAULT_LIMITS) -> None:
    """Check size, pixels and pages from headers, before anything is decoded in full."""
    if len(data) > limits.max_bytes:
        raise reject("too_large")
    if kind.is_image:
        _validate_image(data, limits)
    elif kind is Kind.PDF:
        _validate_pdf(data, limits)
    elif kind is Kind.TEXT:
        text = data.decode("utf-8-sig")
        if not text.strip():
            raise reject("empty")
        if len(text) > limits.max_text_chars:
            raise reject("too_large")


def _validate_image(data: bytes, limits: Limits) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:  # reads the header only
                width, height = im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise reject("too_many_pixels") from exc
    except Exception as exc:
        raise reject("corrupt") from exc
    if width <= 0 or height <= 0:
        raise reject("corrupt")
    if width * height > limits.max_pixels or max(width, height) > limits.max_side:
        raise reject("too_many_pixels")


def _validate_pdf(data: bytes, limits: Limits) -> None:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise reject("corrupt") from exc
    with doc:
        if doc.needs_pass:
            raise reject("encrypted")
        if doc.page_count == 0:
            raise reject("corrupt")
        if doc.page_count > limits.max_pages:
            raise reject("too_many_pages")
