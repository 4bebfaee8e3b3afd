"""Celery tasks of the evidence app (evidence queue): thin adapters around the processing run and services."""

from __future__ import annotations

from celery import shared_task

from complaints.core.sweeps import register_sweep
from complaints.evidence import services
from complaints.evidence.processing import STEPS_SECONDS, TASK_MARGIN_SECONDS, evidence_process


# Routed to the evidence queue (CELERY_TASK_ROUTES): OCR and PDF work never holds up email or filings.
@shared_task(
    name="complaints.evidence.tasks.evidence_process_task",
    acks_late=True,
    soft_time_limit=STEPS_SECONDS + TASK_MARGIN_SECONDS,
    time_limit=STEPS_SECONDS + 2 * TASK_MARGIN_SECONDS,
)
def evidence_process_task(item_id: int) -> bool:
    """Anonymize one uploaded evidence item (evidence queue)."""
    return evidence_process(item_id=item_id)


@register_sweep
def sweep_evidence() -> int:
    """Re-enqueue items left in received or stuck in processing; fail those out of attempts."""
    ids = services.evidence_sweep_due()
    for pk in ids:
        evidence_process_task.delay(pk)
    return len(ids)
