"""The filing PDF is laid out from editable HTML/CSS templates: a formal letter in either language, an evidence
index a regulator can search by hash, every exhibit placed or named, fonts embedded once, pages numbered."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pymupdf
import pytest
from django.utils import formats, timezone, translation
from PIL import Image

from complaints.evidence.models import private_storage
from complaints.filings import generation
from complaints.filings.models import FilingVersion
from tests.filings.conftest import TITLE, add_evidence, make_filing, regenerate

pytestmark = pytest.mark.django_db


def _pdf_file(version: FilingVersion) -> Path:
    out = Path(tempfile.mkdtemp()) / "filing.pdf"
    with version.pdf.open("rb") as fh:
        out.write_bytes(fh.read())
    return out


def _text(version: FilingVersion) -> str:
    path = _pdf_file(version)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _embedded_fonts(version: FilingVersion) -> list[str]:
    path = _pdf_file(version)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return rows.splitlines()[2:]


def _pdf_with_embedded_font(text: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="cjk", fontbuffer=pymupdf.Font("cjk").buffer)
    page.insert_text((72, 72), text, fontname="cjk", fontsize=12)
    data = doc.tobytes()
    doc.close()
    return data


def _png(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (90, 60), (shade, 40, 90)).save(out, format="PNG")
    return out.getvalue()


def test_the_chinese_letter_is_addressed_closed_and_signed_by_the_members(
    campaign, organizer, member, regulator
):
    filing = make_filing(campaign, organizer, regulator, language="zh-hans")
    text = _text(filing.current_version)
    assert f"{regulator.name_zh}：" in text
    assert "此致" in text and "敬礼！" in text
    assert f"投诉人：“{TITLE}”全体成员（共 2 人）" in text
    assert "经同诉平台提交" in text
    with translation.override("zh-hans"):
        assert formats.date_format(timezone.localdate(), "DATE_FORMAT") in text
    assert "合计主张 2,955.43 元" in text, "amounts carry thousands separators"


def test_the_english_letter_is_addressed_closed_and_signed_by_the_members(
    campaign, organizer, member, regulator
):
    filing = make_filing(campaign, organizer, regulator, language="en")
    text = _text(filing.current_version)
    assert f"To {regulator.name_en}," in text
    assert "Yours faithfully," in text
    assert f"Complainants: the 2 members of “{TITLE}”" in text
    assert "Submitted through Tongsu" in text
    assert "Group summary" in text and "Facts and grounds" in text
    assert "此致" not in text


def test_an_edited_letter_template_is_what_the_regulator_reads(
    settings, tmp_path, campaign, organizer, member, regulator
):
    letters = tmp_path / "filings" / "dossier" / "letters"
    letters.mkdir(parents=True)
    (letters / f"{regulator.kind}.html").write_text(
        "<p>我们请求贵局在十五个工作日内立案，{{ figures.members }} 名成员静候答复。</p>", encoding="utf-8"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    text = _text(make_filing(campaign, organizer, regulator).current_version)
    assert "我们请求贵局在十五个工作日内立案，2 名成员静候答复。" in text
    assert "我们代表" not in text, "the shipped letter body was replaced"
    assert "投诉人：" in text and "群体概况" in text, "the address, signature and sections stay"


def test_every_exhibit_hash_is_in_the_index_once_and_whole_however_the_index_is_split(
    monkeypatch, campaign, organizer, member, regulator
):
    monkeypatch.setattr(generation, "INDEX_ROWS_PER_FRAGMENT", 2)  # five exhibits: three fragments
    items = [
        add_evidence(m, data=_png(shade))
        for shade, m in zip(range(10, 60, 10), [organizer] * 3 + [member] * 2, strict=True)
    ]
    filing = make_filing(campaign, organizer, regulator)
    text = _text(filing.current_version)
    assert text.count("脱敏文件的 SHA-256") == 1, "one heading over all the fragments"
    for item in items:
        assert text.count(item.sha256_redacted) == 1, "a regulator finds each hash by searching for it"
    assert filing.current_version.content["exhibit_index_sha256"] == generation.exhibit_index_digest(filing)
    for mark in ("{#", "#}", "{%", "%}", "{{", "}}"):
        assert mark not in text, f"a template's own text ({mark}) reached the regulator"


def test_fonts_are_embedded_once_however_many_exhibits(campaign, organizer, member, regulator):
    add_evidence(organizer, data=_png(10))
    one = make_filing(campaign, organizer, regulator).current_version
    for shade in range(20, 100, 10):
        add_evidence(member, data=_png(shade))
    add_evidence(member, kind="text", data="聊天记录：客服说余额无法恢复。".encode())
    many = regenerate(one.filing, organizer, narrative="事实", demands="退款")
    assert many.content["figures"]["exhibits"] == 10
    fonts = _embedded_fonts(many)
    assert all(row.split()[-5] == "yes" for row in fonts)
    assert len(fonts) == len(_embedded_fonts(one)), "captions share the fonts of the letter"


def test_pages_are_numbered_and_every_exhibit_is_placed_or_named(campaign, organizer, member, regulator):
    add_evidence(organizer, data=_png(10))
    add_evidence(member, kind="pdf", data=_pdf_with_embedded_font("余额清零截图"))
    add_evidence(member, kind="text", data="聊天记录：客服说余额无法恢复。".encode())
    broken = add_evidence(member, data=b"\x89PNG not really an image")
    missing = add_evidence(member, data=_png(20))
    private_storage.delete(missing.redacted.name)
    version = make_filing(campaign, organizer, regulator).current_version
    assert version.status == FilingVersion.Status.READY
    text = _text(version)
    pages = text.split("\f")[:-1]
    assert all(f"{n}/{len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert "余额清零截图" in text, "the PDF exhibit's own page follows its cover"
    assert "聊天记录：客服说余额无法恢复。" in text, "a text exhibit is laid out in full"
    assert text.count("该证据无法呈现。") == 2, (broken.pk, missing.pk)
    for n in range(1, 6):
        assert f"证据 E-{n} · 成员 #" in text
