"""The per-member mandate PDF, laid out from a template with PyMuPDF's Story like the filing dossier.

MuPDF embeds its own fonts (Nimbus for Latin, Droid Sans Fallback for Chinese), so the PDF reads the same on
a regulator's machine that has no Chinese font; the output is subset and has no random id, so the same
mandate gives the same bytes and the same SHA-256.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pymupdf
from django.template.loader import render_to_string

A4 = pymupdf.paper_rect("a4")
MARGIN = 56
BODY = pymupdf.Rect(MARGIN, MARGIN, A4.width - MARGIN, A4.height - MARGIN)


def render_pdf(context: dict, *, title: str) -> tuple[bytes, str]:
    """The mandate as PDF bytes with their SHA-256 (the context is the template's; nothing is read here)."""
    html = render_to_string("mandates/pdf/mandate.html", context)
    css = render_to_string("mandates/pdf/mandate.css")
    story = pymupdf.Story(html, user_css=css)
    with tempfile.TemporaryDirectory(prefix="tongsu-mandate-") as tmp:
        path = Path(tmp) / "mandate.pdf"
        writer = pymupdf.DocumentWriter(str(path))
        more = True
        while more:
            device = writer.begin_page(A4)
            more, _filled = story.place(BODY)
            story.draw(device)
            writer.end_page()
        writer.close()
        with pymupdf.open(path) as doc:
            doc.set_metadata({"title": title, "creator": "Tongsu", "producer": "Tongsu"})
            doc.subset_fonts()
            data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    return data, hashlib.sha256(data).hexdigest()
