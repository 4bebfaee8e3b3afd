"""Lays out a filing's PDF from HTML and CSS with PyMuPDF's Story, so the letter is a template a person edits.

All text (letter, summary, facts, demands, evidence index, consent statement, exhibit captions and text
exhibits) is HTML that flows over A4 pages in one pass; the evidence index arrives in fragments, so a
campaign with thousands of exhibits never holds one huge HTML string. Because all text is laid out by one
writer, each font is embedded once (Latin from MuPDF's Nimbus fonts, Chinese from its Droid Sans Fallback,
the font the portal's PDFs have always carried) and a regulator's fresh machine needs no font of its own.
Image and PDF exhibits are placed in a second pass, on the caption pages the first pass left for them, so
each file is read once and never held longer than it takes to place it.

This module only lays out what it is given: it reads no storage and renders no template.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pymupdf

logger = logging.getLogger(__name__)

A4 = pymupdf.paper_rect("a4")
MARGIN = 56
BODY = pymupdf.Rect(MARGIN, MARGIN, A4.width - MARGIN, A4.height - MARGIN)
FOOTER_SIZE = 7


class LayoutError(ValueError):
    """A block of the template cannot be laid out (taller than a whole page and not splittable)."""


def _all_fonts_embedded(doc: pymupdf.Document) -> bool:
    # get_page_fonts rows: (xref, ext, type, basefont, name, encoding, ...); ext "n/a" means not embedded.
    return all(font[1] != "n/a" for number in range(doc.page_count) for font in doc.get_page_fonts(number))


class Flow:
    """HTML fragments placed one below the other on A4 pages, written to a PDF file as pages fill up."""

    def __init__(self, path: Path, *, css: str, archive: pymupdf.Archive | None = None) -> None:
        self.css = css
        self.archive = archive
        self._writer = pymupdf.DocumentWriter(str(path))
        self._device = None
        self.top = BODY.y0
        self.pages = 0

    def add(self, html: str) -> None:
        """Continue the text with one fragment, starting a new page whenever the current one is full."""
        story = pymupdf.Story(html, user_css=self.css, archive=self.archive)
        more = True
        while more:
            fresh = self._device is None
            if fresh:
                self._device = self._writer.begin_page(A4)
                self.pages += 1
            more, filled = story.place(pymupdf.Rect(BODY.x0, self.top, BODY.x1, BODY.y1))
            filled = pymupdf.Rect(filled)
            story.draw(self._device)
            if more and fresh and filled.is_empty:
                raise LayoutError("a block of the dossier template is taller than a page")
            if more:
                self.page_break()
            elif not filled.is_empty:
                self.top = filled.y1

    def page_break(self) -> None:
        if self._device is not None:
            self._writer.end_page()
        self._device = None
        self.top = BODY.y0

    def close(self) -> None:
        self.page_break()
        self._writer.close()


def _insert_pdf(doc: pymupdf.Document, data: bytes, *, after: int) -> None:
    with pymupdf.open(stream=data, filetype="pdf") as exhibit:
        if _all_fonts_embedded(exhibit):
            doc.insert_pdf(exhibit, start_at=after + 1)
            return
        # A font the exhibit only names would render differently (or not at all) on the regulator's
        # machine: such pages go in as images, exactly as the owner approved them.
        for offset, source in enumerate(exhibit, start=1):
            pixmap = source.get_pixmap(dpi=150)
            page = doc.new_page(after + offset, width=source.rect.width, height=source.rect.height)
            page.insert_image(page.rect, pixmap=pixmap)


@dataclass(frozen=True)
class _Waiting:
    """An image or PDF exhibit whose caption page is laid out and whose file is placed at the end."""

    kind: str
    page: int
    top: float
    key: str


class Dossier:
    """One filing PDF: flowing text, exhibits after it, then page numbers in the footer."""

    def __init__(
        self, *, css: str, archive: pymupdf.Archive, title: str, footer: str, broken_note: str
    ) -> None:
        self.title = title
        self.footer = footer
        self.broken_note = broken_note
        self._dir = tempfile.TemporaryDirectory(prefix="tongsu-dossier-")
        self._path = Path(self._dir.name) / "dossier.pdf"
        self._flow = Flow(self._path, css=css, archive=archive)
        self._waiting: list[_Waiting] = []
        self.font = pymupdf.Font("cjk")

    # --- first pass: everything that is text ----------------------------------------------------------------
    def flow(self, html: str) -> None:
        """Continue the text with one HTML fragment."""
        self._flow.add(html)

    def page_break(self) -> None:
        self._flow.page_break()

    def text_page(self, html: str) -> None:
        """HTML that starts on a new page, and after which a new page starts (a text exhibit, a note)."""
        self._flow.page_break()
        self._flow.add(html)
        self._flow.page_break()

    def image_exhibit(self, caption_html: str, key: str) -> None:
        """A page with the caption; the image (read through `key` at the end) fills the rest of it."""
        self._caption_page("image", caption_html, key)

    def pdf_exhibit(self, caption_html: str, key: str) -> None:
        """A cover page with the caption; the exhibit's own pages (read through `key`) follow it."""
        self._caption_page("pdf", caption_html, key)

    def _caption_page(self, kind: str, caption_html: str, key: str) -> None:
        self._flow.page_break()
        self._flow.add(caption_html)
        self._waiting.append(_Waiting(kind, self._flow.pages - 1, self._flow.top, key))
        self._flow.page_break()

    # --- second pass: image and PDF exhibits, page numbers ---------------------------------------------------
    def _place(self, doc: pymupdf.Document, waiting: _Waiting, read: Callable[[str], bytes]) -> None:
        page = doc[waiting.page]
        try:
            data = read(waiting.key)
            if waiting.kind == "image":
                page.insert_image(pymupdf.Rect(BODY.x0, waiting.top + 6, BODY.x1, BODY.y1), stream=data)
            else:
                _insert_pdf(doc, data, after=waiting.page)
        except Exception:  # a broken exhibit is named in the PDF, it does not stop the filing
            logger.exception("exhibit %s could not be placed", waiting.key)
            self._write(page, (MARGIN, waiting.top + 14), self.broken_note, size=10, color=(0.6, 0, 0))

    def _write(self, page: pymupdf.Page, point: tuple, text: str, *, size: float, color: tuple) -> None:
        page.wrap_contents()  # the laid-out text may leave its coordinate system changed
        writer = pymupdf.TextWriter(page.rect)
        writer.append(point, text, font=self.font, fontsize=size)
        writer.write_text(page, color=color)

    def _number_pages(self, doc: pymupdf.Document) -> None:
        total = doc.page_count
        for number, page in enumerate(doc, start=1):
            point = (MARGIN, page.rect.height - MARGIN / 2)
            self._write(page, point, f"{self.footer} · {number}/{total}", size=FOOTER_SIZE, color=(0.4,) * 3)

    def finish(
        self, read: Callable[[str], bytes], progress: Callable[[int, int], None] = lambda done, total: None
    ) -> tuple[bytes, str]:
        """Place the waiting exhibits (last first, so earlier page numbers hold), number the pages and return
        the PDF (fonts subset, identical output for identical input) with its SHA-256."""
        self._flow.close()
        try:
            with pymupdf.open(self._path) as doc:
                for done, waiting in enumerate(reversed(self._waiting), start=1):
                    self._place(doc, waiting, read)
                    progress(done, len(self._waiting))
                doc.set_metadata({"title": self.title, "creator": "Tongsu", "producer": "Tongsu"})
                if self.footer:
                    self._number_pages(doc)
                doc.subset_fonts()
                data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
        finally:
            self._dir.cleanup()
        return data, hashlib.sha256(data).hexdigest()

    def close(self) -> None:
        """Release the temporary files of a dossier that was not finished."""
        self._dir.cleanup()
