from __future__ import annotations

from celery import shared_task

from complaints.campaigns import services
from complaints.campaigns.models import Platform


@shared_task(name="complaints.campaigns.tasks.platform_reindex_task")
def platform_reindex_task(platform_id: int) -> int:
    """Re-index a platform's campaigns after its names or aliases changed; safe to run twice."""
    if not Platform.objects.filter(pk=platform_id).exists():
        return 0
    return services.platform_reindex(platform_id=platform_id)
