"""The one CSV writer for every file the portal hands out (filing annexes today; exports and open data must use
it too), safe to open in a spreadsheet.

A regulator opens an annex in Excel or LibreOffice, where a cell such as ``=HYPERLINK("http://evil.test","x")``
taken from a member's display name would run as a formula. OWASP's rule (CSV injection): a text cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return (or NUL, ASVS 5.0 1.2.10) is prefixed with a single quote, so the
spreadsheet shows it as text. Numbers handed in as numbers (``int``, ``Decimal``, ``float``; amounts) are
written as they are, so a negative amount stays a number a regulator can add up; the same text in a name or
reference is quoted. Callers therefore pass amounts as ``Decimal``, never pre-formatted strings.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")  # OWASP's list, and ASVS 5.0 1.2.10's NUL


def spreadsheet_safe(value: Any) -> Any:
    """A cell as written: numbers unchanged, text that a spreadsheet would run as a formula quoted."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`spreadsheet_safe`."""

    def __init__(self, stream: TextIO) -> None:
        self.writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> None:
        self.writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: TextIO) -> SafeWriter:
    return SafeWriter(stream)
