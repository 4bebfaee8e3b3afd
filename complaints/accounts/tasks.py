from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from complaints.accounts import lifecycle, services
from complaints.accounts.models import DataExport
from complaints.core.sweeps import register_sweep


@shared_task(name="complaints.accounts.tasks.export_build_task", soft_time_limit=1800, time_limit=1900)
def export_build_task(export_id: int) -> bool:
    """Build one personal data export (default queue)."""
    return services.export_build(export_id=export_id)


@shared_task(name="complaints.accounts.tasks.account_erase_task")
def account_erase_task(user_id: int) -> bool:
    """Erase one account whose grace period is over."""
    return services.account_erase(user_id=user_id)


@shared_task(name="complaints.accounts.tasks.accounts_erase_due_task")
def accounts_erase_due_task() -> int:
    """Beat, hourly: erase accounts whose grace period has ended, and drop expired export archives."""
    due = lifecycle.accounts_due_for_erasure()
    for user_id in due:
        account_erase_task.delay(user_id)
    services.exports_expire()
    return len(due)


@register_sweep
def sweep_pending_exports() -> int:
    stuck = list(
        DataExport.objects.filter(
            status=DataExport.Status.PENDING, updated_at__lt=timezone.now() - timedelta(minutes=10)
        ).values_list("pk", flat=True)[:100]
    )
    for pk in stuck:
        export_build_task.delay(pk)
    return len(stuck)
