"""Celery tasks of the proofs app: thin adapters around its services."""

from __future__ import annotations

from celery import shared_task

from complaints.evidence.processing import STEPS_SECONDS, TASK_MARGIN_SECONDS
from complaints.proofs import services
from complaints.proofs.services import RECHECK_TASK


@shared_task(
    name=RECHECK_TASK,
    acks_late=True,
    soft_time_limit=STEPS_SECONDS + TASK_MARGIN_SECONDS,
    time_limit=STEPS_SECONDS + 2 * TASK_MARGIN_SECONDS,
)
def receipts_recheck_task(membership_id: int) -> int:
    """Read the member's receipts again for numbers they typed after uploading them (evidence queue)."""
    return services.receipts_recheck(membership_id=membership_id)
