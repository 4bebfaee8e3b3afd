"""Hostile files, generated on the fly (no binaries in the repository)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pymupdf
from PIL import Image

SCRIPT = b"<script>alert(document.cookie)</script>"


def png(width: int = 120, height: int = 80, colour=(250, 250, 250)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def jpeg(width: int = 120, height: int = 80) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, format="JPEG", quality=85)
    return out.getvalue()


def png_with_html_tail() -> bytes:
    return png() + b"<html><body>" + SCRIPT + b"</body></html>"


def html_named_jpg() -> bytes:
    return b"<!DOCTYPE html><html><body><h1>Invoice</h1>" + SCRIPT + b"</body></html>"


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        + SCRIPT
        + b"</svg>"
    )


def svg_behind_a_comment() -> bytes:
    """Markup that does not start with a tag: a comment first, then the SVG."""
    return b'<!-- receipt -->\n<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(side: int = 30_000) -> bytes:
    """A real side×side 1-bit greyscale PNG of zeros: ~110 KB on disk, 900 million pixels decoded."""
    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    parts = [packer.compress(row * 1000) for _ in range(side // 1000)]
    parts.append(packer.compress(row * (side % 1000)))
    parts.append(packer.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")
    )


def pdf_with_javascript_and_attachment() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((40, 60), "Refund refused on 2025-03-01, amount 35.00", fontname="helv")
    doc.embfile_add("payload.html", b"<html>" + SCRIPT + b"</html>", filename="payload.html")
    js = doc.get_new_xref()
    doc.update_object(js, "<< /Type /Action /S /JavaScript /JS (app.alert('pwned');) >>")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{js} 0 R")
    doc.xref_set_key(page.xref, "AA", f"<< /O {js} 0 R >>")
    doc.set_metadata({"author": "Zhang Wei"})
    data = doc.tobytes()
    doc.close()
    return data


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("receipt.png", png())
        archive.writestr("notes.txt", "充值 35 元未到账")
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = jpeg(400, 300)
    return data[: len(data) // 3]
