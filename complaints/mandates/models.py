"""Mandates (授权委托书): a campaign's mandate text in versions, and each member's signature on one version.

The legal name and ID number a member signs with live apart, in `MandateIdentity`, sealed with a key from the
environment (complaints/mandates/sealing.py): the database never holds them in clear, and nobody but the
member reads them back.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, Membership
from complaints.core.storage import private_storage

MAX_REPRESENTATIVES = 2


def mandate_storage():
    """The mandate PDFs live on the private storage, sealed, served only to their signer."""
    return private_storage


class MandateText(models.Model):
    """One version of a campaign's mandate text; a new version is a new row, the old ones stay as signed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="mandate_texts")
    version = models.PositiveIntegerField(_("version"))
    matters_zh = models.TextField(_("matters (Chinese)"))
    matters_en = models.TextField(_("matters (English)"))
    # Settling or dropping the claim is a power only when it is listed (the rules on joint complaints).
    may_settle = models.BooleanField(_("may settle the claim"), default=False)
    may_drop = models.BooleanField(_("may drop the claim"), default=False)
    term_ends_on = models.DateField(_("mandate ends on"))
    # Members numbers (成员 #N) of organizers, at most MAX_REPRESENTATIVES.
    representatives = models.JSONField(_("representatives"), default=list)
    revocable_until = models.DateField(_("revocable until"))
    changes_zh = models.TextField(_("what changed (Chinese)"), blank=True)
    changes_en = models.TextField(_("what changed (English)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "-version"]
        verbose_name = _("mandate text")
        verbose_name_plural = _("mandate texts")
        constraints = [models.UniqueConstraint(fields=["campaign", "version"], name="mandate_text_version")]

    def __str__(self) -> str:
        return f"{self.campaign_id} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("mandates:text", args=[self.campaign.slug])

    def matters_for(self, language: str) -> str:
        return self.matters_en if language.startswith("en") else self.matters_zh

    def changes_for(self, language: str) -> str:
        return self.changes_en if language.startswith("en") else self.changes_zh


class Mandate(models.Model):
    """A member's signature on one version of the mandate text, with the sealed PDF they can download."""

    text = models.ForeignKey(MandateText, on_delete=models.PROTECT, related_name="signatures")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="mandates")
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    # Revoked by the member, or replaced when they signed a newer version, or ended by erasure.
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("replaced by a newer version"), null=True, blank=True)
    pdf = models.FileField(storage=mandate_storage, upload_to="mandates/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("signed mandate")
        verbose_name_plural = _("signed mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(revoked_at__isnull=True, superseded_at__isnull=True),
                name="mandate_one_in_force_per_member",
            )
        ]
        indexes = [models.Index(fields=["text", "revoked_at", "superseded_at"], name="mandate_in_force")]

    def __str__(self) -> str:
        return f"mandate {self.pk} ({self.text})"

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None and self.superseded_at is None

    @property
    def past_cutoff(self) -> bool:
        """Revocation ends after the organizer-set cutoff day (the one rule for the button and the service)."""
        return timezone.localdate() > self.text.revocable_until

    def get_pdf_url(self) -> str:
        return reverse("mandates:pdf", args=[self.pk])


class MandateIdentity(models.Model):
    """The legal name, ID number and typed signature of one mandate, sealed (never stored in clear)."""

    class IdKind(models.TextChoices):
        RESIDENT = "cn_resident", _("Resident identity card (居民身份证)")
        OTHER = "other", _("Other document (passport, travel permit)")

    mandate = models.OneToOneField(Mandate, on_delete=models.CASCADE, related_name="identity")
    id_kind = models.CharField(max_length=20, choices=IdKind.choices)
    sealed = models.BinaryField()
    # A keyed hash of the document's number (sealing.id_digests): one person signs a campaign's mandate once.
    id_digest = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("mandate identity")
        verbose_name_plural = _("mandate identities")

    def __str__(self) -> str:
        return f"identity of mandate {self.mandate_id}"
