"""Redaction: typed placeholders in text, solid boxes on images, true removal in PDFs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .detect import Finding, FindingType, detect
from .textnorm import guess_lang, normalize

if TYPE_CHECKING:
    from PIL import Image

    from .extract import Box

PLACEHOLDERS: dict[str, dict[FindingType, str]] = {
    "zh": {
        FindingType.PHONE: "[电话号码]",
        FindingType.ID_NUMBER: "[身份证号]",
        FindingType.BANK_CARD: "[银行卡号]",
        FindingType.EMAIL: "[邮箱]",
        FindingType.IP: "[IP地址]",
        FindingType.QQ: "[QQ号]",
        FindingType.WECHAT: "[微信号]",
        FindingType.PERSON: "[姓名]",
        FindingType.ADDRESS: "[地址]",
        FindingType.OWN_IDENTIFIER: "[个人信息]",
    },
    "en": {
        FindingType.PHONE: "[phone]",
        FindingType.ID_NUMBER: "[ID number]",
        FindingType.BANK_CARD: "[bank card]",
        FindingType.EMAIL: "[email]",
        FindingType.IP: "[IP address]",
        FindingType.QQ: "[QQ number]",
        FindingType.WECHAT: "[WeChat ID]",
        FindingType.PERSON: "[name]",
        FindingType.ADDRESS: "[address]",
        FindingType.OWN_IDENTIFIER: "[personal detail]",
    },
}
# Sources that deserve a more specific placeholder than their type.
_SOURCE_PLACEHOLDERS = {
    ("zh", "cn_mobile"): "[手机号]",
    ("zh", "passport"): "[证件号]",
    ("en", "passport"): "[passport number]",
    ("zh", "long_number"): "[长数字]",
    ("en", "long_number"): "[long number]",
}


def placeholder(finding: Finding, lang: str) -> str:
    lang = "zh" if lang.startswith("zh") else "en"
    first_source = finding.source.split("+")[0]
    return _SOURCE_PLACEHOLDERS.get((lang, first_source)) or PLACEHOLDERS[lang][finding.type]


def apply_placeholders(text: str, findings: Sequence[Finding], lang: str) -> str:
    """Replace each finding's span (already merged, non-overlapping) with its placeholder."""
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        parts.append(text[pos : f.start])
        parts.append(placeholder(f, lang))
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def redact_text(
    text: str, *, known_identifiers: Iterable[str] = (), lang: str | None = None
) -> tuple[str, list[Finding]]:
    """Detect personal data in `text` and replace it with typed placeholders."""
    lang = lang or guess_lang(normalize(text).text)
    findings = detect(text, known_identifiers=known_identifiers, lang=lang)
    return apply_placeholders(text, findings, lang), findings


# Fill colours in order of preference. Black reads best as "removed", but on dark text the
# glyphs' own pixels would stay the same colour under it and the edges of the letters could be
# traced; the first colour far from every ink pixel in the box wins.
_FILLS = ((0, 0, 0), (24, 44, 150), (150, 28, 28), (255, 255, 255), (120, 120, 120))
_BACKGROUND_GAP = 120  # L1 distance from the background above which a pixel counts as ink
_CLOSE = 120  # L1 distance below which an ink pixel under the fill would look unchanged


def _fill_colour(image: Image.Image, box: Box) -> tuple[int, int, int]:
    """The first preferred fill that no glyph pixel in the box is close to."""
    import numpy as np

    crop = np.asarray(image.crop(tuple(int(v) for v in box)).convert("RGB"), dtype=np.int16).reshape(-1, 3)
    if crop.size == 0:
        return _FILLS[0]
    colours, counts = np.unique(crop, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    ink = crop[np.abs(crop - background).sum(axis=1) > _BACKGROUND_GAP]
    if len(ink) == 0:
        return _FILLS[0]
    best, best_close = _FILLS[0], len(ink) + 1
    for fill in _FILLS:
        close = int((np.abs(ink - np.array(fill)).sum(axis=1) < _CLOSE).sum())
        if close <= len(ink) // 200:
            return fill
        if close < best_close:
            best, best_close = fill, close
    return best


def redact_image(image: Image.Image, boxes: Iterable[Box]) -> Image.Image:
    """Paint solid boxes over the given pixel rectangles; the image keeps its size."""
    from PIL import ImageDraw

    out = image.copy()
    draw = ImageDraw.Draw(out)
    for box in boxes:
        x0, y0, x1, y1 = (round(v) for v in box)
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(out.width, x1), min(out.height, y1)
        if x1 <= x0 or y1 <= y0:
            continue
        colour = _fill_colour(image, (x0, y0, x1, y1))
        if out.mode == "L":
            fill: int | tuple[int, ...] = int(sum(colour) / 3)
        elif out.mode == "RGBA":
            fill = (*colour, 255)
        else:
            fill = colour
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill)
    return out


def redact_pdf(doc: Any, rects: Iterable[tuple[int, Box]]) -> None:
    """Truly remove what lies under each (page, rectangle): text, and image pixels, not just cover it."""
    import pymupdf

    by_page: dict[int, list[Box]] = {}
    for page_no, rect in rects:
        by_page.setdefault(page_no, []).append(rect)
    for page_no, page_rects in by_page.items():
        page = doc[page_no]
        for x0, y0, x1, y1 in page_rects:
            # Character boxes include line spacing; trimming them keeps the next line's characters
            # (which MuPDF removes when they overlap enough) out of the redaction.
            inset = (y1 - y0) * 0.1
            page.add_redact_annot(
                pymupdf.Rect(x0, y0 + inset, x1, y1 - inset), fill=(0, 0, 0), cross_out=False
            )
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
            graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
            text=pymupdf.PDF_REDACT_TEXT_REMOVE,
        )
