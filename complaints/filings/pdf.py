"""A small flowing PDF writer on PyMuPDF with an embedded CJK font, so Chinese renders anywhere and stays searchable.

PyMuPDF ships Droid Sans Fallback as `Font("cjk")`: it covers Chinese and Latin, and TextWriter embeds it
(subset at the end), so a regulator's fresh machine needs no font of its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pymupdf

A4 = pymupdf.paper_rect("a4")
MARGIN = 56
LINE = 1.45


@dataclass(frozen=True)
class BarSpec:
    label: str
    value: int


def _all_fonts_embedded(doc: pymupdf.Document) -> bool:
    # get_page_fonts rows: (xref, ext, type, basefont, name, encoding, ...); ext "n/a" means not embedded.
    return all(font[1] != "n/a" for number in range(doc.page_count) for font in doc.get_page_fonts(number))


class PdfWriter:
    def __init__(self, *, title: str, footer: str = "") -> None:
        self.doc = pymupdf.open()
        self.doc.set_metadata({"title": title, "creator": "Tongsu", "producer": "Tongsu"})
        self.font = pymupdf.Font("cjk")
        self._widths: dict[str, float] = {}
        self.footer = footer
        self.page: pymupdf.Page | None = None
        self.writer: pymupdf.TextWriter | None = None
        self.y = 0.0
        self.new_page()

    # --- pages -------------------------------------------------------------------------------------------
    def _flush(self) -> None:
        if self.page is not None and self.writer is not None:
            self.writer.write_text(self.page)
        self.writer = None

    def new_page(self) -> None:
        self._flush()
        self.page = self.doc.new_page(width=A4.width, height=A4.height)
        self.writer = pymupdf.TextWriter(self.page.rect)
        self.y = MARGIN

    @property
    def width(self) -> float:
        return A4.width - 2 * MARGIN

    def _room(self, height: float) -> None:
        if self.y + height > A4.height - MARGIN:
            self.new_page()

    # --- text --------------------------------------------------------------------------------------------
    def _advance(self, char: str) -> float:
        """Width of one character at size 1, cached: measuring whole lines again and again is quadratic."""
        width = self._widths.get(char)
        if width is None:
            width = self._widths[char] = self.font.text_length(char, fontsize=1)
        return width

    def wrap(self, text: str, size: float, width: float | None = None) -> list[str]:
        """Break text into lines that fit: CJK may break anywhere, Latin words at spaces when possible."""
        limit = (width or self.width) / size
        lines: list[str] = []
        for paragraph in (text or "").splitlines() or [""]:
            line, used = "", 0.0
            for char in paragraph:
                advance = self._advance(char)
                if used + advance <= limit:
                    line += char
                    used += advance
                    continue
                cut = line.rfind(" ")
                if char != " " and cut > len(line) // 2 and line[cut + 1 :].isascii():
                    lines.append(line[:cut])
                    line = line[cut + 1 :] + char
                else:
                    lines.append(line)
                    line = char.lstrip()
                used = sum(self._advance(c) for c in line)
            lines.append(line)
        return lines

    def text(self, text: str, *, size: float = 10.5, indent: float = 0, gap: float = 4) -> None:
        for line in self.wrap(text, size, self.width - indent):
            self._room(size * LINE)
            self.y += size * LINE
            if line:
                self.writer.append((MARGIN + indent, self.y), line, font=self.font, fontsize=size)
        self.y += gap

    def heading(self, text: str, *, size: float = 15) -> None:
        self._room(size * 3)
        self.y += size * 0.6
        self.text(text, size=size, gap=6)

    def row(self, cells: list[str], widths: list[float], *, size: float = 9) -> None:
        """One table row; each cell wraps within its column, the row is as tall as its tallest cell."""
        wrapped = [self.wrap(cell, size, w * self.width - 4) for cell, w in zip(cells, widths, strict=True)]
        height = max(len(c) for c in wrapped) * size * LINE + 4
        self._room(height)
        x = MARGIN
        for lines, w in zip(wrapped, widths, strict=True):
            y = self.y
            for line in lines:
                y += size * LINE
                if line:
                    self.writer.append((x, y), line, font=self.font, fontsize=size)
            x += w * self.width
        self.y += height
        self.page.draw_line((MARGIN, self.y), (MARGIN + self.width, self.y), color=(0.8, 0.8, 0.8), width=0.4)

    def bar_chart(self, bars: list[BarSpec], *, caption: str, height: float = 150) -> None:
        """A bar chart drawn as vector shapes (no image): sharp when printed, labels stay text."""
        self._room(height + 50)
        top = self.y + 10
        base = top + height
        peak = max([b.value for b in bars] + [1])
        slot = self.width / max(len(bars), 1)
        shape = self.page.new_shape()
        shape.draw_line((MARGIN, base), (MARGIN + self.width, base))
        shape.finish(color=(0.3, 0.3, 0.3), width=0.6)
        for i, bar in enumerate(bars):
            h = height * bar.value / peak
            x = MARGIN + i * slot + slot * 0.15
            if h > 0:
                shape.draw_rect(pymupdf.Rect(x, base - h, x + slot * 0.7, base))
                shape.finish(color=None, fill=(0.18, 0.42, 0.62))
            self.writer.append((x, base - h - 3), str(bar.value), font=self.font, fontsize=7)
            self.writer.append((x, base + 10), bar.label, font=self.font, fontsize=6.5)
        shape.commit()
        self.y = base + 16
        self.text(caption, size=8.5)

    # --- exhibits ----------------------------------------------------------------------------------------
    def image_page(self, caption: str, data: bytes) -> None:
        self.new_page()
        self.text(caption, size=10)
        rect = pymupdf.Rect(MARGIN, self.y + 6, A4.width - MARGIN, A4.height - MARGIN)
        self.page.insert_image(rect, stream=data, keep_proportion=True)

    def append_pdf(self, caption: str, data: bytes) -> None:
        self.new_page()
        self.text(caption, size=10)
        self._flush()
        with pymupdf.open(stream=data, filetype="pdf") as exhibit:
            if _all_fonts_embedded(exhibit):
                self.doc.insert_pdf(exhibit)
            else:
                # A font the exhibit only names would render differently (or not at all) on the
                # regulator's machine: such pages go in as images, exactly as the owner approved them.
                for source in exhibit:
                    pixmap = source.get_pixmap(dpi=150)
                    page = self.doc.new_page(width=source.rect.width, height=source.rect.height)
                    page.insert_image(page.rect, pixmap=pixmap)
        # Continue writing on a fresh page after the exhibit.
        self.page = None
        self.new_page()

    # --- output ------------------------------------------------------------------------------------------
    def finish(self) -> tuple[bytes, str]:
        self._flush()
        if self.page is not None and len(self.page.get_text("text").strip()) == 0 and self.doc.page_count > 1:
            self.doc.delete_page(self.page.number)
        if self.footer:
            total = self.doc.page_count
            for number, page in enumerate(self.doc, start=1):
                writer = pymupdf.TextWriter(page.rect)
                writer.append(
                    (MARGIN, A4.height - MARGIN / 2),
                    f"{self.footer} · {number}/{total}",
                    font=self.font,
                    fontsize=7,
                )
                writer.write_text(page, color=(0.4, 0.4, 0.4))
        self.doc.subset_fonts()
        data = self.doc.tobytes(garbage=3, deflate=True, no_new_id=True)
        self.doc.close()
        return data, hashlib.sha256(data).hexdigest()
