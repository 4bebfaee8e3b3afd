"""The whole pipeline on real file bytes: what leaves it, and what it refuses."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
import zlib

import numpy as np
import pymupdf
import pytest
from PIL import Image, PngImagePlugin

from complaints.evidence.pipeline import PIPELINE, FindingType, Kind, Limits, RejectedFile, anonymize_bytes
from complaints.evidence.pipeline.extract import split_line_box

from .samples import jpeg_with_gps, png_bytes, scanned_pdf, statement_pdf, text_image


def pdf_text(data: bytes) -> str:
    """The text layer as a reader's tool sees it (pdftotext where installed, else MuPDF)."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "".join(page.get_text() for page in doc)


def ink_unchanged(original: bytes, redacted: bytes, box: tuple[int, int, int, int]) -> float:
    """Share of the box's glyph pixels whose colour did not change (1.0: fully legible)."""
    a = np.asarray(Image.open(io.BytesIO(original)).convert("RGB").crop(box), dtype=np.int16).reshape(-1, 3)
    b = np.asarray(Image.open(io.BytesIO(redacted)).convert("RGB").crop(box), dtype=np.int16).reshape(-1, 3)
    colours, counts = np.unique(a, axis=0, return_counts=True)
    ink = np.abs(a - colours[counts.argmax()]).sum(axis=1) > 120
    if not ink.any():
        return 1.0
    same = np.abs(a[ink] - b[ink]).sum(axis=1) < 90
    return float(same.mean())


# --- refusing files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 30,
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        bytes(range(256)) * 4,
    ],
)
def test_files_outside_the_allow_list_are_rejected(data):
    with pytest.raises(RejectedFile) as exc:
        anonymize_bytes(data, "evidence.png")
    assert exc.value.code == "unsupported_type"


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_files_are_rejected(data):
    with pytest.raises(RejectedFile) as exc:
        anonymize_bytes(data, "empty.txt")
    assert exc.value.code == "empty"


def test_file_over_the_size_limit_is_rejected():
    with pytest.raises(RejectedFile) as exc:
        anonymize_bytes(png_bytes(), "a.png", limits=Limits(max_bytes=50))
    assert exc.value.code == "too_large"


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_rejected_from_its_header():
    with pytest.raises(RejectedFile) as exc:
        anonymize_bytes(_png_header_only(60_000, 60_000), "bomb.png")
    assert exc.value.code == "too_many_pixels"


def test_pdf_with_too_many_pages_is_rejected():
    doc = pymupdf.open()
    for _ in range(3):
        doc.new_page()
    with pytest.raises(RejectedFile) as exc:
        anonymize_bytes(doc.tobytes(), "long.pdf", limits=Limits(max_pages=2))
    assert exc.value.code == "too_many_pages"


def test_damaged_image_is_rejected():
    with pytest.raises(RejectedFile) as exc:
        anonymize_bytes(b"\xff\xd8\xff\xe0" + b"\x13" * 200, "broken.jpg")
    assert exc.value.code == "corrupt"


def test_password_protected_pdf_is_rejected():
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    with pytest.raises(RejectedFile) as exc:
        anonymize_bytes(data, "locked.pdf")
    assert exc.value.code == "encrypted"


# --- images: normalization -----------------------------------------------------------------------


def test_exif_gps_is_gone_from_a_reencoded_jpeg():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    result = anonymize_bytes(original, "photo.jpg")
    out = Image.open(io.BytesIO(result.redacted))
    assert result.kind is Kind.JPEG
    assert len(out.getexif()) == 0 and "exif" not in out.info
    assert b"Zhang Wei" not in result.redacted
    assert out.size == Image.open(io.BytesIO(original)).size


def test_html_appended_after_a_png_is_gone():
    payload = b"<html><script>fetch('//evil')</script></html>"
    result = anonymize_bytes(png_bytes() + payload, "shot.png")
    assert result.kind is Kind.PNG
    assert b"<html" not in result.redacted and b"script" not in result.redacted
    assert result.redacted.endswith(b"IEND\xaeB`\x82")


def test_png_text_chunks_are_gone():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Wang Fang 13812345678")
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (255, 255, 255)).save(buf, format="PNG", pnginfo=info)
    result = anonymize_bytes(buf.getvalue(), "a.png")
    assert b"Wang Fang" not in result.redacted
    assert b"13812345678" not in result.redacted


def test_webp_stays_webp():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (9, 99, 199)).save(buf, format="WEBP")
    result = anonymize_bytes(buf.getvalue(), "x.webp")
    assert result.kind is Kind.WEBP
    assert Image.open(io.BytesIO(result.redacted)).format == "WEBP"


# --- images: OCR and boxes ----------------------------------------------------------------------


SCREENSHOT = [
    [("客服", "cjk"), ("王建国", "cjk"), ("：您好", "cjk")],
    [("我的手机号", "cjk"), ("13812345678", "latin")],
    [("充值", "cjk"), ("2,835.43", "latin"), ("元", "cjk")],
    [("Email", "latin"), ("lily.wang@foxmail.com", "latin")],
    [("2024-03-16 14:22", "latin")],
]


def test_screenshot_personal_values_are_boxed_and_evidence_stays_legible():
    shot = text_image(SCREENSHOT)
    result = anonymize_bytes(shot.data, "chat.png")
    types = {f.type for f in result.findings}
    assert {FindingType.PERSON, FindingType.PHONE, FindingType.EMAIL} <= types
    for secret in ("王建国", "13812345678", "lily.wang@foxmail.com"):
        assert ink_unchanged(shot.data, result.redacted, shot.boxes[secret]) <= 0.1, secret
    for evidence in ("2,835.43", "2024-03-16 14:22", "我的手机号", "客服"):
        assert ink_unchanged(shot.data, result.redacted, shot.boxes[evidence]) >= 0.9, evidence
    assert Image.open(io.BytesIO(result.redacted)).size == Image.open(io.BytesIO(shot.data)).size
    assert result.ocr_confidence is not None and result.ocr_confidence > 0.8
    assert all(f.boxes for f in result.findings)


def test_dark_mode_screenshot_is_boxed_too():
    shot = text_image([[("手机", "cjk"), ("13912345678", "latin")]])
    # White text on black, as in a phone's dark mode.
    picture = Image.open(io.BytesIO(shot.data)).convert("RGB")
    inverted = Image.eval(picture, lambda v: 255 - v)
    buf = io.BytesIO()
    inverted.save(buf, format="JPEG", quality=95)
    result = anonymize_bytes(buf.getvalue(), "dark.jpg")
    assert ink_unchanged(buf.getvalue(), result.redacted, shot.boxes["13912345678"]) <= 0.1


def test_screenshot_without_personal_data_is_marked_unsure():
    shot = text_image([[("充值", "cjk"), ("300", "latin"), ("元没到账", "cjk")]])
    result = anonymize_bytes(shot.data, "receipt.png")
    assert result.findings == ()
    assert result.unsure and "nothing_found" in result.unsure_reasons


def test_known_identifier_is_boxed_on_a_screenshot():
    shot = text_image([[("订单号", "cjk"), ("TX88231977", "latin")]])
    result = anonymize_bytes(shot.data, "order.png", known_identifiers=["TX 8823 1977"])
    assert [f.type for f in result.findings] == [FindingType.OWN_IDENTIFIER]
    assert ink_unchanged(shot.data, result.redacted, shot.boxes["TX88231977"]) <= 0.1


def test_line_box_split_gives_wide_boxes_to_chinese_characters():
    boxes = split_line_box("王1", (0, 0, 155, 10))
    assert boxes[0][2] - boxes[0][0] > boxes[1][2] - boxes[1][0]
    assert boxes[-1][2] == pytest.approx(155)


# --- PDFs ------------------------------------------------------------------------------------------


STATEMENT = [
    [("交易明细", "cjk")],
    [("户名：", "cjk"), ("程晨子", "cjk")],
    [("手机：", "cjk"), ("+86 151 6520 8362", "latin")],
    [("卡号：", "cjk"), ("6225 1233 0669 7059", "latin")],
    [("2023-08-05", "latin"), ("快付钱包 充值", "cjk"), ("7709.30", "latin"), ("元", "cjk")],
]


def test_pdf_metadata_scripts_files_and_links_are_gone():
    original = statement_pdf(
        STATEMENT,
        metadata={"author": "程晨子", "title": "程晨子的账单"},
        javascript=True,
        attachment=True,
        link=True,
    )
    result = anonymize_bytes(original, "statement.pdf")
    with pymupdf.open(stream=result.redacted, filetype="pdf") as doc:
        assert not any(doc.metadata.get(k) for k in ("author", "title", "subject", "keywords", "creator"))
        assert not doc.get_xml_metadata()
        assert doc.embfile_count() == 0
        assert doc.xref_get_key(doc.pdf_catalog(), "OpenAction")[0] == "null"
        assert not doc[0].get_links()
    assert b"JavaScript" not in result.redacted
    assert b"11010519491231002X" not in result.redacted


def test_text_under_a_pdf_redaction_is_gone_and_the_rest_is_still_searchable():
    result = anonymize_bytes(statement_pdf(STATEMENT), "statement.pdf")
    text = pdf_text(result.redacted)
    squashed = text.replace(" ", "")
    for secret in ("程晨子", "15165208362", "6225123306697059"):
        assert secret not in squashed
    for evidence in ("交易明细", "2023-08-05", "快付钱包", "7709.30"):
        assert evidence in text
    assert {f.page for f in result.findings} == {1}


def test_scanned_pdf_page_is_read_by_ocr_and_redacted():
    shot = text_image(
        [[("联系电话", "cjk"), ("13812345678", "latin")], [("金额", "cjk"), ("1,299.00", "latin")]]
    )
    result = anonymize_bytes(scanned_pdf(shot.data), "scan.pdf")
    assert FindingType.PHONE in {f.type for f in result.findings}
    # MuPDF blanks the picture's own pixels under the box (the black box is drawn on top), so the
    # phone number is gone from the file, not just covered.
    with pymupdf.open(stream=result.redacted, filetype="pdf") as doc:
        xref = doc[0].get_images(full=True)[0][0]
        embedded = doc.extract_image(xref)["image"]
    assert Image.open(io.BytesIO(embedded)).size == Image.open(io.BytesIO(shot.data)).size
    assert ink_unchanged(shot.data, embedded, shot.boxes["13812345678"]) <= 0.1
    assert ink_unchanged(shot.data, embedded, shot.boxes["1,299.00"]) >= 0.9


# --- text exports and the result ---------------------------------------------------------------------


def test_chat_export_as_text_is_redacted_in_place():
    export = "time,sender,message\n2024-03-16 14:22,客服李娜,请提供手机号\n2024-03-16 14:23,我,13812345678\n"
    result = anonymize_bytes(export.encode("utf-8-sig"), "chat.csv")
    out = result.redacted.decode("utf-8")
    assert result.kind is Kind.TEXT
    assert "13812345678" not in out and "李娜" not in out
    assert out.startswith("time,sender,message\n2024-03-16 14:22,")
    for f in result.findings:
        assert export[f.start : f.end] == f.value


def test_result_carries_hashes_and_the_report_names_no_values():
    data = statement_pdf(STATEMENT)
    result = anonymize_bytes(data, "statement.pdf")
    assert result.sha256_original == hashlib.sha256(data).hexdigest()
    assert result.sha256_redacted == hashlib.sha256(result.redacted).hexdigest()
    report = json.dumps(result.report(), ensure_ascii=False)
    assert "程晨子" not in report and "6225" not in report
    assert result.report()["counts"]["PHONE"] == 1


def test_pipeline_is_the_documented_list_of_steps():
    assert [s.name for s in PIPELINE] == ["sniff", "normalize", "extract", "detect", "redact", "report"]
    for step in PIPELINE:
        assert step.time_limit > 0
        assert type(step).__doc__
