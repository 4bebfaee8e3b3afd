"""Follows (news without joining), invitations and a campaign's goal: how affected people find each other."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, Platform


class Follow(models.Model):
    """One person follows a campaign, or a platform (optionally only one kind of harm on it).

    Never shown to organizers or anyone else: the public sees only a count of 5 or more.
    """

    class Mode(models.TextChoices):
        INSTANT = "instant", _("At once")
        DAILY = "daily", _("In a daily digest")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    platform = models.ForeignKey(
        Platform, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    # Only with a platform: "" follows every kind of harm on it.
    category = models.CharField(
        _("kind of harm"), max_length=30, choices=Campaign.Category.choices, blank=True, default=""
    )
    mode = models.CharField(_("how to tell you"), max_length=10, choices=Mode.choices, default=Mode.INSTANT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(campaign__isnull=False, platform__isnull=True, category=""))
                | Q(campaign__isnull=True, platform__isnull=False),
                name="follow_campaign_or_platform",
            ),
            models.UniqueConstraint(
                fields=["user", "campaign"], condition=Q(campaign__isnull=False), name="follow_campaign_once"
            ),
            models.UniqueConstraint(
                fields=["user", "platform", "category"],
                condition=Q(platform__isnull=False),
                name="follow_platform_once",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.user_id} → {self.campaign_id or self.platform_id} {self.category}"


class RelayMark(models.Model):
    """How far the relay of news to followers got (one row per kind of news), so nothing is told twice."""

    name = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    last_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id} {self.last_at}"


class Invite(models.Model):
    """A member's own invite link to a campaign: an opaque token; joins through it are counted, and only the
    inviter sees the count (from 5). Who joined through whose link is shown to nobody."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invites")
    inviter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites")
    token = models.CharField(max_length=32, unique=True, editable=False)
    joins_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invite link")
        verbose_name_plural = _("invite links")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "inviter"], name="invite_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"invite to {self.campaign_id} ({self.joins_count})"


class InviteJoin(models.Model):
    """One join counted for an invite; kept so a person who leaves and comes back is counted once."""

    invite = models.ForeignKey(Invite, on_delete=models.CASCADE, related_name="joins")
    membership_id = models.BigIntegerField(unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"join via invite {self.invite_id}"


class CampaignGoal(models.Model):
    """How many members the organizers want before the next filing."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="goal")
    members_wanted = models.PositiveIntegerField(_("members wanted before the next filing"))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.members_wanted}"
