"""The moderators as a notification audience (a queue has something waiting)."""

from __future__ import annotations

from complaints.accounts.models import MODERATORS_GROUP, User
from complaints.notifications.audiences import register_audience


def moderators_audience(args: dict, after_id: int, limit: int) -> list[int]:
    rows = User.objects.filter(groups__name=MODERATORS_GROUP, is_active=True, pk__gt=after_id)
    return list(rows.order_by("pk").values_list("pk", flat=True)[:limit])


def register() -> None:
    register_audience("moderators", moderators_audience)
