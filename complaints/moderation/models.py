from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Claim(models.Model):
    """A moderator working on one queue item: nobody else can decide it until it is released or expires."""

    target_type = models.CharField(_("target type"), max_length=80)
    target_id = models.CharField(_("target id"), max_length=64)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), on_delete=models.CASCADE, related_name="+"
    )
    claimed_at = models.DateTimeField(_("claimed"))

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="claim_one_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.target_type}#{self.target_id} by #{self.moderator_id}"


class ReportedContent(models.Model):
    """One queue entry per reported thing: repeat reports of it are merged here (count and reasons)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        DISMISSED = "dismissed", _("Dismissed")
        HIDDEN = "hidden", _("Content hidden")

    target_type = models.CharField(_("target type"), max_length=80)
    target_id = models.CharField(_("target id"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reports_count = models.PositiveIntegerField(_("reports"), default=0)
    first_reported_at = models.DateTimeField(_("first reported"), auto_now_add=True)
    last_reported_at = models.DateTimeField(_("last reported"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("moderator's reason"), blank=True)

    class Meta:
        ordering = ["first_reported_at", "id"]
        verbose_name = _("reported content")
        verbose_name_plural = _("reported content")
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="reported_content_once"),
        ]
        indexes = [models.Index(fields=["status", "first_reported_at"], name="reported_content_queue")]

    def __str__(self) -> str:
        return f"{self.target_type}#{self.target_id} ({self.reports_count})"


class Report(models.Model):
    """One person's report of one thing, with their reason; one per person per thing."""

    content = models.ForeignKey(ReportedContent, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("what is wrong"))
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["content", "reporter"], name="report_once_per_reporter")
        ]

    def __str__(self) -> str:
        return f"report #{self.pk} on {self.content_id}"
