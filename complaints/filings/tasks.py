"""Celery tasks of the filings app (filings queue): thin adapters around the services."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from complaints.core import heartbeat
from complaints.core.sweeps import register_sweep
from complaints.filings import services
from complaints.filings.models import FilingVersion, Submission
from complaints.filings.services.submission import dead_send


@shared_task(
    name="complaints.filings.tasks.filing_version_build_task",
    soft_time_limit=600,
    time_limit=660,
)
def filing_version_build_task(version_id: int) -> bool:
    """Generate a filing version's PDF and annexes."""
    return services.filing_version_build(version_id=version_id) is not None


@shared_task(
    bind=True,
    name="complaints.filings.tasks.submission_send_task",
    max_retries=services.MAX_SEND_ATTEMPTS,
    soft_time_limit=120,
    time_limit=150,
)
def submission_send_task(self, submission_id: int) -> str:
    """Send one submission through its channel; temporary failures retry with exponential backoff and jitter."""
    try:
        return services.submission_send(submission_id=submission_id)
    except services.RetryLater as exc:
        if self.request.retries >= self.max_retries:
            services.submission_give_up(
                submission_id=submission_id, error=str(exc), code=exc.code, detail=exc.detail
            )
            return Submission.Status.FAILED
        countdown = exc.delay or services.retry_delay(self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="complaints.filings.tasks.deadlines_task")
def deadlines_task() -> int:
    """Mark overdue submissions and tell the organizers (beat, daily)."""
    return services.submissions_mark_overdue()


@register_sweep
def sweep_submissions() -> int:
    """Re-enqueue submissions whose broker message was lost or whose worker died mid-send."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.TONGSU_SWEEP_AFTER_SECONDS)
    ids = list(
        Submission.objects.filter(
            Q(status=Submission.Status.QUEUED, updated_at__lt=stale) | dead_send(now)
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        submission_send_task.delay(pk)
    return len(ids)


@register_sweep
def sweep_filing_versions() -> int:
    """Rebuild versions whose build message was lost (never started) or whose builder went silent."""
    now = timezone.now()
    ids = list(
        FilingVersion.objects.filter(status=FilingVersion.Status.GENERATING)
        .filter(
            Q(build_started_at__isnull=True, updated_at__lt=now - timedelta(seconds=60))
            | Q(build_started_at__isnull=False, updated_at__lt=heartbeat.stale_before(now))
        )
        .values_list("pk", flat=True)[:50]
    )
    for pk in ids:
        filing_version_build_task.delay(pk)
    return len(ids)
