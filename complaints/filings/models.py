from __future__ import annotations

import secrets
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from complaints.evidence.models import private_storage
from complaints.filings import responses


def _token() -> str:
    return secrets.token_urlsafe(32)


def reply_domain() -> str:
    """The domain of our sender address: replies to filing+<token>@ it can be matched to a submission."""
    configured = getattr(settings, "TONGSU_FILING_REPLY_DOMAIN", "")
    if configured:
        return configured
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("@")[2] or "tongsu.localhost"


class Regulator(models.Model):
    """Any body that receives a filing: regulator, consumer association, ombudsman, mediation centre, court."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Platform's own complaint desk")
        CONSUMER_ASSOCIATION = "consumer_association", _("Consumer association")
        REGULATOR = "regulator", _("Regulator")
        OMBUDSMAN = "ombudsman", _("Ombudsman")
        MEDIATION = "mediation", _("Mediation centre")
        COURT = "court", _("Court")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        HTTP = "http", _("HTTP API")
        POSTAL = "postal", _("Postal letter")
        # The organizers submit the package themselves on the regulator's website or at its counter.
        BY_HAND = "by_hand", _("By hand, on the regulator's website or at its counter")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=20, default="CN", help_text=_("ISO code, e.g. CN, CN-SH, HK, GB.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    email = models.EmailField(_("email address"), blank=True)
    api_url = models.URLField(_("API endpoint"), blank=True)
    api_secret = models.CharField(_("API shared secret"), max_length=200, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    response_days = models.PositiveSmallIntegerField(_("response deadline (working days)"), default=15)
    requires_named_complainants = models.BooleanField(
        _("needs named complainants"),
        default=False,
        help_text=_("The regulator only accepts a complaint when at least one complainant gives their name."),
    )
    ladder_rank = models.PositiveSmallIntegerField(
        _("place on the escalation ladder"),
        default=2,
        help_text=_("1 platform, 2 consumer association, 3 regulator, 4 mediation, 5 court."),
    )

    class Meta:
        ordering = ["jurisdiction", "ladder_rank", "name_en"]
        verbose_name = _("regulator")
        verbose_name_plural = _("regulators")

    def __str__(self) -> str:
        return self.name_zh or self.name_en

    def display_name(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name_zh


def filing_storage():
    """Callable for the file fields: filings live on the private storage, served only through views."""
    return private_storage


class Filing(models.Model):
    """A versioned group document of one campaign addressed to one regulator."""

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", _("Chinese")
        EN = "en", _("English")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved by a moderator")
        # Frozen and handed to a channel; whether it arrived is its submissions' state (filings/delivery.py).
        SUBMITTED = "submitted", _("Frozen and released for sending")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED, Status.APPROVED, Status.AWAITING_APPROVAL)

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="filings"
    )
    regulator = models.ForeignKey(
        Regulator, verbose_name=_("regulator"), on_delete=models.PROTECT, related_name="filings"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    current_version = models.ForeignKey(
        "FilingVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the moderator approved: the version and the hash of its PDF at that moment.
    approved_version = models.ForeignKey(
        "FilingVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_pdf_sha256 = models.CharField(max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("moderator's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Only members represented by a signed mandate (complaints.mandates) are named to the regulator.
    requires_mandates = models.BooleanField(
        _("requires signed mandates"),
        default=False,
        help_text=_(
            "Only members who signed the campaign's current mandate (授权委托书) are named in the identity annex."
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [models.Index(fields=["campaign", "-created_at"], name="filing_campaign")]

    def __str__(self) -> str:
        return f"{self.regulator.display_name(self.language)} · {self.campaign_id}"

    def get_absolute_url(self) -> str:
        return reverse("filings:detail", args=[self.pk])

    def audit_label(self) -> str:
        return f"filing #{self.pk} (campaign {self.campaign_id}, regulator {self.regulator_id})"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class FilingVersion(models.Model):
    """One generated state of a filing; frozen once submitted (its PDF hash is what was sent)."""

    class Status(models.TextChoices):
        GENERATING = "generating", _("Generating")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Generation failed")

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GENERATING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, polled by the page
    narrative = models.TextField(_("facts (organizer's narrative)"), blank=True)
    demands = models.TextField(_("demands"), blank=True)
    # Figures, evidence index and counts as generated: what the diff and the checklist read.
    content = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(storage=filing_storage, max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    annex_csv = models.FileField(storage=filing_storage, max_length=200, blank=True)
    annex_json = models.FileField(storage=filing_storage, max_length=200, blank=True)
    # Names of members who agreed to disclose their identity to this regulator; only the regulator receives it.
    identity_annex = models.FileField(storage=filing_storage, max_length=200, blank=True)
    diff_summary = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    # Set by the worker that claimed the build; while it works it refreshes updated_at (its heartbeat).
    build_started_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("filing version")
        verbose_name_plural = _("filing versions")
        constraints = [models.UniqueConstraint(fields=["filing", "number"], name="filing_version_number")]

    def __str__(self) -> str:
        return f"filing {self.filing_id} v{self.number}"

    def audit_label(self) -> str:
        return f"filing #{self.filing_id} version {self.number}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class FilingConsent(models.Model):
    """A member's choice for one filing: disclose their identity to its regulator (off unless they say so)."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="consents")
    membership = models.ForeignKey(
        "campaigns.Membership", on_delete=models.CASCADE, related_name="filing_consents"
    )
    disclose_identity = models.BooleanField(_("disclose my name to this regulator"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("filing consent")
        verbose_name_plural = _("filing consents")
        constraints = [models.UniqueConstraint(fields=["filing", "membership"], name="filing_consent_once")]

    def __str__(self) -> str:
        return f"consent of membership {self.membership_id} for filing {self.filing_id}"


class Submission(models.Model):
    """A filing version sent through one channel; the row is the to-do item, so nothing is lost or sent twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NEEDS_MANUAL = "needs_manual", _("Needs a manual step")

    version = models.ForeignKey(FilingVersion, on_delete=models.PROTECT, related_name="submissions")
    regulator = models.ForeignKey(Regulator, on_delete=models.PROTECT, related_name="submissions")
    channel = models.CharField(max_length=10, choices=Regulator.Channel.choices)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.QUEUED, db_index=True)
    # Fixed at creation: the same key on every retry lets the receiver drop duplicates.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response_token = models.CharField(max_length=43, unique=True, default=_token, editable=False)
    message_id = models.CharField(max_length=200, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    remote_reference = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The raw error is for the audit details only; pages say `failure_code` in the reader's language.
    last_error = models.CharField(max_length=500, blank=True)
    failure_code = models.CharField(max_length=30, blank=True)
    failure_detail = models.CharField(max_length=40, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Refreshed while a worker sends (complaints/core/heartbeat.py): silent means that worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateField(_("answer due"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    response_link_used_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [models.Index(fields=["status", "claimed_at"], name="submission_status_claimed")]

    def __str__(self) -> str:
        return f"submission #{self.pk} ({self.channel}, {self.status})"

    def audit_label(self) -> str:
        return f"submission #{self.pk} of filing version {self.version_id} via {self.channel}"

    @property
    def reply_to(self) -> str:
        return f"filing+{self.response_token}@{reply_domain()}"

    @property
    def response_url(self) -> str:
        """The one-time link where the regulator answers; signed so it expires (see responses.py)."""
        return settings.SITE_URL + reverse("filings:respond", args=[responses.response_link_token(self)])

    @property
    def verify_url(self) -> str:
        """The party's own link to verify members' purchases by keyed hashes; works as long as the answer link."""
        return settings.SITE_URL + reverse("filings:verify", args=[responses.verify_link_token(self)])

    @property
    def stable_message_id(self) -> str:
        return f"<submission-{self.idempotency_key}@{reply_domain()}>"


class SubmissionAttempt(models.Model):
    """One try at the outside world, written before the call and updated after it."""

    class Status(models.TextChoices):
        STARTED = "started", _("Started")
        HANDED_OVER = "handed_over", _("Handed over")
        TEMPORARY_FAILURE = "temporary_failure", _("Temporary failure")
        PERMANENT_FAILURE = "permanent_failure", _("Permanent failure")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attempt_rows")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.STARTED)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    code = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="submission_attempt_number")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of submission {self.submission_id} ({self.status})"


class Response(models.Model):
    """An answer to a submission: through its one-time link (no account) or recorded by an organizer."""

    class Source(models.TextChoices):
        LINK = "link", _("Through the response link")
        EMAIL = "email", _("By replying to the email")
        ORGANIZER = "organizer", _("Recorded by an organizer")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="responses")
    source = models.CharField(max_length=10, choices=Source.choices)
    text = models.TextField(_("answer"))
    attachment = models.FileField(storage=filing_storage, max_length=200, blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"response #{self.pk} to submission {self.submission_id}"


class DeadlineChange(models.Model):
    """An extension or a pause of a submission's answer deadline, always with a reason."""

    class Kind(models.TextChoices):
        EXTEND = "extend", _("Extended")
        PAUSE = "pause", _("Paused")
        RESUME = "resume", _("Resumed")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="deadline_changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(_("reason"))
    due_before = models.DateField(null=True, blank=True)
    due_after = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} of submission {self.submission_id}"


class Outcome(models.Model):
    """What a member says they got back: made whole, partly or not, with the amount received."""

    class Result(models.TextChoices):
        MADE_WHOLE = "made_whole", _("I was made whole")
        PARTLY = "partly", _("I got part of it back")
        NOT = "not", _("I got nothing back")

    membership = models.OneToOneField(
        "campaigns.Membership", on_delete=models.CASCADE, related_name="outcome"
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    amount_received = models.DecimalField(
        _("amount received"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    confirmed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"outcome of membership {self.membership_id}: {self.result}"


class InboundEmail(models.Model):
    """A reply mailed to filing+<token>@: recorded once per Message-ID, then answered, held or discarded."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Answer recorded")
        HELD = "held", _("Held for a moderator: the sender is not the regulator on file")
        RELEASED = "released", _("Released by a moderator")
        DISCARDED = "discarded", _("Discarded by a moderator")
        EMPTY = "empty", _("Nothing readable in it")

    # SHA-256 of the Message-ID (or of the content when a message has none): the same mail counts once.
    message_key = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=30)  # "smtp" or the mail provider's name
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="inbound_emails")
    sender = models.CharField(_("sender"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    # Kept while a moderator has to decide; emptied once decided (the answer then lives in `response`).
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(storage=filing_storage, max_length=200, blank=True)
    attachment_type = models.CharField(max_length=40, blank=True)
    attachments_refused = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    response = models.OneToOneField(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_email"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("answer by email")
        verbose_name_plural = _("answers by email")

    def __str__(self) -> str:
        return f"email answer #{self.pk} to submission {self.submission_id} ({self.status})"

    def audit_label(self) -> str:
        return f"email answer #{self.pk} to submission {self.submission_id}"
