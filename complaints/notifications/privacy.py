"""The notifications app's part in a person's privacy rights (see complaints/core/privacy.py)."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from complaints.core.privacy import known_identifiers, register_privacy, scrub
from complaints.notifications.models import Broadcast, Digest, Notification, NotificationPreference


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
    }


def on_lock(user) -> None:
    # Nothing is sent to, or on behalf of, a locked account: no digest for them, no announcement by them.
    Notification.objects.filter(recipient=user, digest_pending=True).update(digest_pending=False)
    Broadcast.objects.filter(actor=user, status=Broadcast.Status.PENDING).update(
        status=Broadcast.Status.FAILED,
        last_error="cancelled: the account that caused it was locked for deletion",
        finished_at=timezone.now(),
    )


def erase(user) -> None:
    identifiers = known_identifiers(user)
    with transaction.atomic():
        Notification.objects.filter(recipient=user).delete()
        NotificationPreference.objects.filter(user=user).delete()
        Digest.objects.filter(user=user).delete()
        # Broadcasts to them alone carry their evidence's names and their account's events.
        for broadcast in Broadcast.objects.filter(audience="users", audience_args__ids=[user.pk]):
            broadcast.delete()
        # What they announced to others (an update) keeps its words, without their own details.
        for broadcast in Broadcast.objects.filter(actor=user).only("pk", "params"):
            params = _scrubbed(broadcast.params, identifiers, scrub)
            if params != broadcast.params:
                Broadcast.objects.filter(pk=broadcast.pk).update(params=params)
                Notification.objects.filter(broadcast_id=broadcast.pk).update(params=params)
        Broadcast.objects.filter(actor=user).update(actor=None)


def _scrubbed(params: dict, identifiers: list[str], scrub) -> dict:
    if not identifiers:
        return params
    text = json.dumps(params, ensure_ascii=False)
    cleaned = scrub(text, [json.dumps(v, ensure_ascii=False)[1:-1] for v in identifiers])
    return json.loads(cleaned) if cleaned != text else params


def register() -> None:
    register_privacy("notifications", export=export, on_lock=on_lock, erase=erase)
