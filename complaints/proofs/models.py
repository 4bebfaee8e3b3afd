"""Proof of harm without identity: members' order numbers as keyed hashes, never in clear.

A campaign's secret lives here and only here; a claim row holds a member's order number only as
HMAC-SHA256 under that secret (see normalize.py), so a reader of these tables cannot recover a number
without the secret, and nothing in them is a number in clear next to a member.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, Membership
from complaints.evidence.models import EvidenceItem


def new_secret() -> str:
    return secrets.token_hex(32)


class CampaignKey(models.Model):
    """The campaign's HMAC secret, and how many members' purchases a receiving party has verified."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="+")
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Active members with at least one verified claim (the public page reads this one row).
    verified_members = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("campaign key")
        verbose_name_plural = _("campaign keys")

    def __str__(self) -> str:
        # Never the secret.
        return f"key of campaign {self.campaign_id}"


class Claim(models.Model):
    """One order number a member claims in their case, as its keyed hash."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    # The first receipt of the member whose text (text layer or OCR) contains the number.
    receipt_item = models.ForeignKey(
        EvidenceItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt_matched_at = models.DateTimeField(null=True, blank=True)
    # A receiving party found the number in its own records (through a filing's verification page).
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_submission_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("claimed order number")
        verbose_name_plural = _("claimed order numbers")
        constraints = [
            models.UniqueConstraint(fields=["membership", "digest"], name="proofs_claim_once"),
        ]
        indexes = [models.Index(fields=["campaign", "digest"], name="proofs_claim_digest")]

    def __str__(self) -> str:
        return f"claim #{self.pk}"


class DuplicateClaim(models.Model):
    """Two or more members of one campaign claim the same order number: a moderator looks."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        REVIEWED = "reviewed", _("Reviewed")
        GONE = "gone", _("No longer claimed twice")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    flagged_at = models.DateTimeField(_("flagged"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("moderator's note"), blank=True)

    class Meta:
        ordering = ["flagged_at", "id"]
        verbose_name = _("order number claimed twice")
        verbose_name_plural = _("order numbers claimed twice")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "digest"], name="proofs_duplicate_once"),
        ]
        indexes = [models.Index(fields=["status", "flagged_at"], name="proofs_duplicate_queue")]

    def __str__(self) -> str:
        return f"duplicate claim #{self.pk}"

    def audit_label(self) -> str:
        return f"order number claimed twice #{self.pk} (campaign {self.campaign_id})"

    @property
    def fingerprint(self) -> str:
        """A short, stable name for the hash on the moderator's page (not enough to test guesses)."""
        return self.digest[:8]


class VerificationUpload(models.Model):
    """One file of hashes a receiving party uploaded: counts only, never the hashes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    submission_id = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    hashes_count = models.PositiveIntegerField()
    members_matched = models.PositiveIntegerField()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("verification upload")
        verbose_name_plural = _("verification uploads")

    def __str__(self) -> str:
        return f"verification upload #{self.pk}"
