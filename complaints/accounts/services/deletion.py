"""Deleting an account: a lock with a grace period, the restore link, restoring, and erasure after it."""

from __future__ import annotations

from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints.accounts.lifecycle import grace_period, restore_token
from complaints.accounts.models import DataExport, User
from complaints.accounts.security import sessions_end
from complaints.core.database import sqlite_checkpoint
from complaints.core.privacy import participants
from complaints.core.services import audit_record, email_queue


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
