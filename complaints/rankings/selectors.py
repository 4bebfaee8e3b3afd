"""Reads of the rankings app: ranking rows per sector and period, and the open-data rows (API and CSV alike).

Everything here is public content or aggregates: no member rows, no names, no free text a member wrote.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from complaints.campaigns.figures import public_count, public_share
from complaints.campaigns.models import SMALL_COUNT, Campaign, Platform
from complaints.campaigns.selectors import paginate
from complaints.core.links import slug_url, slug_urls
from complaints.filings.models import Response, Submission
from complaints.filings.workdays import working_days_between
from complaints.rankings.figures import COUNTS, FIELDS, public_figures, snapshot_figures
from complaints.rankings.models import PlatformSnapshot, Ranking
from complaints.rankings.periods import period_months

RANKING_CACHE_VERSION = 3


def min_members() -> int:
    return settings.TONGSU_RANKINGS_MIN_MEMBERS


@dataclass(frozen=True)
class RankingRow:
    rank: int | None  # None: nothing to rank it by yet (no share made whole, no deadline met or missed)
    platform_id: int
    slug: str
    name: str
    name_en: str
    sector: str
    figures: dict
    outcomes_counted: bool  # tells a hidden share ("not shown") from one with nothing to count ("–")
    url: str  # the platform's page


def _order_key(row: tuple[Platform, dict, dict]) -> tuple:
    platform, figures, totals = row

    def desc(value) -> tuple:
        return (value is None, -(value or 0))

    return (
        *desc(figures["resolution_share"]),
        *desc(figures["answered_on_time_share"]),
        -totals["members_total"],
        platform.pk,
    )


def period_totals(months: list, *, sector: str = "") -> dict[int, dict]:
    """Each directory platform's counts summed over `months` in the database, in `add_up`'s shape: the sizes
    are those of the last month, the answer-day histograms merged from the months that have one."""
    snapshots = PlatformSnapshot.objects.filter(month__in=months, platform__status=Platform.Status.ACTIVE)
    if sector:
        snapshots = snapshots.filter(platform__sector=sector)
    flows = [name for name in COUNTS if name != "members_total"]
    few_amounts = Q(outcomes_with_amount__gt=0, outcomes_with_amount__lt=SMALL_COUNT)
    sums = snapshots.values("platform_id").annotate(
        # Named apart from the fields: the filters below must read the months' columns, not these sums.
        **{f"sum_{name}": Sum(name) for name in flows},
        sum_money_recovered=Sum("money_recovered"),
        joins_hidden=Count("pk", filter=Q(members_joined_public__isnull=True)),
        money_hidden=Count("pk", filter=few_amounts),
    )
    totals = {
        row["platform_id"]: {
            **{name: row[f"sum_{name}"] or 0 for name in flows},
            "members_total": 0,
            "money_recovered": row["sum_money_recovered"] or Decimal("0.00"),
            "answer_days": Counter(),
            "platform_reply_days": [],
            "joins_hidden": row["joins_hidden"] > 0,
            "money_hidden": row["money_hidden"] > 0,
        }
        for row in sums.order_by()
    }
    for platform_id, size in snapshots.filter(month=months[-1]).values_list("platform_id", "members_total"):
        totals[platform_id]["members_total"] = size
    answered = snapshots.filter(regulator_answer_median_days__isnull=False).values_list(
        "platform_id", "answer_days"
    )
    for platform_id, days in answered:
        totals[platform_id]["answer_days"].update({int(k): int(v) for k, v in days.items()})
    replies = snapshots.filter(platform_reply_median_days__isnull=False)
    for platform_id, median in replies.values_list("platform_id", "platform_reply_median_days"):
        totals[platform_id]["platform_reply_days"].append(median)
    return totals


def ranking(*, sector: str = "", period: str = "30d") -> list[RankingRow]:
    """Platforms of the directory with at least `min_members()` members at the end of the period, ranked by
    the share of members who confirmed they were made whole, then the share of deadlines met."""
    totals = period_totals(period_months(period), sector=sector)
    least = max(min_members(), SMALL_COUNT)
    big_enough = {pk: counted for pk, counted in totals.items() if counted["members_total"] >= least}
    platforms = Platform.objects.in_bulk(list(big_enough))
    ranked = [(platforms[pk], public_figures(counted), counted) for pk, counted in big_enough.items()]
    ranked.sort(key=_order_key)
    # A platform with neither share is listed after the ranked ones without a rank: a "1st" by size alone
    # would read as a verdict with nothing behind it.
    rated = [
        r
        for r in ranked
        if r[1]["resolution_share"] is not None or r[1]["answered_on_time_share"] is not None
    ]
    platform_url = slug_urls("campaigns:platform")
    return [
        RankingRow(
            i if i <= len(rated) else None,
            p.pk,
            p.slug,
            p.name,
            p.name_en,
            p.sector,
            figures,
            counted["outcomes_reported"] > 0,
            platform_url(p.slug),
        )
        for i, (p, figures, counted) in enumerate(ranked, start=1)
    ]


def cached_ranking(*, sector: str = "", period: str = "30d") -> list[RankingRow]:
    """`ranking`, kept in the shared cache for TONGSU_RANKINGS_CACHE_SECONDS (snapshots change nightly)."""
    seconds = settings.TONGSU_RANKINGS_CACHE_SECONDS
    if not seconds:
        return ranking(sector=sector, period=period)
    key = f"rankings:v{RANKING_CACHE_VERSION}:{sector}:{period}:{period_months(period)[-1]:%Y-%m}"
    return cache.get_or_set(key, lambda: ranking(sector=sector, period=period), seconds)


@dataclass(frozen=True)
class RankingView:
    """A page of the ranking (its rows are `RankingRow`s) and what the ranking covers."""

    page: Page
    first_month: datetime.date
    last_month: datetime.date
    min_members: int
    computed_at: datetime.datetime | None  # None: counted for this visit (no nightly count yet)


# A page of 50: with every platform of the directory in one table the page weighed 780 kB.
PER_PAGE = 50
_ENTRY = ("rank", "platform_id", "platform__slug", "platform__name", "platform__name_en", "platform__sector")


def ranking_view(*, sector: str = "", period: str = "30d", page_number=None) -> RankingView:
    """A page of the ranking as the nightly task counted it (`services.rankings_write`); counted now on a site
    whose snapshot task has not run yet."""
    stored = Ranking.objects.filter(sector=sector, period=period).first()
    if stored is None:
        months = period_months(period)
        page = paginate(cached_ranking(sector=sector, period=period), page_number, per_page=PER_PAGE)
        return RankingView(page, months[0], months[-1], max(min_members(), SMALL_COUNT), None)
    # A platform merged or taken out of the directory since the count leaves the page at once. Plain rows:
    # a page of 50 entries with their platforms cost more to build as models than to show.
    entries = (
        stored.entries.filter(platform__status=Platform.Status.ACTIVE)
        .order_by("position")
        .values(*_ENTRY, "outcomes_counted", *FIELDS)
    )
    page = paginate(entries, page_number, per_page=PER_PAGE)
    platform_url = slug_urls("campaigns:platform")
    page.object_list = [
        RankingRow(
            *(entry[name] for name in _ENTRY),
            {name: entry[name] for name in FIELDS},
            entry["outcomes_counted"],
            platform_url(entry["platform__slug"]),
        )
        for entry in page.object_list
    ]
    return RankingView(page, stored.first_month, stored.last_month, stored.min_members, stored.computed_at)


# --- Open data: one builder per kind, used by the API and the CSV dump ---------------------------------------


def keyset(queryset: QuerySet, *, after: int, limit: int) -> tuple[list, int | None]:
    """A page of `queryset` by ascending id after `after`, and the cursor of the next page (None at the end)."""
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    if len(rows) > limit:
        last = rows[limit - 1]
        return rows[:limit], last["pk"] if isinstance(last, dict) else last.pk
    return rows, None


def _site(path: str) -> str:
    return settings.SITE_URL + path


def platforms() -> QuerySet[Platform]:
    return Platform.objects.listed()


def platform_row(platform: Platform) -> dict:
    return {
        "id": platform.pk,
        "slug": platform.slug,
        "name": platform.name,
        "name_en": platform.name_en,
        "sector": platform.sector,
        "website": platform.website,
        "url": _site(platform.get_absolute_url()),
    }


def campaigns() -> QuerySet:
    """Public campaigns as plain rows of the columns `campaign_row` reads: a list page of the API is 100 of
    them, and building 100 model instances (with their JSON columns decoded) cost more than the rest."""
    public = Campaign.objects.filter(status__in=Campaign.PUBLIC_STATUSES)
    return public.annotate(created_on=TruncDate("created_at")).values(  # the day in the site's time zone
        "pk",
        "slug",
        "title",
        "language",
        "platform__slug",
        "category",
        "status",
        "created_on",
        "members_count",
        "total_claimed",
        "confirmed_resolved_count",
    )


def campaign_row(campaign: dict) -> dict:
    members = public_count(campaign["members_count"])
    return {
        "id": campaign["pk"],
        "slug": campaign["slug"],
        "title": campaign["title"],
        "language": campaign["language"],
        "platform": campaign["platform__slug"],
        "category": campaign["category"],
        "status": campaign["status"],
        "created_on": campaign["created_on"],
        "members": members,
        # The total claimed by fewer than 5 people would tell each one's amount: hidden with the count.
        "total_claimed_cny": campaign["total_claimed"] if members is not None else None,
        # Shown as the campaign's page shows its share: not when the part or the rest is 1-4 people.
        "members_made_whole": campaign["confirmed_resolved_count"]
        if public_share(campaign["confirmed_resolved_count"], campaign["members_count"]) is not None
        else None,
        "url": _site(slug_url("campaigns:detail", campaign["slug"])),
    }


def filings_sent() -> QuerySet[Submission]:
    """Submissions a channel confirmed, of public campaigns: the filings sent."""
    return (
        Submission.objects.filter(
            status=Submission.Status.SENT,
            sent_at__isnull=False,
            version__filing__campaign__status__in=Campaign.PUBLIC_STATUSES,
        )
        .select_related("regulator", "version__filing__campaign__platform")
        .annotate(first_answer=Min("responses__received_at"))
    )


def filing_row(submission: Submission) -> dict:
    campaign = submission.version.filing.campaign
    answered = timezone.localdate(submission.first_answer) if submission.first_answer else None
    due = submission.due_at
    on_time = None
    if due and (answered or due < timezone.localdate()):
        on_time = answered is not None and answered <= due
    return {
        "id": submission.pk,
        "campaign": campaign.slug,
        "platform": campaign.platform.slug,
        "regulator": submission.regulator.slug,
        "regulator_name": submission.regulator.name_zh,
        "regulator_name_en": submission.regulator.name_en,
        "regulator_kind": submission.regulator.kind,
        "channel": submission.channel,
        "sent_on": timezone.localdate(submission.sent_at),
        "due_on": due,
        "first_answer_on": answered,
        "answered_on_time": on_time,
    }


def answers() -> QuerySet[Response]:
    """Answers to filings sent: when and from whom. Their text stays off until it is published redacted."""
    return Response.objects.filter(
        submission__status=Submission.Status.SENT,
        submission__sent_at__isnull=False,
        submission__version__filing__campaign__status__in=Campaign.PUBLIC_STATUSES,
    ).select_related("submission__regulator", "submission__version__filing__campaign")


def answer_row(response: Response) -> dict:
    submission = response.submission
    received = timezone.localdate(response.received_at)
    sent = timezone.localdate(submission.sent_at)
    return {
        "id": response.pk,
        "filing": submission.pk,
        "campaign": submission.version.filing.campaign.slug,
        "regulator": submission.regulator.slug,
        "received_on": received,
        "working_days": working_days_between(sent, received, jurisdiction=submission.regulator.jurisdiction),
        "source": response.source,
    }


def snapshots() -> QuerySet[PlatformSnapshot]:
    return PlatformSnapshot.objects.filter(platform__status=Platform.Status.ACTIVE).select_related("platform")


def snapshot_row(snapshot: PlatformSnapshot) -> dict:
    return {
        "id": snapshot.pk,
        "platform": snapshot.platform.slug,
        "month": f"{snapshot.month:%Y-%m}",
        **snapshot_figures(snapshot),
    }
