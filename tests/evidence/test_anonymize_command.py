"""`manage.py anonymize`: files and JSONL in, redacted files and reports out, nothing half-written."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from .samples import jpeg_with_gps, statement_pdf


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("anonymize", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "statement.pdf").write_bytes(
        statement_pdf(
            [[("户名：", "cjk"), ("程晨子", "cjk")], [("手机：", "cjk"), ("13812345678", "latin")]],
            metadata={"author": "程晨子"},
        )
    )
    (folder / "photo.jpg").write_bytes(jpeg_with_gps())
    (folder / "chat.txt").write_text(
        "客服李娜：请提供手机号\n我：13912345678，付了2,835.43元\n", encoding="utf-8"
    )
    return folder


def test_files_are_written_under_the_same_name_with_a_report(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    printed = run(*(str(p) for p in sorted(inputs.iterdir())), "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == [
        "chat.txt",
        "chat.txt.report.json",
        "photo.jpg",
        "photo.jpg.report.json",
        "statement.pdf",
        "statement.pdf.report.json",
    ]
    chat = (out / "chat.txt").read_text(encoding="utf-8")
    assert "13912345678" not in chat and "李娜" not in chat and "2,835.43元" in chat
    report = json.loads((out / "statement.pdf.report.json").read_text(encoding="utf-8"))
    assert report["kind"] == "pdf" and report["counts"] == {"PERSON": 1, "PHONE": 1}
    assert all("page" in f and f["boxes"] for f in report["findings"])
    assert "程晨子" not in (out / "statement.pdf.report.json").read_text(encoding="utf-8")
    assert "statement.pdf: PERSON 1, PHONE 1" in printed
    photo = json.loads((out / "photo.jpg.report.json").read_text(encoding="utf-8"))
    assert photo["unsure"] is True


def test_jsonl_lines_come_back_redacted_with_offsets(tmp_path: Path):
    source = tmp_path / "in.jsonl"
    records = [
        {"id": 1, "text": "我叫梁一萍，手机13812345678，充值2397元"},
        {"id": "b", "text": "Dear Mr. Brown, call +1 (223) 226-9870 about the $19.99 charge."},
    ]
    source.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    printed = run("--jsonl", str(source), "--out", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [1, "b"]
    assert lines[0]["text"] == "我叫[姓名]，手机[手机号]，充值2397元"
    assert "$19.99" in lines[1]["text"] and "226-9870" not in lines[1]["text"]
    for record, line in zip(records, lines, strict=True):
        for f in line["findings"]:
            assert set(f) == {"type", "start", "end"}
            assert 0 <= f["start"] < f["end"] <= len(record["text"])
    assert lines[0]["findings"][0] == {"type": "PERSON", "start": 2, "end": 5}
    assert "2 records" in printed


def test_known_identifiers_per_record_and_from_the_command_line(tmp_path: Path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": 1, "text": "订单 TX 8823 1977 和 VIP-0042 都没到账", "known": ["TX88231977"]})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    run("--jsonl", str(source), "--out", str(out), "--known", "VIP-0042")
    text = json.loads(out.read_text(encoding="utf-8"))["text"]
    assert "8823" not in text and "0042" not in text and "都没到账" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "text": "ok"}\nnot json\n', ":2: not valid JSON"),
        ('{"id": 1}\n', ':1: expected an object with "id" and a string "text"'),
        ('["id", "text"]\n', ":1: expected an object"),
        ('{"id": 1, "text": "x", "known": "me"}\n', ':1: "known" must be a list of strings'),
    ],
)
def test_bad_jsonl_is_refused_and_nothing_is_written(tmp_path: Path, content: str, message: str):
    source = tmp_path / "in.jsonl"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match=message):
        run("--jsonl", str(source), "--out", str(out))
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_one_unacceptable_file_means_nothing_is_written(inputs: Path, tmp_path: Path):
    (inputs / "script.html").write_text("<!DOCTYPE html><script>alert(1)</script>", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(CommandError, match=r"script.html: rejected \(unsupported_type\)"):
        run(*(str(p) for p in sorted(inputs.iterdir())), "--out", str(out))
    assert not out.exists()


def test_keep_going_writes_the_good_files_and_still_fails(inputs: Path, tmp_path: Path):
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    with pytest.raises(CommandError, match=r"empty.txt: rejected \(empty\)"):
        run(str(inputs / "chat.txt"), str(inputs / "empty.txt"), "--out", str(out), "--keep-going")
    assert sorted(p.name for p in out.iterdir()) == ["chat.txt", "chat.txt.report.json"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Nothing to do"),
        (["missing.png"], "no such file"),
        (["--jsonl", "missing.jsonl"], "no such file"),
    ],
)
def test_usage_errors_are_clear(tmp_path: Path, args: list[str], message: str):
    with pytest.raises(CommandError, match=message):
        run(
            *[str(tmp_path / a) if a.startswith("missing") else a for a in args], "--out", str(tmp_path / "o")
        )


def test_output_into_the_input_folder_is_refused(inputs: Path):
    with pytest.raises(CommandError, match="would be overwritten"):
        run(str(inputs / "chat.txt"), "--out", str(inputs))
    assert (inputs / "chat.txt").read_text(encoding="utf-8").startswith("客服李娜")


def test_same_name_twice_is_refused(inputs: Path, tmp_path: Path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "chat.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(CommandError, match="same name"):
        run(str(inputs / "chat.txt"), str(other / "chat.txt"), "--out", str(tmp_path / "out"))


def test_bad_input_exits_non_zero_from_the_shell(tmp_path: Path):
    bad = tmp_path / "x.gif"
    bad.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    proc = subprocess.run(
        [sys.executable, "manage.py", "anonymize", str(bad), "--out", str(tmp_path / "out")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "x.gif: rejected (unsupported_type)" in proc.stderr
    assert not (tmp_path / "out").exists()
