"""Account deletion as a lock with a grace period, restore, erasure, and the personal data export.

Deletion is never an instant wipe: confirming locks the account at once and erases it only after a grace
period during which one emailed link restores everything.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints.accounts.models import DataExport, User
from complaints.accounts.security import sessions_end
from complaints.core.database import sqlite_checkpoint
from complaints.core.models import AuditEvent
from complaints.core.privacy import participants
from complaints.core.services import audit_record, email_queue

RESTORE_SALT = "tongsu.account.restore"
EXPORT_SALT = "tongsu.account.export"


def grace_period() -> timedelta:
    return timedelta(days=getattr(settings, "TONGSU_DELETION_GRACE_DAYS", 30))


class ExportTooSoon(Exception):
    def __init__(self, next_allowed):
        super().__init__(next_allowed)
        self.next_allowed = next_allowed


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


def account_deletion_request(*, actor: User, user: User) -> User:
    """Lock the account now, cancel work queued for it, and mail the restore link; erase after the grace period."""
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.locked_at:
            return user
        user.locked_at = now
        user.erase_after = now + grace_period()
        user.is_active = False
        user.save(update_fields=["locked_at", "erase_after", "is_active"])
        for participant in participants():
            if participant.on_lock:
                participant.on_lock(user)
        audit_record(actor=actor, action="account.deletion_requested", target=user)
        _restore_link_mail(user)
        transaction.on_commit(partial(sessions_end, user))
    return user


def _restore_link_mail(user: User) -> None:
    email_queue(
        to=user.email,
        template="account_deletion",
        context={
            "restore_url": settings.SITE_URL + reverse("accounts:restore", args=[restore_token(user)]),
            "erase_after": user.erase_after,
        },
        language=user.preferred_language or None,
        kind="security:deletion",
    )


def restore_link_resend(*, email: str) -> bool:
    """Mail the restore link again to an account waiting for erasure; False (and nothing sent) otherwise.

    The caller answers the same either way, so the form tells nobody whether an address has an account."""
    user = User.objects.filter(
        email__iexact=email.strip(),
        locked_at__isnull=False,
        erased_at__isnull=True,
        suspended_at__isnull=True,
    ).first()
    if user is None:
        return False
    with transaction.atomic():
        audit_record(actor=None, action="account.restore_link_resent", target=user)
        _restore_link_mail(user)
    return True


@transaction.atomic
def account_restore(*, user: User) -> User:
    """Undo a deletion request during the grace period: the account is as it was."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.locked_at or user.erased_at:
        return user
    user.locked_at = None
    user.erase_after = None
    user.is_active = user.suspended_at is None  # undoing a deletion does not undo a moderator's suspension
    user.save(update_fields=["locked_at", "erase_after", "is_active"])
    audit_record(actor=user, action="account.restored", target=user)
    for participant in participants():
        if participant.on_restore:
            participant.on_restore(user)
    email_queue(
        to=user.email,
        template="account_restored",
        context={"login_url": settings.SITE_URL + reverse("account_login")},
        language=user.preferred_language or None,
        kind="security:restored",
    )
    return user


def account_erase(*, user_id: int) -> bool:
    """Erase a locked account whose grace period is over; returns False if it is not due (or restored)."""
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(
                pk=user_id, locked_at__isnull=False, erased_at__isnull=True, erase_after__lte=timezone.now()
            )
            .first()
        )
        if user is None:
            return False
        for participant in participants():
            if participant.erase:
                participant.erase(user)
        for export in DataExport.objects.filter(user=user):
            if export.file:
                export.file.delete(save=False)
        DataExport.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        from allauth.mfa.models import Authenticator
        from allauth.usersessions.models import UserSession

        Authenticator.objects.filter(user=user).delete()
        UserSession.objects.filter(user=user).delete()
        if "allauth.socialaccount" in settings.INSTALLED_APPS:
            from allauth.socialaccount.models import SocialAccount

            SocialAccount.objects.filter(user=user).delete()
        user.email = f"erased-{user.pk}@erased.invalid"
        user.display_name = ""
        user.preferred_language = ""
        user.set_unusable_password()
        user.last_login = None
        user.erased_at = timezone.now()
        user.save()
        audit_record(actor=None, action="account.erased", target=user)
        # The old row versions stay in SQLite's write-ahead log until a checkpoint.
        transaction.on_commit(sqlite_checkpoint)
    return True


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


def export_request(*, actor: User) -> DataExport:
    """Ask for an export; at most one every few hours, prepared by a task."""
    from complaints.accounts.tasks import export_build_task

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one request at a time per person
        last = DataExport.objects.filter(user=actor).order_by("-created_at").first()
        if last and last.created_at > timezone.now() - export_interval():
            raise ExportTooSoon(last.created_at + export_interval())
        export = DataExport.objects.create(user=actor)
        audit_record(actor=actor, action="account.export_requested", target=actor)
        transaction.on_commit(partial(export_build_task.delay, export.pk))
    return export


def _profile_data(user: User) -> dict:
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


def _audit_data(user: User) -> list[dict]:
    events = AuditEvent.objects.filter(actor=user) | AuditEvent.objects.filter(
        target_type=user._meta.label_lower, target_id=str(user.pk)
    )
    return [
        {"time": e.created_at.isoformat(), "action": e.action, "target": e.target_label, "reason": e.reason}
        for e in events.order_by("created_at")[:10000]
    ]


def export_build(*, export_id: int) -> bool:
    """Write the ZIP: data.json with everything about the person, and their original files."""
    claimed = DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING, file="").update(
        updated_at=timezone.now()
    )
    if not claimed:
        return False
    export = DataExport.objects.select_related("user").get(pk=export_id)
    user = export.user
    data: dict = {
        "generated_at": timezone.now().isoformat(),
        "profile": _profile_data(user),
        "audit": _audit_data(user),
    }
    files: list[tuple[str, object, str]] = []
    for participant in participants():
        if participant.export:
            data[participant.name] = participant.export(user)
        if participant.export_files:
            files.extend(participant.export_files(user))
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
            archive.writestr("README.txt", _export_readme())
            for arcname, storage, path in files:
                with storage.open(path, "rb") as source, archive.open(f"files/{arcname}", "w") as target:
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
        size = spool.tell()
        spool.seek(0)
        name = f"tongsu-export-{user.pk}-{export.pk}.zip"
        export.file.save(name, File(spool, name=name), save=False)
    now = timezone.now()
    export.status = DataExport.Status.READY
    export.size = size
    export.ready_at = now
    export.expires_at = now + export_link_lifetime()
    export.save(update_fields=["file", "status", "size", "ready_at", "expires_at", "updated_at"])
    email_queue(
        to=user.email,
        template="export_ready",
        context={
            "export_url": settings.SITE_URL + reverse("accounts:export"),
            "expires_at": export.expires_at,
        },
        language=user.preferred_language or None,
        kind="security:export",
    )
    return True


def _export_readme() -> str:
    return (
        "同诉 Tongsu — 你的个人数据导出 / your personal data export\n\n"
        "data.json: 账户、成员身份、案情、同意记录、通知和与你有关的审计记录。\n"
        "           your profile, memberships, cases, consents, notifications and audit events about you.\n"
        "files/:    你上传的原始文件 / the original files you uploaded.\n"
    )


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


def exports_expire() -> int:
    """Delete export archives whose link has expired."""
    count = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=timezone.now()):
        if export.file:
            export.file.delete(save=False)
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["file", "status", "updated_at"])
        count += 1
    return count
