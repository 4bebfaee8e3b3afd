"""Random and mutated files straight through the evidence processing service (no Celery in between).

What must hold for any input: no exception escapes the service, the item ends in a final state (never
left in "received" or "processing" once its attempts are spent), and the memory Python allocates for one
file stays under a fixed bound.
"""

from __future__ import annotations

import hashlib
import io
import tracemalloc

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from complaints.evidence import conf
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline.sniff import RejectedFile, sniff_kind, validate
from complaints.evidence.processing import evidence_process
from tests.factories import CampaignFactory, UserFactory, join

pytestmark = pytest.mark.django_db

# Python-side allocations while one file is processed; a 25 MB upload decoded in full would pass this.
MEMORY_LIMIT = 96 * 1024 * 1024
FAST = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
HEAVY = settings(FAST, max_examples=300, derandomize=False)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), (255, 255, 255)).save(out, format="PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), (200, 60, 60)).save(out, format="JPEG", quality=80)
    return out.getvalue()


def _pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page(width=200, height=120).insert_text((20, 40), "Paid 35.00 on 2025-03-01", fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


VALID = {"png": _png(), "jpeg": _jpeg(), "pdf": _pdf()}


@st.composite
def mutated(draw, kind: str) -> bytes:
    data = bytearray(VALID[kind])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


@pytest.fixture
def membership(db, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return join(CampaignFactory(), UserFactory(), amount="35")


def process_to_the_end(membership, data: bytes) -> EvidenceItem:
    """Store the bytes as a received item and run the processing service until it lets go of it."""
    item = EvidenceItem.objects.create(
        owner=membership.user,
        membership=membership,
        campaign_id=membership.campaign_id,
        original_name="fuzz.bin",
        kind="png",
        size=len(data),
        sha256_original=hashlib.sha256(data).hexdigest(),
        original=store(data, "bin"),
        status=EvidenceItem.Status.RECEIVED,
    )
    tracemalloc.start()
    try:
        for _ in range(conf.max_attempts() + 1):
            if not evidence_process(item_id=item.pk):
                break
            item.refresh_from_db()
            if item.status in EvidenceItem.TERMINAL_STATUSES:
                break
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    item.refresh_from_db()
    assert item.status in EvidenceItem.TERMINAL_STATUSES, (item.status, item.error_code, item.error_message)
    if item.status == EvidenceItem.Status.FAILED:
        assert item.error_code and item.error_message
        assert "\n" not in item.error_message
    assert peak < MEMORY_LIMIT, f"peak {peak / 1e6:.1f} MB"
    return item


def upload_check(data: bytes) -> None:
    """The upload-time check either refuses with a known reason or accepts; it never raises anything else."""
    try:
        validate(data, sniff_kind(data), conf.limits())
    except RejectedFile as exc:
        assert exc.code in {"empty", "too_large", "unsupported_type", "too_many_pixels", "too_many_pages",
                            "corrupt", "encrypted"}  # fmt: skip


@FAST
@given(data=st.binary(min_size=0, max_size=4096))
def test_random_bytes_never_escape_and_never_stick(membership, data):
    upload_check(data)
    if data:
        process_to_the_end(membership, data)


@FAST
@given(data=st.one_of(mutated("png"), mutated("jpeg"), mutated("pdf")))
def test_mutated_files_never_escape_and_never_stick(membership, data):
    upload_check(data)
    if data:
        process_to_the_end(membership, data)


@FAST
@given(prefix=st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"%PDF-1.7\n", b"RIFF\0\0\0\0WEBP"]),
       tail=st.binary(max_size=2048))  # fmt: skip
def test_right_magic_wrong_body_fails_cleanly(membership, prefix, tail):
    upload_check(prefix + tail)
    item = process_to_the_end(membership, prefix + tail)
    assert item.status in (EvidenceItem.Status.FAILED, EvidenceItem.Status.NEEDS_REVIEW)


@pytest.mark.slow
@HEAVY
@given(data=st.one_of(st.binary(max_size=65536), mutated("png"), mutated("jpeg"), mutated("pdf")))
def test_many_more_hostile_files(membership, data):
    upload_check(data)
    if data:
        process_to_the_end(membership, data)
