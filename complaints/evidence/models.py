from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.core.storage import private_storage
from complaints.evidence.pipeline import PIPELINE
from complaints.evidence.pipeline.sniff import MESSAGES


def evidence_storage() -> Storage:
    """Callable for the file fields, so migrations name the function and not a configured backend."""
    return private_storage


def category_for_kind(kind: str) -> str:
    """What a file most likely is, from its type, until its owner says otherwise on the review page.

    A PDF is mostly a bank or shop statement and a text file a chat export; only pictures are screenshots.
    """
    if kind == EvidenceItem.Kind.PDF:
        return EvidenceItem.Category.RECEIPT
    if kind == EvidenceItem.Kind.TEXT:
        return EvidenceItem.Category.CHAT_LOG
    return EvidenceItem.Category.SCREENSHOT


class EvidenceItem(models.Model):
    """One file a member uploaded to their case, with its cleaned and redacted versions.

    The original and the normalized file hold personal data: only the owner sees them (a moderator
    only through an audited action). Anyone else sees the redacted file, and only once the owner
    approved it and chose to share it.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSING = "processing", _("Processing")
        NEEDS_REVIEW = "needs_review", _("Needs your review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    TERMINAL_STATUSES = (Status.NEEDS_REVIEW, Status.APPROVED, Status.REJECTED, Status.FAILED)

    class Category(models.TextChoices):
        SCREENSHOT = "screenshot", _("Screenshot")
        RECEIPT = "receipt", _("Receipt or statement")
        CHAT_LOG = "chat_log", _("Chat log")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        JPEG = "jpeg", _("JPEG image")
        PNG = "png", _("PNG image")
        WEBP = "webp", _("WebP image")
        PDF = "pdf", _("PDF document")
        TEXT = "text", _("Text export")

    IMAGE_KINDS = (Kind.JPEG, Kind.PNG, Kind.WEBP)

    class Decision(models.TextChoices):
        KEEP = "keep", _("Fine to share")
        RETURN = "return", _("Send back to the owner for more redaction")
        REMOVE = "remove", _("Remove from the group")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="evidence_items",
    )
    membership = models.ForeignKey(
        "campaigns.Membership",
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="evidence_items",
    )
    # Denormalized from the membership: the pooled index filters on it without a join.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="evidence_items",
    )
    original_name = models.CharField(_("file name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256_original = models.CharField(_("SHA-256 of the original"), max_length=64)
    sha256_redacted = models.CharField(_("SHA-256 of the redacted file"), max_length=64, blank=True)

    # Stored under random names: a path never carries the member's file name.
    original = models.FileField(storage=evidence_storage, max_length=200, blank=True)
    normalized = models.FileField(storage=evidence_storage, max_length=200, blank=True)
    redacted = models.FileField(storage=evidence_storage, max_length=200, blank=True)
    thumbnail = models.FileField(storage=evidence_storage, max_length=200, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    language = models.CharField(max_length=8, blank=True, editable=False)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    stage = models.CharField(max_length=20, blank=True, editable=False)  # pipeline step running, for progress
    # Types and places of what the anonymizer found; never the values themselves.
    findings = models.JSONField(_("findings"), default=list, blank=True)
    finding_counts = models.JSONField(default=dict, blank=True)
    # Active redactions, automatic and added by the owner: each {"id", "page", "box" | "spans", "type", "source"}.
    boxes = models.JSONField(_("redactions"), default=list, blank=True)
    unsure_reasons = models.JSONField(default=list, blank=True)
    ocr_confidence = models.FloatField(null=True, blank=True)

    needs_moderation = models.BooleanField(_("needs a moderator"), default=False)
    moderation_reasons = models.JSONField(default=list, blank=True)
    moderation_decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    moderation_note = models.TextField(_("moderator's note"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    reports_count = models.PositiveIntegerField(default=0)

    share_with_group = models.BooleanField(_("share with the group"), default=False)
    include_in_filings = models.BooleanField(_("include in filings"), default=False)
    consent_updated_at = models.DateTimeField(null=True, blank=True)

    attempts = models.PositiveSmallIntegerField(default=0)
    processing_started_at = models.DateTimeField(null=True, blank=True)
    # Refreshed by the run that holds the claim (complaints/core/heartbeat.py): silent means its worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.CharField(max_length=300, blank=True)

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # First submitted as an exhibit of a filing: its redacted copy is then part of frozen content and is kept
    # when the owner's account is erased or the campaign's originals expire.
    filed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Original and normalized files removed once the campaign's retention period ended.
    originals_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        indexes = [
            models.Index(
                fields=["campaign", "status", "share_with_group", "-approved_at"], name="evidence_pooled"
            ),
            models.Index(fields=["membership", "-created_at"], name="evidence_membership"),
            models.Index(fields=["owner", "status"], name="evidence_owner"),
            models.Index(fields=["status", "updated_at"], name="evidence_status_updated"),
            models.Index(fields=["needs_moderation", "status", "approved_at"], name="evidence_moderation"),
        ]

    def __str__(self) -> str:
        # Never the file name: it may carry the member's name or an order number.
        return f"evidence item #{self.pk}"

    def audit_label(self) -> str:
        return f"evidence item #{self.pk} ({self.kind}, campaign {self.campaign_id})"

    @property
    def is_image(self) -> bool:
        return self.kind in self.IMAGE_KINDS

    @property
    def is_pdf(self) -> bool:
        return self.kind == self.Kind.PDF

    @property
    def is_text(self) -> bool:
        return self.kind == self.Kind.TEXT

    @property
    def is_terminal(self) -> bool:
        return self.status in self.TERMINAL_STATUSES

    @property
    def is_reviewable(self) -> bool:
        """The owner may change redactions and approve."""
        return self.status in (self.Status.NEEDS_REVIEW, self.Status.APPROVED) and bool(self.redacted)

    @property
    def is_shared_with_group(self) -> bool:
        return self.status == self.Status.APPROVED and self.share_with_group and not self.needs_moderation

    @property
    def progress(self) -> int:
        """Percent done, for the progress bar while the pipeline runs."""
        if self.status == self.Status.RECEIVED:
            return 5
        if self.status != self.Status.PROCESSING:
            return 100
        stages = [step.name for step in PIPELINE]
        position = stages.index(self.stage) if self.stage in stages else 0
        return 10 + int(85 * position / len(stages))

    @property
    def error_display(self) -> str:
        return str(MESSAGES.get(self.error_code) or ERROR_MESSAGES.get(self.error_code) or self.error_message)

    @property
    def found_summary(self) -> list[tuple[str, int]]:
        """(label, count) per type of personal data found; words, never values."""
        return [(str(FINDING_LABELS.get(t, t)), n) for t, n in sorted(self.finding_counts.items()) if n]

    @property
    def reasons_display(self) -> list[str]:
        reasons = [
            *self.unsure_reasons,
            *(r for r in self.moderation_reasons if r not in self.unsure_reasons),
        ]
        return [str(REASON_LABELS[r]) for r in reasons if r in REASON_LABELS]


# What the owner reads about findings: the pipeline's types in words (counts only, never values).
FINDING_LABELS = {
    "PHONE": _("Phone numbers"),
    "ID_NUMBER": _("ID numbers"),
    "BANK_CARD": _("Bank card numbers"),
    "EMAIL": _("Email addresses"),
    "IP": _("IP addresses"),
    "QQ": _("QQ numbers"),
    "WECHAT": _("WeChat IDs"),
    "PERSON": _("Names"),
    "ADDRESS": _("Addresses"),
    "OWN_IDENTIFIER": _("Your own details"),
}
# Types the owner may choose for a box they add themselves.
MANUAL_TYPES = [
    ("OWN_IDENTIFIER", _("Personal detail")),
    *((k, v) for k, v in FINDING_LABELS.items() if k != "OWN_IDENTIFIER"),
]

REASON_LABELS = {
    "low_ocr_confidence": _("The text in the picture was hard to read, so something may have been missed."),
    "no_text_found": _("No text was found, so nothing could be checked automatically."),
    "nothing_found": _("No personal data was found, which is unusual for this kind of document."),
    "reported": _("A member reported that it still shows personal data."),
    "returned": _("A moderator asked for more redaction."),
}

ERROR_MESSAGES = {
    "timeout": _("Processing took too long. Try a smaller file, or split a long PDF."),
    "attempts": _("The file could not be processed after several attempts."),
    "internal": _("Something went wrong while processing the file. We will try again."),
    "cancelled": _(
        "Processing was cancelled because the account was locked for deletion. Upload the file again."
    ),
}
