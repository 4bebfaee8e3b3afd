"""Tasks of the notifications app (all on the `notifications` queue by their name)."""

from __future__ import annotations

import time
from datetime import timedelta

from celery import shared_task
from django.db import OperationalError
from django.db.models import Q
from django.utils import timezone

from complaints.core import heartbeat
from complaints.core.sweeps import register_sweep
from complaints.notifications import services
from complaints.notifications.models import Broadcast, Notification

# A long fan-out hands itself back to the queue now and then so other work on the queue gets a turn.
FAN_OUT_SLICE_SECONDS = 60
# Pending broadcasts one gathering window's task starts; more go on in a next message.
PENDING_PER_TASK = 200
# Both fan-out tasks retry a database that is briefly away the same way.
_FAN_OUT_RETRIES = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(
    name="complaints.notifications.broadcast_fan_out_task",
    **_FAN_OUT_RETRIES,
)
def broadcast_fan_out_task(*broadcast_ids: int) -> int:
    """Fan broadcasts out (one event's, announced together), each batch by batch from its cursor;
    returns the number of batches done."""
    deadline = time.monotonic() + FAN_OUT_SLICE_SECONDS
    batches = 0
    for position, broadcast_id in enumerate(broadcast_ids):
        while True:
            batch = services.broadcast_fan_out_batch(broadcast_id=broadcast_id)
            batches += batch.recipients > 0
            if not batch.more:
                break
            if time.monotonic() > deadline:
                broadcast_fan_out_task.delay(*broadcast_ids[position:])
                return batches
    return batches


@shared_task(
    name="complaints.notifications.broadcast_fan_out_pending_task",
    **_FAN_OUT_RETRIES,
)
def broadcast_fan_out_pending_task() -> int:
    """Fan out what a gathering window announced (services._start_fan_out): the first batch of every
    pending broadcast, oldest first. Most are one batch (a welcome, a notice to a campaign's organizers);
    one with more recipients goes on in its own message, so an update to 50,000 members does not hold up
    the next person's welcome. Returns the number of broadcasts started."""
    started = services.pending_broadcast_ids(PENDING_PER_TASK)
    for broadcast_id in started:
        if services.broadcast_fan_out_batch(broadcast_id=broadcast_id).more:
            broadcast_fan_out_task.delay(broadcast_id)
    if len(started) == PENDING_PER_TASK:
        broadcast_fan_out_pending_task.delay()
    return len(started)


@shared_task(
    name="complaints.notifications.broadcast_email_task",
    **_FAN_OUT_RETRIES,
)
def broadcast_email_task(broadcast_id: int) -> int:
    """Write the emails of a broadcast's notifications that still wait for one, batch by batch (one per
    fanned-out batch is queued; a later one finds nothing left); returns how many it wrote."""
    written = 0
    deadline = time.monotonic() + FAN_OUT_SLICE_SECONDS
    while taken := services.broadcast_email_batch(broadcast_id=broadcast_id):
        written += taken
        if time.monotonic() > deadline:
            broadcast_email_task.delay(broadcast_id)
            break
    return written


@shared_task(name="complaints.notifications.digest_send_task")
def digest_send_task() -> int:
    """Send the daily digest emails (beat, once a day)."""
    return services.digest_send_due()


@register_sweep
def sweep_broadcasts() -> int:
    """Re-enqueue broadcasts whose fan-out message was lost or whose worker died mid-way."""
    now = timezone.now()
    stuck = Broadcast.objects.filter(
        Q(status=Broadcast.Status.PENDING, updated_at__lt=now - timedelta(seconds=60))
        # Each batch of a running fan-out saves the broadcast (its heartbeat); silent means the worker died.
        # Taking over a live one is harmless: batches run under the broadcast's row lock from its cursor.
        | Q(status=Broadcast.Status.RUNNING, updated_at__lt=heartbeat.stale_before(now))
    ).values_list("pk", flat=True)[:1000]
    ids = list(stuck)
    for pk in ids:
        broadcast_fan_out_task.delay(pk)
    return len(ids)


@register_sweep
def sweep_notification_emails() -> int:
    """Re-enqueue the emails of notifications written over a minute ago whose email message was lost."""
    waiting = (
        Notification.objects.filter(email_pending=True, created_at__lt=timezone.now() - timedelta(seconds=60))
        .order_by()  # the model's ordering would make every row distinct
        .values_list("broadcast_id", flat=True)
        .distinct()[:1000]
    )
    ids = [pk for pk in waiting if pk is not None]
    for pk in ids:
        broadcast_email_task.delay(pk)
    return len(ids)
