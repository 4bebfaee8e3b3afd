from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    ECOMMERCE = "ecommerce", _("E-commerce")
    PAYMENT = "payment", _("Digital wallet / payment")
    DATING = "dating", _("Dating / live-streaming")
    GAMING = "gaming", _("Games")
    TRAVEL = "travel", _("Travel / ride-hailing")
    TELECOM = "telecom", _("Telecom / internet service")
    OTHER = "other", _("Other")


class Platform(models.Model):
    """A company or app people complain about."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True, help_text=_("Other names: app names, company names, in any language.")
    )
    legal_entity = models.CharField(_("legal entity"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER)
    website = models.URLField(_("website"), blank=True)
    regulators = models.ManyToManyField(
        "filings.Regulator", verbose_name=_("responsible regulators"), blank=True, related_name="platforms"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self) -> str:
        return self.name
