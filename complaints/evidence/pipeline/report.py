"""What the anonymizer found and where, without the values themselves."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .detect import FindingType
from .extract import Box
from .sniff import Kind

# Reasons a person (the owner, then a moderator) should look before the evidence is pooled.
LOW_OCR_CONFIDENCE = 0.80
NOTHING_FOUND_MIN_TEXT = 200


@dataclass(frozen=True, slots=True)
class LocatedFinding:
    """A finding and where it sat: text offsets, and for pictures and PDFs the boxes covered."""

    type: FindingType
    confidence: float
    source: str
    start: int
    end: int
    value: str = field(repr=False)  # kept in memory for the owner's review, never written out
    page: int | None = None  # 1-based, PDFs only
    boxes: tuple[Box, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": str(self.type),
            "confidence": round(self.confidence, 2),
            "source": self.source,
            "start": self.start,
            "end": self.end,
        }
        if self.page is not None:
            out["page"] = self.page
        if self.boxes:
            out["boxes"] = [[round(v, 1) for v in b] for b in self.boxes]
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of one run of the pipeline over one file."""

    filename: str
    kind: Kind
    redacted: bytes
    findings: tuple[LocatedFinding, ...]
    sha256_original: str
    sha256_redacted: str
    ocr_confidence: float | None
    unsure_reasons: tuple[str, ...]
    timings: dict[str, float]
    # Hidden parts of the file that were removed ("embedded_files", "xmp_metadata", "exif", ...).
    removed: tuple[str, ...] = ()

    @property
    def unsure(self) -> bool:
        return bool(self.unsure_reasons)

    def report(self) -> dict[str, Any]:
        """A JSON-ready summary; it names types and places, never the personal values."""
        return {
            "filename": self.filename,
            "kind": str(self.kind),
            "sha256_original": self.sha256_original,
            "sha256_redacted": self.sha256_redacted,
            "ocr_confidence": None if self.ocr_confidence is None else round(self.ocr_confidence, 3),
            "unsure": self.unsure,
            "unsure_reasons": list(self.unsure_reasons),
            "counts": dict(sorted(Counter(str(f.type) for f in self.findings).items())),
            "findings": [f.as_dict() for f in self.findings],
            "removed": list(self.removed),
        }


def unsure_reasons(
    kind: Kind, *, findings: int, text_chars: int, ocr_confidence: float | None
) -> tuple[str, ...]:
    reasons: list[str] = []
    if ocr_confidence is not None and ocr_confidence < LOW_OCR_CONFIDENCE:
        reasons.append("low_ocr_confidence")
    if kind is not Kind.TEXT and text_chars == 0:
        reasons.append("no_text_found")
    elif findings == 0 and (kind is not Kind.TEXT or text_chars >= NOTHING_FOUND_MIN_TEXT):
        # Screenshots, statements and long chat exports nearly always carry someone's details;
        # finding none more likely means we missed them than that there are none.
        reasons.append("nothing_found")
    return tuple(reasons)
