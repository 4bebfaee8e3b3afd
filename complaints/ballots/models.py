"""Settlement offers and the members' secret vote on them.

Who has voted (`VoterRoll`) and what was voted (`Ballot`) are two tables that share nothing but the offer:
no foreign key, no timestamp, no sequential id links a ballot to its voter. A ballot's id is random and it
carries no time; the roll says only that a member voted, and when. At the close the ballots are written
again in random order, so not even their physical order in the table follows the roll's.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, Membership


class Offer(models.Model):
    """A settlement offer put to the campaign's members: terms, what each member gets, and the vote's rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Voting open")
        CLOSED = "closed", _("Result published")

    class Formula(models.TextChoices):
        PERCENT = "percent", _("A percentage of each member's claimed amount")
        FIXED = "fixed", _("The same amount for each member")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="offers")
    terms = models.TextField(_("terms of the offer"))
    formula = models.CharField(_("what each member gets"), max_length=10, choices=Formula.choices)
    formula_value = models.DecimalField(
        _("percentage or amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    working_days = models.PositiveSmallIntegerField(
        _("voting time in working days"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    # Fixed before voting opens and shown to every voter.
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percentage of eligible members who must vote)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    threshold_percent = models.PositiveSmallIntegerField(
        _("threshold (percentage of accept and reject ballots that must accept)"),
        validators=[MinValueValidator(50), MaxValueValidator(100)],
    )
    # Where the offer came from (a platform's reply, a mediation session...): free text for now.
    source_label = models.CharField(_("where the offer came from"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(_("voting opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    closed_at = models.DateTimeField(_("voting closed"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Frozen when voting opens: the quorum is counted against it.
    electorate_count = models.PositiveIntegerField(_("eligible members"), default=0)
    voted_count = models.PositiveIntegerField(_("members who voted"), default=0)
    # Filled at the close.
    accept_count = models.PositiveIntegerField(default=0)
    reject_count = models.PositiveIntegerField(default=0)
    abstain_count = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["status", "closes_at"], name="offer_due")]

    def __str__(self) -> str:
        return f"offer {self.pk} in campaign {self.campaign_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("ballots:offer", args=[self.campaign.slug, self.pk])

    @property
    def last_day(self):
        """The last day of voting (voting ends at the midnight after it)."""
        return timezone.localtime(self.closes_at - timedelta(seconds=1)).date() if self.closes_at else None

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class VoterRoll(models.Model):
    """That a member voted on an offer, and when: never what (see the module's docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="roll")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        constraints = [models.UniqueConstraint(fields=["offer", "membership"], name="voter_roll_one_vote")]

    def __str__(self) -> str:
        return f"voted on offer {self.offer_id}"


class Ballot(models.Model):
    """One anonymous ballot: the choice and the hash of the voter's receipt code, nothing else."""

    class Choice(models.TextChoices):
        ACCEPT = "accept", _("Accept the offer")
        REJECT = "reject", _("Reject the offer")
        ABSTAIN = "abstain", _("Abstain")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)
    receipt_hash = models.CharField(_("receipt hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"ballot on offer {self.offer_id}"


class Acceptance(models.Model):
    """A member's own, individual answer to an offer (apart from the group's vote): named, not secret."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("I accept this offer for my own case")
        DECLINE = "decline", _("I do not accept it for my own case")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="acceptances")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="offer_acceptances")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("individual acceptance")
        verbose_name_plural = _("individual acceptances")
        constraints = [
            models.UniqueConstraint(fields=["offer", "membership"], name="acceptance_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.decision} of offer {self.offer_id}"
