# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""The processing task: real files through the pipeline, claims, retries, the sweep, time limits."""

from __future__ import annotations

import io
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from complaints.core import heartbeat
from complaints.core.sweeps import run_sweeps
from complaints.evidence import processing, services
from complaints.evidence.files import read_file
from complaints.evidence.models import EvidenceItem, private_storage
from complaints.evidence.tasks import evidence_process_task, sweep_evidence
from tests.evidence.support import (  # noqa: F401 - fixtures
    AMOUNT,
    CHAT,
    ID_NUMBER,
    PHONE,
    campaign,
    english,
    make_item,
    organizer,
    owner,
    owner_membership,
    pdf_with_lines,
    png_with_text,
    private_dir,
    private_files,
    upload,
    upload_file,
)

pytestmark = pytest.mark.django_db


def _ocr_text(data: bytes) -> str:
    from complaints.evidence.pipeline.extract import ocr_image

    return " ".join(line.text for line in ocr_image(Image.open(io.BytesIO(data)).convert("RGB")))


# Two OCR runs (the pipeline's, then ours on the redacted picture): about 4 s on an idle machine.
def test_a_screenshot_with_a_phone_number_is_read_and_the_number_is_boxed(make_item):
    data = png_with_text([f"Tel {PHONE}", f"Paid {AMOUNT} CNY"])
    item = make_item("screen.png", data)
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW, item.error_message
    assert item.kind == "png" and (item.width, item.height) == Image.open(io.BytesIO(data)).size
    assert item.finding_counts.get("PHONE") == 1, "OCR read the number and the detector found it"
    assert item.ocr_confidence is not None and item.ocr_confidence > 0.8
    phone_boxes = [entry for entry in item.boxes if entry["type"] == "PHONE"]
    assert phone_boxes and all(entry["source"] == "auto" and entry["page"] == 1 for entry in phone_boxes)
    redacted = read_file(item.redacted.name)
    assert Image.open(io.BytesIO(redacted)).size == Image.open(io.BytesIO(data)).size
    text = _ocr_text(redacted).replace(" ", "")
    assert PHONE not in text and PHONE[-4:] not in text
    assert AMOUNT in text, "the amount is the evidence and stays legible"
    assert read_file(item.thumbnail.name)[:3] == b"\xff\xd8\xff"
    assert read_file(item.normalized.name)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_pdf_loses_the_id_number_from_its_text_layer_and_keeps_the_amount(make_item, tmp_path):
    item = make_item(
        "statement.pdf", pdf_with_lines([f"ID: {ID_NUMBER}", f"Amount: {AMOUNT} CNY", "2024-05-01"])
    )
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW, item.error_message
    assert item.kind == "pdf" and item.page_count == 1
    assert item.finding_counts.get("ID_NUMBER") == 1
    path = tmp_path / "redacted.pdf"
    path.write_bytes(read_file(item.redacted.name))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert ID_NUMBER not in text and ID_NUMBER[:10] not in text
    assert AMOUNT in text and "2024-05-01" in text
    import pymupdf

    with pymupdf.open(path) as doc:
        assert not any(doc.metadata.get(key) for key in ("author", "title")), "metadata is cleaned"


def test_removing_a_pdf_box_brings_the_text_back_from_the_clean_copy(make_item, owner, tmp_path):
    item = make_item("statement.pdf", pdf_with_lines([f"ID: {ID_NUMBER}", f"Amount: {AMOUNT} CNY"]))
    box = next(entry for entry in item.boxes if entry["type"] == "ID_NUMBER")
    item = services.evidence_box_remove(actor=owner, item=item, box_id=box["id"])
    path = tmp_path / "again.pdf"
    path.write_bytes(read_file(item.redacted.name))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert ID_NUMBER in text


def test_running_the_task_twice_gives_one_result(make_item):
    item = make_item()
    files = private_files()
    assert evidence_process_task.delay(item.pk).get() is False
    again = EvidenceItem.objects.get(pk=item.pk)
    assert (again.status, again.attempts, again.redacted.name) == (item.status, 1, item.redacted.name)
    assert private_files() == files


def test_a_task_for_a_deleted_item_does_nothing(private_dir):
    assert evidence_process_task.delay(987654).get() is False


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_a_damaged_file_fails_with_a_clear_reason(make_item):
    # A valid PNG header over garbage pixels passes the quick check at upload and fails when decoded.
    header = png_with_text(["x"], size=10)[:33]
    broken = header + _png_chunk(b"IDAT", b"\x78\x9c" + b"\xff" * 64) + _png_chunk(b"IEND", b"")
    item = make_item("broken.png", broken)
    assert item.status == EvidenceItem.Status.FAILED
    assert item.error_code == "corrupt"
    assert item.error_display == "The file is damaged or could not be read."
    assert not item.redacted


def test_an_unexpected_error_puts_the_item_back_until_attempts_run_out(make_item, monkeypatch, settings):
    def explode(item):
        raise RuntimeError("engine crashed")

    monkeypatch.setattr(processing, "_run", explode)
    settings.TONGSU_EVIDENCE_MAX_ATTEMPTS = 2
    item = make_item()
    assert (item.status, item.attempts, item.error_code) == (EvidenceItem.Status.RECEIVED, 1, "internal")
    evidence_process_task.delay(item.pk)
    item.refresh_from_db()
    assert (item.status, item.attempts, item.error_code) == (EvidenceItem.Status.FAILED, 2, "attempts")


def test_the_sweep_hands_out_stuck_and_forgotten_items_again(make_item, django_capture_on_commit_callbacks):
    item = make_item()
    long_ago = timezone.now() - timedelta(hours=2)
    EvidenceItem.objects.filter(pk=item.pk).update(
        status=EvidenceItem.Status.PROCESSING,
        processing_started_at=long_ago,
        heartbeat_at=long_ago,
        updated_at=long_ago,
    )
    recent = make_item("other.txt", CHAT + b"\n")
    EvidenceItem.objects.filter(pk=recent.pk).update(
        status=EvidenceItem.Status.PROCESSING, processing_started_at=timezone.now()
    )
    assert sweep_evidence() == 1, "only the item stuck longer than the sweep window"
    item.refresh_from_db()
    recent.refresh_from_db()
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW and item.attempts == 2
    assert recent.status == EvidenceItem.Status.PROCESSING, "a run still in time is left alone"
    assert private_storage.exists(item.redacted.name)


def test_the_sweep_takes_over_a_silent_claim_after_a_minute_and_leaves_a_slow_one_that_beats(make_item):
    now = timezone.now()
    dead = make_item()
    EvidenceItem.objects.filter(pk=dead.pk).update(
        status=EvidenceItem.Status.PROCESSING,
        attempts=1,
        processing_started_at=now - timedelta(seconds=90),
        heartbeat_at=now - timedelta(seconds=70),  # its worker was killed a minute ago
    )
    slow = make_item("other.txt", CHAT + b"\n")
    EvidenceItem.objects.filter(pk=slow.pk).update(
        status=EvidenceItem.Status.PROCESSING,
        attempts=1,
        processing_started_at=now - timedelta(hours=1),
        heartbeat_at=now - timedelta(seconds=10),  # slow, but its worker is alive
    )
    assert sweep_evidence() == 1
    dead.refresh_from_db()
    slow.refresh_from_db()
    assert dead.status == EvidenceItem.Status.NEEDS_REVIEW and dead.attempts == 2
    assert (slow.status, slow.attempts) == (EvidenceItem.Status.PROCESSING, 1), (
        "a run that beats is left alone"
    )


@pytest.mark.django_db(transaction=True)
def test_a_running_claim_keeps_its_heartbeat_fresh(make_item):
    item = make_item()
    EvidenceItem.objects.filter(pk=item.pk).update(
        status=EvidenceItem.Status.PROCESSING, attempts=1, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    with heartbeat.beating(lambda: services.evidence_processing_beat(item_id=item.pk, attempt=1), every=0.05):
        time.sleep(0.5)
    item.refresh_from_db()
    assert timezone.now() - item.heartbeat_at < timedelta(seconds=2)
    assert sweep_evidence() == 0, "a claim that beats is not handed out again"


def test_the_sweep_picks_up_items_whose_message_was_lost(private_dir, owner_membership):
    outcome = upload(owner_membership, [upload_file("chat.txt", CHAT)])  # on_commit never runs here
    item = outcome.items[0]
    assert sweep_evidence() == 0, "a fresh upload gets its grace period"
    EvidenceItem.objects.filter(pk=item.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
    counts = run_sweeps()
    assert counts["complaints.evidence.tasks.sweep_evidence"] == 1
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.NEEDS_REVIEW


def test_the_sweep_fails_items_out_of_attempts(private_dir, owner_membership, settings):
    item = upload(owner_membership, [upload_file("chat.txt", CHAT)]).items[0]
    long_ago = timezone.now() - timedelta(hours=2)
    EvidenceItem.objects.filter(pk=item.pk).update(
        status=EvidenceItem.Status.PROCESSING,
        processing_started_at=long_ago,
        heartbeat_at=long_ago,
        attempts=3,
    )
    settings.TONGSU_EVIDENCE_MAX_ATTEMPTS = 3
    assert sweep_evidence() == 0
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.FAILED and item.error_code == "attempts"


def test_a_step_past_its_time_limit_is_interrupted():
    started = time.monotonic()
    with pytest.raises(processing.StepTimeout), processing._time_limit(0.2, "extract"):
        time.sleep(3)
    assert time.monotonic() - started < 2


def test_a_timeout_fails_the_item_visibly(make_item, monkeypatch):
    def slow(item):
        raise processing.StepTimeout("extract")

    monkeypatch.setattr(processing, "_run", slow)
    item = make_item()
    assert item.status == EvidenceItem.Status.FAILED and item.error_code == "timeout"
    assert "too long" in item.error_display


def test_known_identifiers_are_the_owners_name_email_and_case_references(make_item, owner, owner_membership):
    from complaints.campaigns.services import CaseFacts, case_update

    case_update(
        actor=owner, membership=owner_membership,
        facts=CaseFacts(references="HD20240501-7731\nTX 9988 7766, 订单号A1B2C3"),
    )  # fmt: skip
    item = make_item(data=b"Lily Chen asked about order HD20240501-7731 and TX 9988 7766.\n")
    values = processing.known_identifiers(
        EvidenceItem.objects.select_related("owner", "membership__case").get(pk=item.pk)
    )
    assert {"Lily Chen", owner.email, "HD20240501-7731", "TX 9988 7766", "订单号A1B2C3"} <= set(values)
    redacted = read_file(item.redacted.name).decode()
    assert "Lily" not in redacted and "7731" not in redacted and "9988" not in redacted
