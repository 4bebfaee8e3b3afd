from __future__ import annotations

from celery import shared_task

from complaints.campaigns import services
from complaints.campaigns.models import Platform


@shared_task(name="complaints.campaigns.tasks.tasks_remind_due_task")
def tasks_remind_due_task() -> int:
    """Daily: remind members of member tasks due within two days (each task once)."""
    return services.tasks_remind_due()


@shared_task(name="complaints.campaigns.tasks.platform_reindex_task")
def platform_reindex_task(platform_id: int) -> int:
    """Re-index a platform's campaigns after its names or aliases changed; safe to run twice."""
    if not Platform.objects.filter(pk=platform_id).exists():
        return 0
    return services.platform_reindex(platform_id=platform_id)
