"""The rankings the ranking page shows, counted from the snapshots right after the nightly task writes them."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from complaints.campaigns.models import SMALL_COUNT, Sector
from complaints.rankings.figures import FIELDS
from complaints.rankings.models import Ranking, RankingEntry
from complaints.rankings.periods import PERIODS, period_months
from complaints.rankings.selectors import min_members, ranking


def rankings_write(*, computed_at: datetime.datetime | None = None) -> int:
    """Count every ranking (all sectors and each one, each period) from the snapshots and store it in place of
    the last count, so the page reads a page of stored rows; returns the number of entries written."""
    computed_at = computed_at or timezone.now()
    least = max(min_members(), SMALL_COUNT)
    written = 0
    with transaction.atomic():
        Ranking.objects.all().delete()
        for period in PERIODS:
            months = period_months(period)
            for sector in ("", *Sector.values):
                stored = Ranking.objects.create(
                    sector=sector,
                    period=period,
                    first_month=months[0],
                    last_month=months[-1],
                    min_members=least,
                    computed_at=computed_at,
                )
                entries = [
                    RankingEntry(
                        ranking=stored,
                        position=position,
                        rank=row.rank,
                        platform_id=row.platform_id,
                        outcomes_counted=row.outcomes_counted,
                        **{name: row.figures[name] for name in FIELDS},
                    )
                    for position, row in enumerate(ranking(sector=sector, period=period), start=1)
                ]
                RankingEntry.objects.bulk_create(entries, batch_size=1000)
                written += len(entries)
    return written
