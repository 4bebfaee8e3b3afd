"""Platform representatives, their public replies on campaigns, and what members say about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PlatformDomain(models.Model):
    """A domain a platform's staff have email addresses on (a representative's work email must be on one)."""

    platform = models.ForeignKey(
        "campaigns.Platform", verbose_name=_("platform"), on_delete=models.CASCADE, related_name="+"
    )
    domain = models.CharField(_("domain"), max_length=253, help_text=_("For example: haoduo.com"))

    class Meta:
        verbose_name = _("platform domain")
        verbose_name_plural = _("platform domains")
        constraints = [models.UniqueConstraint(fields=["platform", "domain"], name="replies_domain_unique")]

    def __str__(self) -> str:
        return self.domain


class Representative(models.Model):
    """A person who asked to answer for one platform: confirmed by a mailed code, then by a moderator."""

    class Status(models.TextChoices):
        CONFIRMING = "confirming", _("Waiting for the emailed code")
        AWAITING = "awaiting", _("Waiting for a moderator")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        REVOKED = "revoked", _("Revoked by a moderator")
        RESIGNED = "resigned", _("Resigned")

    LIVE_STATUSES = (Status.CONFIRMING, Status.AWAITING, Status.APPROVED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    platform = models.ForeignKey(
        "campaigns.Platform", verbose_name=_("platform"), on_delete=models.CASCADE, related_name="+"
    )
    work_email = models.EmailField(_("work email"))
    # The language the person asked in: their emails go out in it unless they chose one for their account.
    language = models.CharField(max_length=10, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMING)
    # The code itself is never stored: an HMAC of it, with when it was sent and how often it was tried.
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("platform representative")
        verbose_name_plural = _("platform representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "platform"],
                condition=Q(status__in=["confirming", "awaiting", "approved"]),
                name="replies_one_live_representative",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="replies_rep_status")]

    def __str__(self) -> str:
        return f"representative #{self.pk} of {self.platform_id}"

    def audit_label(self) -> str:
        # No email address in the audit log: it is kept after an account is erased.
        return f"representative #{self.pk} (user #{self.user_id}, platform #{self.platform_id})"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Reply(models.Model):
    """A public message on a campaign's reply thread: the platform's reply, offer or follow-up, or an
    organizer's follow-up."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        OFFER = "offer", _("Settlement offer")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Author(models.TextChoices):
        PLATFORM = "platform", _("The platform")
        ORGANIZER = "organizer", _("The organizers")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    platform = models.ForeignKey("campaigns.Platform", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REPLY)
    author_role = models.CharField(_("from"), max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("platform reply")
        verbose_name_plural = _("platform replies")
        indexes = [models.Index(fields=["campaign", "created_at"], name="replies_reply_campaign")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("replies:thread", args=[self.campaign.slug]) + f"#reply-{self.pk}"

    @property
    def from_platform(self) -> bool:
        return self.author_role == self.Author.PLATFORM

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ReplyMark(models.Model):
    """One member's answer to one platform reply: solved for me, partly, or not solved (they may change it)."""

    class Answer(models.TextChoices):
        SOLVED = "solved", _("Solved for me")
        PARTLY = "partly", _("Partly solved")
        NOT_SOLVED = "not_solved", _("Not solved")

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="marks")
    membership = models.ForeignKey("campaigns.Membership", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member's answer to a reply")
        verbose_name_plural = _("members' answers to replies")
        constraints = [models.UniqueConstraint(fields=["reply", "membership"], name="replies_one_mark")]
        indexes = [models.Index(fields=["membership", "-updated_at"], name="replies_mark_member")]

    def __str__(self) -> str:
        return f"{self.answer} on reply {self.reply_id}"


class InfoRequest(models.Model):
    """A representative asks the members for specific information, through the organizers."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the organizers")
        TASK = "task", _("Turned into a member task")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    representative = models.ForeignKey(
        Representative, null=True, on_delete=models.SET_NULL, related_name="info_requests"
    )
    text = models.TextField(_("what the platform asks for"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    task = models.ForeignKey(
        "campaigns.MemberTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        indexes = [models.Index(fields=["campaign", "status"], name="replies_inforequest_campaign")]

    def __str__(self) -> str:
        return self.text[:60]


class ReplyFigures(models.Model):
    """A campaign's reply figures, kept by the services (the campaign page reads one row, never counts)."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    first_reply_at = models.DateTimeField(null=True, blank=True)
    first_reply_working_days = models.PositiveIntegerField(null=True, blank=True)
    # Active members whose latest answer to a platform reply is "solved for me".
    solved_count = models.PositiveIntegerField(default=0)
    # Active members who answered a platform reply at all: before anyone has, no share is shown (not "0%").
    answered_count = models.PositiveIntegerField(default=0)
    # What the campaign page shows, so that its box is one query: the newest visible platform reply and how many
    # requests for information wait for the organizers.
    latest_reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    open_requests = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reply figures")
        verbose_name_plural = _("reply figures")

    def __str__(self) -> str:
        return f"reply figures of campaign {self.campaign_id}"
