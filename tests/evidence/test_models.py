# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""The evidence item itself: what it says about itself in lists, logs and progress bars."""

from __future__ import annotations

import pytest

from complaints.evidence.models import EvidenceItem
from tests.evidence.support import campaign, organizer, owner_membership, picture_item, private_dir  # noqa: F401

pytestmark = pytest.mark.django_db


def test_labels_never_carry_the_file_name(private_dir, owner_membership):
    item = picture_item(owner_membership)
    assert "张伟" not in str(item) and "张伟" not in item.audit_label()
    for field in (item.original, item.normalized, item.redacted, item.thumbnail):
        assert field.name.startswith("evidence/") and "张伟" not in field.name and "收据" not in field.name


def test_progress_follows_the_pipeline_steps():
    item = EvidenceItem(status=EvidenceItem.Status.RECEIVED)
    assert item.progress == 5 and not item.is_terminal
    item.status = EvidenceItem.Status.PROCESSING
    steps = []
    for stage in ("", "sniff", "normalize", "extract", "detect", "redact", "report"):
        item.stage = stage
        steps.append(item.progress)
    assert steps == sorted(steps) and steps[-1] < 100
    item.status = EvidenceItem.Status.NEEDS_REVIEW
    assert item.progress == 100 and item.is_terminal


def test_findings_and_reasons_read_as_words():
    from django.utils import translation

    item = EvidenceItem(
        finding_counts={"PHONE": 2, "BANK_CARD": 1, "EMAIL": 0},
        unsure_reasons=["low_ocr_confidence"],
        moderation_reasons=["low_ocr_confidence", "reported"],
    )
    with translation.override("en"):
        assert item.found_summary == [("Bank card numbers", 1), ("Phone numbers", 2)]
        assert item.reasons_display[1] == "A member reported that it still shows personal data."
    with translation.override("zh-hans"):
        assert item.found_summary == [("银行卡号", 1), ("电话号码", 2)]


def test_error_messages_come_from_the_code_in_the_readers_language():
    from django.utils import translation

    item = EvidenceItem(error_code="encrypted", error_message="encrypted: internal detail")
    with translation.override("en"):
        assert item.error_display == "The PDF is password-protected. Upload a copy without a password."
    assert EvidenceItem(error_code="unknown", error_message="plain").error_display == "plain"


def test_only_an_approved_shared_item_without_an_open_question_is_shared():
    item = EvidenceItem(status=EvidenceItem.Status.APPROVED, share_with_group=True)
    assert item.is_shared_with_group
    item.needs_moderation = True
    assert not item.is_shared_with_group
    item.needs_moderation, item.status = False, EvidenceItem.Status.NEEDS_REVIEW
    assert not item.is_shared_with_group


def test_files_follow_the_private_storage_configured_now(tmp_path, settings, owner_membership):
    """A changed STORAGES (a bucket in production, a test's own directory) moves every evidence file with it:
    nothing keeps writing to the directory configured first."""

    def use(directory):
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(directory), "base_url": None},
            },
        }

    use(tmp_path / "first")
    first = picture_item(owner_membership)
    assert (tmp_path / "first" / first.redacted.name).exists()
    use(tmp_path / "second")
    second = picture_item(owner_membership)
    assert (tmp_path / "second" / second.redacted.name).exists()
    assert not (tmp_path / "first" / second.redacted.name).exists()
    assert second.redacted.open("rb").read() == (tmp_path / "second" / second.redacted.name).read_bytes()
