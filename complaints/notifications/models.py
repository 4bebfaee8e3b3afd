from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from complaints.core.links import pk_url
from complaints.notifications import kinds
from complaints.notifications.kinds import Kind, Mode


class Broadcast(models.Model):
    """One event to tell an audience about; the row is the to-do list of the fan-out (cursor = last user id done)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    audience = models.CharField(_("audience"), max_length=60)
    audience_args = models.JSONField(_("audience arguments"), default=dict, blank=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_url = models.CharField(_("target link"), max_length=500, blank=True)
    # The same event announced twice (a retried task, a double click) is one broadcast.
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    cursor = models.BigIntegerField(_("last recipient id processed"), default=0)
    notified = models.PositiveIntegerField(_("notifications created"), default=0)
    emailed = models.PositiveIntegerField(_("emails queued"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        # What the sweep looks for: the few broadcasts not yet done (two new ones per join), not the many done.
        indexes = [
            models.Index(
                fields=["updated_at"],
                condition=models.Q(status__in=["pending", "running"]),
                name="broadcast_unfinished",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.audience} ({self.status})"


class Notification(models.Model):
    """One thing one person should know about; its words are rendered in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # notification_inbox and notification_once_per_recipient start with it
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_url = models.CharField(_("target link"), max_length=500, blank=True)
    broadcast = models.ForeignKey(
        Broadcast, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    dedupe_key = models.CharField(_("dedupe key"), max_length=200)
    # Set by the fan-out to one value per batch, which also tells it which rows that batch created.
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Waiting for the next daily digest email (the recipient chose the digest for this kind).
    digest_pending = models.BooleanField(default=False)
    # Its email is still to be written: the fan-out writes every notification first, and the email
    # queue turns these into outgoing emails, clearing the mark in the same transaction (exactly once).
    email_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(digest_pending=True),
                name="notification_digest_pending",
            ),
            models.Index(
                fields=["broadcast", "id"],
                condition=models.Q(email_pending=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for #{self.recipient_id}"

    @cached_property
    def rendered(self) -> kinds.Rendered:
        """Title, body and action in the active language (call inside translation.override for email)."""
        return kinds.render(self.kind, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def open_url(self) -> str:
        return pk_url("notifications:open", self.pk)

    @property
    def mark_read_url(self) -> str:
        return pk_url("notifications:mark_read", self.pk)


class NotificationPreference(models.Model):
    """How one person wants one kind emailed; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    mode = models.CharField(_("email"), max_length=12, choices=Mode.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.user_id} {self.kind}: {self.mode}"


class Digest(models.Model):
    """The daily digest one person got on one day: at most one per day, even if the task runs twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    notifications = models.PositiveIntegerField(_("notifications"), default=0)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"#{self.user_id} {self.day}"


class EmailStop(models.Model):
    """The mail provider's word that paused a person's email (notifications.bounces): kept so that their
    pages say why every email is off, and so that they can have their emails back as they were, until they
    choose."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("marked as spam")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    address = models.EmailField(_("address reported"))
    provider = models.CharField(_("mail provider"), max_length=40)
    stopped_at = models.DateTimeField(_("stopped"), default=timezone.now)
    # kind -> mode as the person had them before the first report, for "turn my emails back on".
    previous_modes = models.JSONField(_("settings before the stop"), default=dict, blank=True)

    class Meta:
        verbose_name = _("email stop")
        verbose_name_plural = _("email stops")

    def __str__(self) -> str:
        return f"#{self.user_id} {self.reason}"
