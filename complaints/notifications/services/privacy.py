"""A person's notifications when their account is locked for deletion, and when it is erased."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from complaints.core.privacy import known_identifiers, scrub
from complaints.notifications.models import Broadcast, Digest, EmailStop, Notification, NotificationPreference


def notifications_lock(*, user) -> None:
    """Nothing is sent to, or on behalf of, a locked account: no digest for them, no announcement by them."""
    Notification.objects.filter(recipient=user, digest_pending=True).update(digest_pending=False)
    Broadcast.objects.filter(actor=user, status=Broadcast.Status.PENDING).update(
        status=Broadcast.Status.FAILED,
        last_error="cancelled: the account that caused it was locked for deletion",
        finished_at=timezone.now(),
    )


def notifications_erase(*, user) -> None:
    """Erase a person's notifications, preferences and email pause; what they announced keeps its words, not
    their details."""
    identifiers = known_identifiers(user)
    with transaction.atomic():
        Notification.objects.filter(recipient=user).delete()
        NotificationPreference.objects.filter(user=user).delete()
        Digest.objects.filter(user=user).delete()
        EmailStop.objects.filter(user=user).delete()
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
