"""Monthly figures per platform: what the rankings, the open-data API and the daily CSV dump all read."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformSnapshot(models.Model):
    """One platform's figures for one calendar month (Asia/Shanghai), rewritten nightly by the snapshot task.

    Counts are kept whole (numerator and denominator, a histogram for the median) so that a period of several
    months adds up exactly; suppression of small counts happens when the figures are shown, never here.
    """

    platform = models.ForeignKey(
        "campaigns.Platform", on_delete=models.CASCADE, related_name="snapshots", db_index=False
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    members_joined = models.PositiveIntegerField(_("members joined"), default=0)
    # What the public sees of it: campaigns.figures.suppress over the platform's months, like a campaign's joins
    # chart (None: hidden, also when it would let a hidden month be worked out from the others).
    members_joined_public = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Active members of the platform's public campaigns at the end of the month: the size that decides ranking
    # (never published: with the joins it would tell the size of the months before).
    members_total = models.PositiveIntegerField(_("members at the end of the month"), default=0)
    campaigns_started = models.PositiveIntegerField(_("campaigns started"), default=0)
    filings_sent = models.PositiveIntegerField(_("filings sent"), default=0)
    deadlines_due = models.PositiveIntegerField(_("answer deadlines that fell due"), default=0)
    answered_on_time = models.PositiveIntegerField(_("answered within the deadline"), default=0)
    # {"<working days>": <first answers that took that long>}, first answers received in the month.
    answer_days = models.JSONField(default=dict, blank=True)
    regulator_answer_median_days = models.DecimalField(
        _("median working days to the regulator's first answer"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    # Filled once platform replies exist (the replies app): median working days to the platform's first reply.
    platform_reply_median_days = models.DecimalField(
        _("median working days to the platform's first reply"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    outcomes_reported = models.PositiveIntegerField(_("members who reported an outcome"), default=0)
    outcomes_made_whole = models.PositiveIntegerField(
        _("members who confirmed they were made whole"), default=0
    )
    outcomes_with_amount = models.PositiveIntegerField(
        _("members who reported an amount received"), default=0
    )
    money_recovered = models.DecimalField(
        _("money recovered (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0.00")
    )
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        ordering = ["platform_id", "month"]
        verbose_name = _("platform snapshot")
        verbose_name_plural = _("platform snapshots")
        constraints = [
            models.UniqueConstraint(fields=["platform", "month"], name="platform_snapshot_month"),
        ]
        indexes = [models.Index(fields=["month", "platform"], name="platform_snapshot_by_month")]

    def __str__(self) -> str:
        return f"{self.platform_id} · {self.month:%Y-%m}"


class Ranking(models.Model):
    """One ranking (a sector, or all of them, over a period) as the nightly snapshot task counted it: the ranking
    page reads its entries, a page at a time, instead of adding up every platform's months on each visit."""

    sector = models.CharField(max_length=20, blank=True)  # "": every sector
    period = models.CharField(max_length=10)  # a key of periods.PERIODS
    first_month = models.DateField()
    last_month = models.DateField()
    min_members = models.PositiveIntegerField()  # ranked from this many members at the period's end
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sector", "period"], name="ranking_sector_period")]

    def __str__(self) -> str:
        return f"{self.sector or 'all'} · {self.period}"


class RankingEntry(models.Model):
    """A platform's place in a ranking, with the public figures (small counts already suppressed) it shows."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries", db_index=False)
    position = models.PositiveIntegerField()  # 1, 2, ... in the ranking's order, ranked or not
    rank = models.PositiveIntegerField(null=True)  # None: nothing to rank it by yet
    platform = models.ForeignKey("campaigns.Platform", on_delete=models.CASCADE, related_name="+")
    outcomes_counted = models.BooleanField(default=False)
    members_joined = models.PositiveIntegerField(null=True)
    campaigns_started = models.PositiveIntegerField(default=0)
    filings_sent = models.PositiveIntegerField(default=0)
    answered_on_time_share = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    regulator_answer_median_days = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    platform_reply_median_days = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    resolution_share = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    money_recovered = models.DecimalField(max_digits=16, decimal_places=2, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ranking", "position"], name="ranking_entry_position"),
        ]

    def __str__(self) -> str:
        return f"{self.ranking} · {self.position}"


class OpenDataDump(models.Model):
    """The latest daily ZIP of CSVs on the private storage; the row says where it is and when it was built."""

    file_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    built_at = models.DateTimeField(_("built"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-built_at", "-id"]
        verbose_name = _("open data dump")
        verbose_name_plural = _("open data dumps")

    def __str__(self) -> str:
        return self.file_name

    def audit_label(self) -> str:
        return f"open data dump {self.file_name}"
