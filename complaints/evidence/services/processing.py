"""State changes of processing: the claim, its heartbeat, the stage, the result, failure, and the sweep's due list.

The database says what is still to do. A run claims an item with a conditional update (only one run wins)
and every later change is conditional on still holding that claim (`status=processing` and its attempt
number), so a second or late run changes nothing. The pipeline itself runs in `complaints/evidence/processing.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from complaints.core import heartbeat
from complaints.core.services import audit_record
from complaints.core.text import single_line
from complaints.evidence import conf
from complaints.evidence.files import delete_files
from complaints.evidence.models import ERROR_MESSAGES, EvidenceItem
from complaints.evidence.services.common import enqueue_processing, notify_owner
from complaints.notifications.kinds import Kind as NotificationKind
from complaints.notifications.kinds import in_each_language

# Anything received but not picked up after this long lost its broker message (or never had one).
RECEIVED_GRACE_SECONDS = 60
SWEEP_BATCH = 500
QUEUED_STATUSES = (EvidenceItem.Status.RECEIVED, EvidenceItem.Status.PROCESSING)


def _dead_run(now: datetime) -> Q:
    """A run whose worker died: its heartbeat stopped (a claim from before heartbeats: the sweep window)."""
    return Q(status=EvidenceItem.Status.PROCESSING) & (
        Q(heartbeat_at__lt=heartbeat.stale_before(now))
        | Q(
            heartbeat_at__isnull=True,
            processing_started_at__lt=now - timedelta(seconds=settings.TONGSU_SWEEP_AFTER_SECONDS),
        )
    )


def _ours(item_id: int, attempt: int) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(pk=item_id, status=EvidenceItem.Status.PROCESSING, attempts=attempt)


def evidence_processing_claim(*, item_id: int) -> int | None:
    """Take the item for this run; returns the attempt number, or None when it is not ours to do."""
    now = timezone.now()
    claimed = (
        EvidenceItem.objects.filter(pk=item_id, attempts__lt=conf.max_attempts())
        .filter(Q(status=EvidenceItem.Status.RECEIVED) | _dead_run(now))
        .update(
            status=EvidenceItem.Status.PROCESSING,
            attempts=F("attempts") + 1,
            processing_started_at=now,
            heartbeat_at=now,
            stage="",
            updated_at=now,
        )
    )
    if claimed != 1:
        return None
    return EvidenceItem.objects.filter(pk=item_id).values_list("attempts", flat=True).first()


def evidence_processing_beat(*, item_id: int, attempt: int) -> int:
    """The run holding the claim is alive (complaints/core/heartbeat.py); 0 once the claim is lost."""
    return _ours(item_id, attempt).update(heartbeat_at=timezone.now())


def evidence_stage_set(*, item_id: int, stage: str) -> int:
    """The pipeline step now running, for the owner's progress bar."""
    return EvidenceItem.objects.filter(pk=item_id, status=EvidenceItem.Status.PROCESSING).update(stage=stage)


def evidence_processing_fail(*, item_id: int, attempt: int, code: str, message: str) -> bool:
    """The file cannot be processed (rejected, too slow, out of attempts): the owner is told once."""
    failed = _ours(item_id, attempt).update(
        status=EvidenceItem.Status.FAILED,
        stage="",
        error_code=code,
        error_message=single_line(message, limit=300),
        updated_at=timezone.now(),
    )
    if failed:
        notify_owner(
            actor=None,
            item_id=item_id,
            kind=NotificationKind.EVIDENCE_FAILED,
            key=f"failed:{attempt}",
            url_name="evidence:detail",
            detail=in_each_language(ERROR_MESSAGES.get(code, ERROR_MESSAGES["internal"])),
        )
    return bool(failed)


def evidence_processing_retry(*, item_id: int, attempt: int, message: str) -> None:
    """An unexpected error: back to received for the sweep, or failed once attempts run out."""
    if attempt >= conf.max_attempts():
        evidence_processing_fail(item_id=item_id, attempt=attempt, code="attempts", message=message)
        return
    # Back to received: the sweep hands it out again after a pause, instead of looping on a bad file.
    _ours(item_id, attempt).update(
        status=EvidenceItem.Status.RECEIVED,
        stage="",
        error_code="internal",
        error_message=single_line(message, limit=300),
        updated_at=timezone.now(),
    )


def evidence_processing_finish(*, item_id: int, attempt: int, files: dict[str, str], fields: dict) -> bool:
    """Store the anonymizer's result if this run still holds the claim; else drop the files it wrote."""
    with transaction.atomic():
        moved = _ours(item_id, attempt).update(
            status=EvidenceItem.Status.NEEDS_REVIEW,
            stage="",
            error_code="",
            error_message="",
            updated_at=timezone.now(),
            **files,
            **fields,
        )
        if not moved:
            # Someone else finished it, or the owner deleted it meanwhile: our files are not needed.
            transaction.on_commit(partial(delete_files, list(files.values())))
    if moved:
        unsure = bool(fields.get("needs_moderation"))
        notify_owner(
            actor=None,
            item_id=item_id,
            kind=NotificationKind.EVIDENCE_NEEDS_REVIEW if unsure else NotificationKind.EVIDENCE_PROCESSED,
            key=f"processed:{attempt}",
        )
    return bool(moved)


def evidence_sweep_due(*, now: datetime | None = None) -> list[int]:
    """What the database says is still to do (to hand out again); fails what ran out of attempts."""
    now = now or timezone.now()
    waiting = Q(
        status=EvidenceItem.Status.RECEIVED, updated_at__lt=now - timedelta(seconds=RECEIVED_GRACE_SECONDS)
    )
    dead = _dead_run(now)
    exhausted = EvidenceItem.objects.filter(waiting | dead, attempts__gte=conf.max_attempts())
    exhausted.update(
        status=EvidenceItem.Status.FAILED, stage="", error_code="attempts", error_message="attempts exhausted",
        updated_at=now,
    )  # fmt: skip
    return list(
        EvidenceItem.objects.filter(waiting | dead, attempts__lt=conf.max_attempts())
        .order_by("updated_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def evidence_processing_cancel(*, user) -> int:
    """The account is locked for deletion: queued processing stops (a running one loses its claim)."""
    cancelled = EvidenceItem.objects.filter(owner=user, status__in=QUEUED_STATUSES).update(
        status=EvidenceItem.Status.FAILED,
        stage="",
        error_code="cancelled",
        error_message="",
        updated_at=timezone.now(),
    )
    if cancelled:
        audit_record(
            actor=None, action="evidence.processing_cancelled", target=user, data={"items": cancelled}
        )
    return cancelled


def evidence_processing_resume(*, user) -> int:
    """The account is restored: processing cancelled by the lock starts again (the files are still there)."""
    items = list(
        EvidenceItem.objects.filter(
            owner=user, status=EvidenceItem.Status.FAILED, error_code="cancelled", original__gt=""
        ).values_list("pk", flat=True)
    )
    if not items:
        return 0
    EvidenceItem.objects.filter(pk__in=items).update(
        status=EvidenceItem.Status.RECEIVED, error_code="", updated_at=timezone.now()
    )
    for pk in items:
        transaction.on_commit(partial(enqueue_processing, pk))
    audit_record(actor=None, action="evidence.processing_resumed", target=user, data={"items": len(items)})
    return len(items)
