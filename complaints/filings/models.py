from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
