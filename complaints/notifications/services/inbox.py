"""A person's notifications: read, settled, and how each kind reaches them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from complaints.core.pieces import scope_changed
from complaints.core.services import audit_record
from complaints.notifications.kinds import SECURITY_KINDS, Kind, Mode
from complaints.notifications.models import Broadcast, EmailStop, Notification, NotificationPreference
from complaints.notifications.selectors import notification_preferences_for_user
from complaints.notifications.services.common import Target, inbox_scope
from complaints.notifications.services.emails import DIGEST, unsubscribe_token_read


def notification_mark_read(*, actor: Any, notification: Notification) -> bool:
    """Mark one notification read; False if it already was."""
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now, digest_pending=False
    )
    if updated:
        notification.read_at = now
        notification.digest_pending = False
        scope_changed(inbox_scope(notification.recipient_id))
    return updated == 1


def notifications_settle(*, target: models.Model | Target, kinds: list[str], recipient_ids: list[int]) -> int:
    """What these notifications asked for is done (evidence reviewed, task completed, item decided): mark
    those still unread read, so none keeps asking for action. Returns how many."""
    where = Target.of(target)
    # Told in the same transaction as it was settled (the fan-out runs after commit): never deliver it.
    personal = Q()
    for recipient_id in recipient_ids:
        personal |= Q(audience="users", audience_args={"ids": [recipient_id]})
    if recipient_ids:
        Broadcast.objects.filter(
            personal,
            status=Broadcast.Status.PENDING,
            kind__in=kinds,
            target_type=where.type,
            target_id=where.id,
        ).update(status=Broadcast.Status.DONE, finished_at=timezone.now())
    rows = Notification.objects.filter(
        recipient_id__in=recipient_ids,
        read_at__isnull=True,
        kind__in=kinds,
        target_type=where.type,
        target_id=where.id,
    )
    told = set(rows.values_list("recipient_id", flat=True))
    if not told:
        return 0
    count = rows.update(read_at=timezone.now(), digest_pending=False)
    for recipient_id in told:
        scope_changed(inbox_scope(recipient_id))
    return count


def notification_mark_all_read(*, actor: Any, user: Any) -> int:
    """Mark every unread notification of one person read; returns how many."""
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now(), digest_pending=False
    )
    if count:
        scope_changed(inbox_scope(user.pk))
    return count


def _preferences_set(user_id: int, modes: dict[str, str]) -> None:
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user_id=user_id, kind=kind, mode=mode) for kind, mode in modes.items()],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["mode", "updated_at"],
    )


@transaction.atomic
def notification_preferences_update(*, actor: Any, user: Any, modes: dict[str, str]) -> dict[str, str]:
    """Save how each kind is emailed; security kinds cannot be changed and are refused. Saving with at least
    one email on settles a pause the mail provider's report caused (EmailStop): the person has read why and
    chosen again. Saved with everything still off, the pause and its way back to the earlier settings stay."""
    for kind, mode in modes.items():
        if kind in SECURITY_KINDS:
            raise ValueError(f"security mail ({kind}) cannot be turned off or delayed")
        if kind not in Kind.values or mode not in Mode.values:
            raise ValueError(f"invalid preference {kind}={mode}")
    before = notification_preferences_for_user(user.pk)
    changed = {kind: mode for kind, mode in modes.items() if before.get(kind) != mode}
    if changed:
        _preferences_set(user.pk, changed)
        audit_record(
            actor=actor, action="notification_preferences.update", target=user, data={"changed": changed}
        )
    after = {**before, **changed}
    if any(mode != Mode.OFF for kind, mode in after.items() if kind not in SECURITY_KINDS):
        EmailStop.objects.filter(user=user).delete()
    return changed


@transaction.atomic
def email_resume(*, actor: Any, user: Any) -> dict[str, str]:
    """Turn a person's emails back on as they had them before the mail provider's report stopped them
    (EmailStop.previous_modes); returns the kinds changed. Nothing happens when no stop is recorded."""
    stop = EmailStop.objects.select_for_update().filter(user=user).first()
    if stop is None:
        return {}
    before = notification_preferences_for_user(user.pk)
    restored = {
        kind: mode
        for kind, mode in stop.previous_modes.items()
        if kind in Kind.values and kind not in SECURITY_KINDS and mode in Mode.values and before[kind] != mode
    }
    if restored:
        _preferences_set(user.pk, restored)
    stop.delete()
    audit_record(
        actor=actor, action="notification_preferences.email_resumed", target=user, data={"changed": restored}
    )
    return restored


@transaction.atomic
def notification_unsubscribe(*, token: str) -> list[str]:
    """Turn off the email a signed one-click link names (one kind, or the digest); returns the kinds changed."""
    user_id, kind = unsubscribe_token_read(token)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return []
    current = notification_preferences_for_user(user_id)
    if kind == DIGEST:
        changed = [k for k, mode in current.items() if mode == Mode.DAILY]
    else:
        changed = [kind] if current[kind] != Mode.OFF else []
    if changed:
        _preferences_set(user_id, dict.fromkeys(changed, Mode.OFF))
        audit_record(
            actor=user,
            action="notification_preferences.unsubscribe",
            target=user,
            reason="unsubscribe link in an email",
            data={"kinds": changed},
        )
    return changed
