from __future__ import annotations

from celery import shared_task

from complaints.core.sweeps import register_sweep
from complaints.evidence import services
from complaints.evidence.processing import STEPS_SECONDS, TASK_MARGIN_SECONDS


# Routed to the evidence queue (CELERY_TASK_ROUTES): OCR and PDF work never holds up email or filings.
@shared_task(
    name="complaints.evidence.tasks.evidence_process_task",
    acks_late=True,
    soft_time_limit=STEPS_SECONDS + TASK_MARGIN_SECONDS,
    time_limit=STEPS_SECONDS + 2 * TASK_MARGIN_SECONDS,
)
def evidence_process_task(item_id: int) -> bool:
    """Anonymize one uploaded evidence item (evidence queue)."""
    return services.evidence_process(item_id=item_id)


@register_sweep
def sweep_evidence() -> int:
    """Re-enqueue items left in received or stuck in processing; fail those out of attempts."""
    return services.evidence_sweep()
