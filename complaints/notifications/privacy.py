"""The notifications app's part in a person's privacy rights (see complaints/core/privacy.py); the changes
are services (complaints.notifications.services.privacy)."""

from __future__ import annotations

from complaints.core.privacy import register_privacy
from complaints.notifications import services
from complaints.notifications.models import Digest, EmailStop, Notification, NotificationPreference


def export(user) -> dict:
    return {
        "notifications": [
            {
                "kind": n.kind,
                "parameters": n.params,
                "link": n.target_url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("pk").iterator(chunk_size=2000)
        ],
        "preferences": {
            p.kind: p.mode for p in NotificationPreference.objects.filter(user=user).order_by("kind")
        },
        "digests": [d.day.isoformat() for d in Digest.objects.filter(user=user).order_by("day")],
        "email_stopped": [
            {"reason": s.reason, "address": s.address, "provider": s.provider, "at": s.stopped_at.isoformat()}
            for s in EmailStop.objects.filter(user=user)
        ],
    }


def register() -> None:
    register_privacy(
        "notifications",
        export=export,
        on_lock=lambda user: services.notifications_lock(user=user),
        erase=lambda user: services.notifications_erase(user=user),
    )
