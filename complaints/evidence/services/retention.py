"""Retention's changes of state: owners told once before their originals go, then the originals deleted in batches.

Deletion starts only when the notice is at least the notice period old, so nobody loses a file without
warning even if the task first runs long after the campaign closed. Redacted copies stay: filings were built
from them. Each batch commits on its own, so the task can stop anywhere and resume on its next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from complaints.campaigns.models import Campaign
from complaints.core.services import audit_record
from complaints.evidence.files import delete_after_commit
from complaints.evidence.models import EvidenceItem
from complaints.notifications.kinds import Kind as NotificationKind
from complaints.notifications.services import Target, notify

BATCH_SIZE = 200
MAX_BATCHES_PER_RUN = 50
AUDIENCE = "evidence_retention_owners"


def retention_period() -> timedelta:
    return timedelta(days=settings.TONGSU_EVIDENCE_RETENTION_DAYS)


def notice_period() -> timedelta:
    return timedelta(days=settings.TONGSU_EVIDENCE_RETENTION_NOTICE_DAYS)


def with_originals() -> QuerySet[EvidenceItem]:
    """Items whose original or normalized file is still kept."""
    return EvidenceItem.objects.filter(~Q(original="") | ~Q(normalized=""))


def _closed_before(moment: datetime) -> QuerySet[Campaign]:
    # A campaign closed without a recorded time counts from its last activity.
    return (
        Campaign.objects.filter(status=Campaign.Status.CLOSED)
        .annotate(closed=Coalesce("closed_at", "last_activity_at"))
        .filter(closed__lte=moment)
    )


def _tell_owners(campaign: Campaign, *, now: datetime) -> bool:
    """One campaign's notice, claimed by setting its notice time: False when another run told them."""
    with transaction.atomic():
        if not Campaign.objects.filter(pk=campaign.pk, retention_notice_at__isnull=True).update(
            retention_notice_at=now
        ):
            return False
        delete_on = max(campaign.closed + retention_period(), now + notice_period())
        notify(
            actor=None,
            kind=NotificationKind.EVIDENCE_RETENTION,
            audience=AUDIENCE,
            audience_args={"campaign": campaign.pk},
            params={"campaign": campaign.title, "due": {"date": timezone.localdate(delete_on).isoformat()}},
            target=Target(
                type="campaigns.campaign",
                id=str(campaign.pk),
                url=reverse("evidence:mine", args=[campaign.slug]),
            ),
            dedupe_key=f"campaign:{campaign.pk}",
        )
        audit_record(
            actor=None,
            action="evidence.retention_notice",
            target=campaign,
            data={"delete_on": delete_on.isoformat()},
        )
    return True


def retention_notify_due(*, now: datetime | None = None) -> int:
    """Tell the owners of every campaign whose originals are due within the notice period; once each."""
    now = now or timezone.now()
    due = _closed_before(now - retention_period() + notice_period()).filter(retention_notice_at__isnull=True)
    due = due.filter(pk__in=with_originals().values("campaign_id"))
    return sum(
        _tell_owners(campaign, now=now) for campaign in due.order_by("pk")[: BATCH_SIZE * MAX_BATCHES_PER_RUN]
    )


def retention_delete_batch(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Delete the originals and normalized files of one batch of due items; returns how many items."""
    now = now or timezone.now()
    campaigns = _closed_before(now - retention_period()).filter(
        retention_notice_at__isnull=False, retention_notice_at__lte=now - notice_period()
    )
    with transaction.atomic():
        items = list(
            with_originals()
            .select_for_update(skip_locked=True)
            .filter(campaign_id__in=campaigns.values("pk"))
            .order_by("pk")[:batch_size]
        )
        if not items:
            return 0
        names = [f.name for item in items for f in (item.original, item.normalized) if f]
        EvidenceItem.objects.filter(pk__in=[item.pk for item in items]).update(
            original="", normalized="", originals_deleted_at=now, updated_at=now
        )
        per_campaign: dict[int, int] = {}
        for item in items:
            per_campaign[item.campaign_id] = per_campaign.get(item.campaign_id, 0) + 1
        for campaign in Campaign.objects.filter(pk__in=per_campaign):
            audit_record(
                actor=None,
                action="evidence.retention_delete",
                target=campaign,
                data={"items": per_campaign[campaign.pk]},
            )
        delete_after_commit(names)
    return len(items)
