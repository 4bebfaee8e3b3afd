"""Reads of account deletion and the personal data export: grace period, signed links, what is due.

Deletion is never an instant wipe: confirming locks the account at once and erases it only after a grace
period during which one emailed link restores everything. The changes of state are services
(complaints.accounts.services.deletion and .exports).
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.utils import timezone

from complaints.accounts.models import DataExport, User
from complaints.core.models import AuditEvent
from complaints.core.privacy import participants

RESTORE_SALT = "tongsu.account.restore"
EXPORT_SALT = "tongsu.account.export"


def grace_period() -> timedelta:
    return timedelta(days=getattr(settings, "TONGSU_DELETION_GRACE_DAYS", 30))


def deletion_impact(user: User) -> list[str]:
    lines: list[str] = []
    for participant in participants():
        if participant.impact:
            lines.extend(participant.impact(user))
    return lines


def restore_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "at": user.locked_at.isoformat()}, salt=RESTORE_SALT)


def user_for_restore_token(token: str) -> User | None:
    """The locked user a restore link belongs to, or None when it is forged, expired or already used."""
    try:
        data = signing.loads(token, salt=RESTORE_SALT, max_age=grace_period())
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), locked_at__isnull=False, erased_at__isnull=True).first()
    if user is None or user.locked_at.isoformat() != data.get("at"):
        return None
    return user


def accounts_due_for_erasure() -> list[int]:
    return list(
        User.objects.filter(
            locked_at__isnull=False, erased_at__isnull=True, erase_after__lte=timezone.now()
        ).values_list("pk", flat=True)[:500]
    )


# --- export ------------------------------------------------------------------------------------------


def export_interval() -> timedelta:
    return timedelta(hours=getattr(settings, "TONGSU_EXPORT_INTERVAL_HOURS", 3))


def export_link_lifetime() -> timedelta:
    return timedelta(hours=getattr(settings, "TONGSU_EXPORT_LINK_HOURS", 48))


def profile_data(user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
    }


def audit_data(user: User) -> list[dict]:
    events = AuditEvent.objects.filter(actor=user) | AuditEvent.objects.filter(
        target_type=user._meta.label_lower, target_id=str(user.pk)
    )
    return [
        {"time": e.created_at.isoformat(), "action": e.action, "target": e.target_label, "reason": e.reason}
        for e in events.order_by("created_at")[:10000]
    ]


def export_download_token(export: DataExport) -> str:
    return signing.dumps({"e": export.pk, "u": export.user_id}, salt=EXPORT_SALT)


def export_for_token(user: User, export_id: int, token: str) -> DataExport | None:
    try:
        data = signing.loads(token, salt=EXPORT_SALT, max_age=export_link_lifetime())
    except signing.BadSignature:
        return None
    if data != {"e": export_id, "u": user.pk}:
        return None
    return DataExport.objects.filter(
        pk=export_id, user=user, status=DataExport.Status.READY, expires_at__gt=timezone.now()
    ).first()
