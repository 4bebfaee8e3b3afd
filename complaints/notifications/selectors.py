"""Reads of the notifications app, always scoped to the person looking."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from complaints.notifications import kinds
from complaints.notifications.kinds import Kind
from complaints.notifications.models import EmailStop, Notification, NotificationPreference

# The bell shows "99+" beyond this; counting further would cost more and tell nobody anything.
UNREAD_COUNT_CAP = 100


def notifications_for_user(user: Any, *, before: int | None = None, unread_only: bool = False) -> QuerySet:
    """A person's own notifications, newest first; `before` pages by id (keyset), so page 500 costs what page 1 does."""
    notifications = Notification.objects.filter(recipient=user).order_by("-id")
    if before is not None:
        notifications = notifications.filter(pk__lt=before)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.only("id", "kind", "params", "target_url", "created_at", "read_at", "recipient_id")


def email_stop_for_user(user: Any) -> EmailStop | None:
    """Why the mail provider's report paused this person's email, if it did and they have not chosen again."""
    return EmailStop.objects.filter(user=user).first()


def notification_unread_count(user: Any) -> int:
    """Unread notifications of one person, counted up to UNREAD_COUNT_CAP in one query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()
    return unread[:UNREAD_COUNT_CAP].count()


def bell_columns_sql(user_id_column: str) -> str:
    """The bell's capped unread count, the newest notification's id and why the person's email is paused
    (the EmailStop reason, NULL when it is not), as three SQL columns (`bell_unread_count`,
    `newest_notification_id`, `email_stopped`) of a query on users whose id is `user_id_column`: for the raw
    query that loads the signed-in person (accounts.selectors.user_for_session)."""
    table = f'"{Notification._meta.db_table}"'
    stops = f'"{EmailStop._meta.db_table}"'
    return (  # names from the models and a constant; values bound as parameters
        f"(SELECT COUNT(*) FROM (SELECT n.id FROM {table} n WHERE n.recipient_id = {user_id_column}"  # noqa: S608  # nosec B608 - names from the models, values bound as parameters
        f" AND n.read_at IS NULL LIMIT {int(UNREAD_COUNT_CAP)}) capped) AS bell_unread_count, "
        f"(SELECT n.id FROM {table} n WHERE n.recipient_id = {user_id_column} ORDER BY n.id DESC LIMIT 1)"
        " AS newest_notification_id, "
        f"(SELECT s.reason FROM {stops} s WHERE s.user_id = {user_id_column}) AS email_stopped"
    )


def newest_id(user: Any) -> int | None:
    """The id of the signed-in person's newest notification: loaded with them, else asked."""
    if hasattr(user, "newest_notification_id"):
        return user.newest_notification_id
    return Notification.objects.filter(recipient=user).order_by("-id").values_list("pk", flat=True).first()


def bell_count(user: Any) -> int:
    """The bell's number on a page: what was loaded with the signed-in user, else the capped COUNT.

    Only for showing the count as the request began; after marking something read, ask
    notification_unread_count, which always counts again.
    """
    loaded = getattr(user, "bell_unread_count", None)
    return loaded if loaded is not None else notification_unread_count(user)


def notification_preferences_for_user(user_id: int) -> dict[str, str]:
    """Kind → the email mode that applies to this person (their choice or the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user_id=user_id).values_list("kind", "mode"))
    return {kind: kinds.effective_mode(kind, chosen.get(kind)) for kind in Kind.values}


def own_email_modes(user_id: int) -> dict[str, str]:
    """Kind → email mode for the kinds a person may change (every kind but the security ones)."""
    modes = notification_preferences_for_user(user_id)
    return {kind: mode for kind, mode in modes.items() if kind not in kinds.SECURITY_KINDS}


def user_language(user_id: int) -> str:
    """The language a person chose for the site and their email ("" when they follow their browser)."""
    found = get_user_model().objects.filter(pk=user_id).values_list("preferred_language", flat=True).first()
    return found or ""
