"""Originals of a closed campaign are deleted after the retention period, never without notice beforehand;
redacted copies stay; the task is safe to run again and resumes in batches."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from complaints.campaigns.models import Campaign
from complaints.core.models import AuditEvent
from complaints.evidence import retention
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem, private_storage
from complaints.notifications.models import Notification
from tests.factories import CampaignFactory, UserFactory, join

pytestmark = pytest.mark.django_db

CLOSED = datetime(2026, 1, 10, 12, 0, tzinfo=timezone.get_fixed_timezone(0))
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _periods(settings):
    settings.TONGSU_EVIDENCE_RETENTION_DAYS = 180
    settings.TONGSU_EVIDENCE_RETENTION_NOTICE_DAYS = 14


def at(moment: datetime):
    """Patch the clock (the edge the task reads) to a fixed moment."""
    return mock.patch("django.utils.timezone.now", autospec=True, return_value=moment)


def _item(membership, *, tag: str) -> EvidenceItem:
    return EvidenceItem.objects.create(
        owner=membership.user,
        membership=membership,
        campaign_id=membership.campaign_id,
        original_name=f"{tag}.txt",
        kind="text",
        size=3,
        sha256_original="0" * 64,
        original=store(f"original {tag}".encode(), "txt"),
        normalized=store(f"normalized {tag}".encode(), "txt"),
        redacted=store(f"redacted {tag}".encode(), "txt"),
        status=EvidenceItem.Status.APPROVED,
    )


@pytest.fixture
def closed_campaign(db):
    """A campaign that closes once its members are in (see close())."""
    return CampaignFactory(title="已结束的投诉")


def close(campaign, **fields) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.CLOSED, **{"closed_at": CLOSED, **fields}
    )


def _run(moment, capture):
    with at(moment), capture(execute=True):
        return retention.retention_run()


def test_owners_are_told_once_before_originals_are_deleted(
    closed_campaign, django_capture_on_commit_callbacks
):
    owner = UserFactory(preferred_language="en")
    item = _item(join(closed_campaign, owner), tag="kept-until-due")
    still_open = _item(join(CampaignFactory(), owner), tag="open-campaign")
    close(closed_campaign)
    notice_time = CLOSED + 166 * DAY  # 180 - 14 days
    due_time = CLOSED + 180 * DAY

    assert _run(notice_time - SECOND, django_capture_on_commit_callbacks)["campaigns_told"] == 0
    assert not Notification.objects.filter(recipient=owner).exists()

    assert _run(notice_time, django_capture_on_commit_callbacks)["campaigns_told"] == 1
    notice = Notification.objects.get(recipient=owner, kind="evidence_retention")
    assert notice.params["due"] == {"date": "2026-07-09"}
    assert any("will be deleted" in m.subject and owner.email in m.to for m in mail.outbox)
    # Once only, however often the task runs.
    assert _run(notice_time + DAY, django_capture_on_commit_callbacks)["campaigns_told"] == 0
    assert Notification.objects.filter(recipient=owner, kind="evidence_retention").count() == 1

    assert _run(due_time - SECOND, django_capture_on_commit_callbacks)["items_deleted"] == 0
    item.refresh_from_db()
    original, normalized, redacted = item.original.name, item.normalized.name, item.redacted.name
    assert private_storage.exists(original)

    assert _run(due_time, django_capture_on_commit_callbacks)["items_deleted"] == 1
    item.refresh_from_db()
    assert not item.original and not item.normalized
    assert item.originals_deleted_at == due_time
    assert not private_storage.exists(original) and not private_storage.exists(normalized)
    assert private_storage.open(redacted).read() == b"redacted kept-until-due", "the redacted copy stays"
    event = AuditEvent.objects.get(action="evidence.retention_delete", target_id=str(closed_campaign.pk))
    assert event.actor is None and event.actor_label == "system" and event.data == {"items": 1}
    still_open.refresh_from_db()
    assert still_open.original, "an open campaign's originals are never touched"

    assert _run(due_time + DAY, django_capture_on_commit_callbacks)["items_deleted"] == 0


def test_a_late_notice_still_gives_the_full_notice_period(
    closed_campaign, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    item = _item(join(closed_campaign, owner), tag="late")
    close(closed_campaign)
    first_run = CLOSED + 400 * DAY

    result = _run(first_run, django_capture_on_commit_callbacks)
    assert result == {"campaigns_told": 1, "items_deleted": 0}
    assert _run(first_run + 14 * DAY - SECOND, django_capture_on_commit_callbacks)["items_deleted"] == 0
    item.refresh_from_db()
    assert item.original

    assert _run(first_run + 14 * DAY, django_capture_on_commit_callbacks)["items_deleted"] == 1


def test_deletion_resumes_in_batches(closed_campaign, django_capture_on_commit_callbacks):
    items = [_item(join(closed_campaign), tag=f"batch-{n}") for n in range(3)]
    close(closed_campaign, retention_notice_at=CLOSED)
    due = CLOSED + 180 * DAY
    with at(due), django_capture_on_commit_callbacks(execute=True):
        assert retention.retention_delete_batch(batch_size=2) == 2
        assert retention.retention_delete_batch(batch_size=2) == 1
        assert retention.retention_delete_batch(batch_size=2) == 0
    assert not EvidenceItem.objects.filter(pk__in=[i.pk for i in items]).exclude(original="").exists()


def test_a_campaign_closed_without_a_recorded_time_counts_from_its_last_activity(
    closed_campaign, django_capture_on_commit_callbacks
):
    _item(join(closed_campaign), tag="no-close-time")
    close(closed_campaign, closed_at=None, last_activity_at=CLOSED)
    assert _run(CLOSED + 166 * DAY, django_capture_on_commit_callbacks)["campaigns_told"] == 1
