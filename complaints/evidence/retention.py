"""Retention: originals and normalized files of a closed campaign are deleted after a configurable time.

Owners are told once, some days before (a broadcast per campaign, deduplicated); the changes of state are the
services in `complaints/evidence/services/retention.py`. This module schedules them (a daily beat task) and
names who is told.
"""

from __future__ import annotations

from datetime import datetime

from celery import shared_task

from complaints.evidence.services.retention import (
    AUDIENCE,
    BATCH_SIZE,
    MAX_BATCHES_PER_RUN,
    notice_period,
    retention_delete_batch,
    retention_notify_due,
    retention_period,
    with_originals,
)
from complaints.notifications.audiences import register_audience

__all__ = [
    "AUDIENCE",
    "BATCH_SIZE",
    "MAX_BATCHES_PER_RUN",
    "notice_period",
    "retention_delete_batch",
    "retention_notify_due",
    "retention_owners_audience",
    "retention_period",
    "retention_run",
    "retention_task",
]


@register_audience(AUDIENCE)
def retention_owners_audience(args: dict, after_id: int, limit: int) -> list[int]:
    """Owners of originals still kept in one campaign: {"campaign": 12}."""
    return list(
        with_originals()
        .filter(campaign_id=args["campaign"], owner_id__gt=after_id)
        .order_by("owner_id")
        .values_list("owner_id", flat=True)
        .distinct()[:limit]
    )


def retention_run(*, now: datetime | None = None, max_batches: int = MAX_BATCHES_PER_RUN) -> dict:
    """Notices first, then deletions, in batches; what is left is done on the next run."""
    told = retention_notify_due(now=now)
    deleted = 0
    for _batch in range(max_batches):
        done = retention_delete_batch(now=now)
        deleted += done
        if done < BATCH_SIZE:
            break
    return {"campaigns_told": told, "items_deleted": deleted}


@shared_task(name="complaints.evidence.retention.retention_task")
def retention_task() -> dict:
    """Beat, daily: tell owners of originals due for deletion, then delete those past their time."""
    return retention_run()
