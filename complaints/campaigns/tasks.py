from __future__ import annotations

from celery import shared_task

from complaints.campaigns import services
from complaints.campaigns.search import platform_reindex_task

__all__ = ["platform_reindex_task", "tasks_remind_due_task"]


@shared_task(name="complaints.campaigns.tasks.tasks_remind_due_task")
def tasks_remind_due_task() -> int:
    """Daily: remind members of member tasks due within two days (each task once)."""
    return services.tasks_remind_due()
