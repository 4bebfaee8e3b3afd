"""Small evidence files built in the test itself: screenshots, statements, photos with EXIF."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pymupdf
from PIL import Image

# Each segment is (text, font): "cjk" for Chinese (PyMuPDF's built-in CJK font), "latin" for
# digits and letters, so a picture looks like a phone screenshot without system fonts.
Segment = tuple[str, str]
FONTS = {"cjk": "china-s", "latin": "helv"}
DPI = 216
SCALE = DPI / 72


@dataclass
class Rendered:
    data: bytes
    boxes: dict[str, tuple[int, int, int, int]]  # segment text -> pixel box


def _width(text: str, font: str, size: float) -> float:
    if font == "cjk":
        return size * len(text)
    return pymupdf.get_text_length(text, fontname=FONTS[font], fontsize=size)


def _draw(page: pymupdf.Page, lines: list[list[Segment]], size: float) -> dict[str, pymupdf.Rect]:
    boxes: dict[str, pymupdf.Rect] = {}
    y = 20 + size
    for line in lines:
        x = 16.0
        for text, font in line:
            page.insert_text((x, y), text, fontname=FONTS[font], fontsize=size)
            w = _width(text, font, size)
            boxes[text] = pymupdf.Rect(x, y - size * 0.85, x + w, y + size * 0.2)
            x += w + size * 0.3
        y += size * 2.2
    return boxes


def text_image(
    lines: list[list[Segment]],
    *,
    fmt: str = "PNG",
    size: float = 14,
    width: int = 360,
    background: tuple[float, float, float] = (1, 1, 1),
) -> Rendered:
    """A screenshot-like picture of the lines, and where each segment landed in pixels."""
    height = int(40 + size * 2.2 * len(lines))
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.draw_rect(page.rect, color=None, fill=background)
    boxes = _draw(page, lines, size)
    pix = page.get_pixmap(dpi=DPI, alpha=False)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    pixel_boxes = {k: tuple(round(v * SCALE) for v in (r.x0, r.y0, r.x1, r.y1)) for k, r in boxes.items()}
    return Rendered(buf.getvalue(), pixel_boxes)  # type: ignore[arg-type]


def statement_pdf(
    lines: list[list[Segment]],
    *,
    metadata: dict[str, str] | None = None,
    javascript: bool = False,
    attachment: bool = False,
    link: bool = False,
) -> bytes:
    """A one-page statement with a text layer, optionally carrying metadata, JS, a file and a link."""
    doc = pymupdf.open()
    page = doc.new_page(width=420, height=60 + 14 * 2.2 * len(lines))
    _draw(page, lines, 14)
    if metadata:
        doc.set_metadata(metadata)
        doc.set_xml_metadata(
            '<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{metadata.get("author", "")}'
            "</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
        )
    if javascript:
        xref = doc.get_new_xref()
        doc.update_object(xref, "<< /Type /Action /S /JavaScript /JS (app.alert('hi');) >>")
        doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{xref} 0 R")
    if attachment:
        doc.embfile_add("secret.txt", b"ID 11010519491231002X", filename="secret.txt")
    if link:
        page.insert_link(
            {
                "kind": pymupdf.LINK_URI,
                "from": pymupdf.Rect(10, 10, 100, 30),
                "uri": "mailto:someone@example.com",
            }
        )
    return doc.tobytes()


def scanned_pdf(picture: bytes) -> bytes:
    """A page that is only a picture of text, as a scanner makes it."""
    image = Image.open(io.BytesIO(picture))
    doc = pymupdf.open()
    page = doc.new_page(width=image.width / SCALE, height=image.height / SCALE)
    page.insert_image(page.rect, stream=picture)
    return doc.tobytes()


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    """A photo whose EXIF says where it was taken and whose camera it was."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = "Zhang Wei"  # Artist
    gps = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 50.0)}
    exif[0x8825] = gps  # GPSInfo
    buf = io.BytesIO()
    image.save(buf, format="JPEG", exif=exif)
    return buf.getvalue()


def png_bytes(size: tuple[int, int] = (32, 24), colour: tuple[int, int, int] = (10, 200, 90)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()
