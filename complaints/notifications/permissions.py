"""Who may see and change notifications: only the person they were sent to."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from complaints.notifications.kinds import SECURITY_KINDS
from complaints.notifications.models import Notification


def can_change_notification_preference(user: Any, kind: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and kind not in SECURITY_KINDS


def get_notification_for_user(user: Any, pk: int, *, write: bool = False) -> Notification:
    """A notification of this user; 404 for anyone else's (whose existence is not revealed either)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except Notification.DoesNotExist:
        raise Http404 from None
