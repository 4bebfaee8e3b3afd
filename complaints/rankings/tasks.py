from __future__ import annotations

from celery import shared_task

from complaints.rankings import services


@shared_task(name="complaints.rankings.tasks.snapshots_task")
def snapshots_task() -> int:
    """Nightly: recount the recent months of every platform's snapshot."""
    return services.snapshots_write()


@shared_task(name="complaints.rankings.tasks.opendata_dump_task")
def opendata_dump_task() -> int:
    """Daily: write the open-data ZIP to the private storage."""
    return services.opendata_dump_build().pk
