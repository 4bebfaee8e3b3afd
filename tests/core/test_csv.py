"""Every CSV the portal hands out opens in a spreadsheet without running a member's text as a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from complaints.core import csv as safe_csv


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.test","x")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\x00=1",
    ],
)
def test_text_a_spreadsheet_would_run_is_written_as_text(text):
    out = io.StringIO(newline="")
    safe_csv.writer(out).writerow(["name", text])
    assert next(csv.reader(io.StringIO(out.getvalue())))[1] == "'" + text


def test_numbers_and_ordinary_text_are_written_unchanged():
    out = io.StringIO(newline="")
    safe_csv.writer(out).writerow([Decimal("-12.50"), -3, "王小明", "a=b", None])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["-12.50", "-3", "王小明", "a=b", ""]
