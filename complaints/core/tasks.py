from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from anymail.exceptions import AnymailAPIError
from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from complaints.core import heartbeat, services
from complaints.core.mail import mail_files_sweep
from complaints.core.models import OutboundEmail
from complaints.core.sweeps import register_sweep, run_sweeps


@shared_task(
    name="complaints.notifications.email_send_task",
    autoretry_for=(OSError,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def email_send_task(email_id: int) -> bool:
    """Send one queued email (notifications queue)."""
    return services.email_send(email_id=email_id)


@shared_task(
    name="complaints.notifications.email_send_batch_task",
    # A lost SMTP connection or a 4xx (OSError), or a provider's API answering "later" (anymail).
    autoretry_for=(OSError, AnymailAPIError),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def email_send_batch_task(email_ids: list[int]) -> int:
    """Send a batch of queued emails over one connection (notifications queue)."""
    return services.email_send_batch(email_ids=email_ids)


@shared_task(name="complaints.core.tasks.sweep_task")
def sweep_task() -> dict[str, int]:
    """Re-enqueue work the database says is still to do (beat, every minute)."""
    return run_sweeps()


@register_sweep
def sweep_outbound_email() -> int:
    now = timezone.now()
    stuck = OutboundEmail.objects.filter(
        Q(status=OutboundEmail.Status.PENDING, updated_at__lt=now - timedelta(seconds=60))
        # A sending worker refreshes updated_at while it holds the claim: silent means it died.
        | Q(status=OutboundEmail.Status.SENDING, updated_at__lt=heartbeat.stale_before(now)),
        attempts__lt=5,
    ).values_list("pk", flat=True)[:1000]
    ids = sorted(stuck)
    size = settings.TONGSU_EMAIL_BATCH_SIZE  # one claim and one SMTP session per batch, as when queued
    for start in range(0, len(ids), size):
        email_send_batch_task.delay(ids[start : start + size])
    return len(ids)


@shared_task(name="complaints.core.tasks.mail_files_sweep_task")
def mail_files_sweep_task() -> int:
    """Delete embedded outbox files older than TONGSU_MAIL_FILES_DAYS (beat, daily)."""
    return mail_files_sweep()


@register_sweep
def sweep_upload_leftovers() -> int:
    """Delete what an upload interrupted by a killed web process left in FILE_UPLOAD_TEMP_DIR."""
    directory = Path(settings.FILE_UPLOAD_TEMP_DIR)
    # A running upload writes its file continuously; one untouched this long has no process behind it.
    cutoff = time.time() - settings.TONGSU_UPLOAD_TMP_MAX_AGE_SECONDS
    deleted = 0
    for path in directory.glob("*") if directory.is_dir() else ():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except OSError:
            continue
    return deleted
