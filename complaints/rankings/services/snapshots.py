"""The nightly monthly snapshots per platform (issue 22, part 4): counted in the database, upserted per month."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints.campaigns.figures import counted_joins, suppress
from complaints.campaigns.models import SMALL_COUNT, Campaign, Membership
from complaints.core.services import audit_record
from complaints.filings.models import Outcome, Submission
from complaints.filings.workdays import working_days_between
from complaints.rankings.figures import COUNTS, median_days
from complaints.rankings.models import PlatformSnapshot
from complaints.rankings.periods import add_months, month_bounds, this_month
from complaints.rankings.services.ranking import rankings_write
from complaints.replies.models import ReplyFigures

# The current month and the twelve before it: a year's ranking always reads freshly counted months, and an
# outcome re-confirmed later moves out of its old month in the same run.
MONTHS_KEPT_FRESH = 13
PUBLIC = Campaign.PUBLIC_STATUSES
# People are counted only in campaigns whose own size is public (5 or more, `campaigns.selectors.
# counted_campaigns`): else a platform's joins less the sizes its campaign pages show would tell a small one's.
COUNTED = Q(campaign__status__in=PUBLIC, campaign__members_count__gte=SMALL_COUNT)


def _by_month(field: str):
    return TruncMonth(field, output_field=models.DateField())


def _new_row() -> dict:
    return {
        **dict.fromkeys(COUNTS, 0),
        "money_recovered": Decimal("0.00"),
        "answer_days": Counter(),
        "reply_days": Counter(),
        "joins_uncounted": False,
    }


def _members(rows: dict, months: list[datetime.date]) -> None:
    """Joins per platform and month add up the months each counted campaign's own chart shows (`public_joins`):
    a platform's month less the months its campaign pages show must not tell a month a page hides. A month with
    joins left out that way is marked `joins_uncounted` (its sum is a lower bound; a sum of 0 is not shown)."""
    wanted = {f"{month:%Y-%m}": month for month in months}
    public = Campaign.objects.filter(status__in=PUBLIC, members_count__gt=0)
    for platform_id, size, joined in public.values_list(
        "platform_id", "members_count", "joins_by_month"
    ).iterator(chunk_size=2000):
        for key, count in counted_joins(size, joined or {}):
            if key not in wanted:
                continue
            row = rows[platform_id, wanted[key]]
            if count is None:
                row["joins_uncounted"] = True
            else:
                row["members_joined"] += count
    for month in months:
        _month_start, month_end = month_bounds(month)
        still_in = Q(left_at__isnull=True) | Q(left_at__gte=month_end)
        totals = (
            Membership.objects.filter(COUNTED, joined_at__lt=month_end)
            .filter(still_in)
            .values("campaign__platform_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in totals:
            rows[row["campaign__platform_id"], month]["members_total"] = row["n"]


def _campaigns(rows: dict, start: datetime.datetime, end: datetime.datetime) -> None:
    started = (
        Campaign.objects.filter(status__in=PUBLIC, created_at__gte=start, created_at__lt=end)
        .annotate(month=_by_month("created_at"))
        .values("platform_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in started:
        rows[row["platform_id"], row["month"]]["campaigns_started"] = row["n"]


def _filings(rows: dict, first: datetime.date, last: datetime.date) -> None:
    """Filings sent, deadlines met and working days to the first answer, from the sent submissions."""
    start, _e = month_bounds(first)
    _s, end = month_bounds(last)
    today = timezone.localdate()
    sent = (
        Submission.objects.filter(status=Submission.Status.SENT, sent_at__isnull=False)
        .filter(version__filing__campaign__status__in=PUBLIC)
        .annotate(first_answer=Min("responses__received_at"))
        .filter(Q(sent_at__gte=start) | Q(due_at__gte=first) | Q(first_answer__gte=start))
        .values_list(
            "version__filing__campaign__platform_id",
            "sent_at",
            "due_at",
            "first_answer",
            "regulator__jurisdiction",
        )
        .order_by()
    )
    for platform_id, sent_at, due_at, first_answer, jurisdiction in sent:
        sent_on = timezone.localdate(sent_at)
        answered_on = timezone.localdate(first_answer) if first_answer else None
        if start <= sent_at < end:
            rows[platform_id, sent_on.replace(day=1)]["filings_sent"] += 1
        if due_at and first <= due_at < end.date() and (due_at < today or answered_on):
            row = rows[platform_id, due_at.replace(day=1)]
            row["deadlines_due"] += 1
            row["answered_on_time"] += int(answered_on is not None and answered_on <= due_at)
        if answered_on and start <= first_answer < end:
            days = working_days_between(sent_on, answered_on, jurisdiction=jurisdiction)
            rows[platform_id, answered_on.replace(day=1)]["answer_days"][days] += 1


def _platform_replies(rows: dict, start: datetime.datetime, end: datetime.datetime) -> None:
    """Working days from a public campaign's start to the platform's first public reply, in the month of that
    reply (the replies app keeps both per campaign)."""
    first_replies = (
        ReplyFigures.objects.filter(
            first_reply_at__gte=start,
            first_reply_at__lt=end,
            first_reply_working_days__isnull=False,
            campaign__status__in=PUBLIC,
        )
        .values_list("campaign__platform_id", "first_reply_at", "first_reply_working_days")
        .order_by()
    )
    for platform_id, replied_at, days in first_replies:
        rows[platform_id, timezone.localdate(replied_at).replace(day=1)]["reply_days"][days] += 1


def _outcomes(rows: dict, start: datetime.datetime, end: datetime.datetime) -> None:
    cny = Q(currency="CNY", amount_received__gt=0)
    reported = (
        Outcome.objects.filter(
            membership__campaign__status__in=PUBLIC,
            membership__campaign__members_count__gte=SMALL_COUNT,
            membership__status=Membership.Status.ACTIVE,
            confirmed_at__gte=start,
            confirmed_at__lt=end,
        )
        .annotate(month=_by_month("confirmed_at"))
        .values("membership__campaign__platform_id", "month")
        .annotate(
            n=Count("pk"),
            whole=Count("pk", filter=Q(result=Outcome.Result.MADE_WHOLE)),
            with_amount=Count("pk", filter=cny),
            money=Sum("amount_received", filter=cny),
        )
        .order_by()
    )
    for row in reported:
        target = rows[row["membership__campaign__platform_id"], row["month"]]
        target["outcomes_reported"] = row["n"]
        target["outcomes_made_whole"] = row["whole"]
        target["outcomes_with_amount"] = row["with_amount"]
        target["money_recovered"] = Decimal(row["money"] or 0).quantize(Decimal("0.01"))


def snapshot_rows(months: list[datetime.date]) -> dict[tuple[int, datetime.date], dict]:
    """Every platform's counts for these consecutive months, keyed by (platform id, month)."""
    rows: dict[tuple[int, datetime.date], dict] = defaultdict(_new_row)
    start, _e = month_bounds(months[0])
    _s, end = month_bounds(months[-1])
    _members(rows, months)
    _campaigns(rows, start, end)
    _filings(rows, months[0], months[-1])
    _outcomes(rows, start, end)
    _platform_replies(rows, start, end)
    return rows


def _publish_joins(window_start: datetime.date, uncounted: set[tuple[int, datetime.date]]) -> int:
    """Each platform's monthly joins as the public sees them: `suppress` over all its months, the rule of a
    campaign's joins chart, so a hidden month cannot be worked out from the others and a public total. A month
    whose joins all stood in months their campaigns' charts hide is not shown rather than shown as 0; once such
    a month leaves the recounted window it stays hidden."""
    series: dict[int, list[PlatformSnapshot]] = defaultdict(list)
    for snap in PlatformSnapshot.objects.only(
        "pk", "platform_id", "month", "members_joined", "members_joined_public"
    ):
        series[snap.platform_id].append(snap)
    changed = []
    for snaps in series.values():
        snaps.sort(key=lambda s: s.month)
        shown = suppress([s.members_joined for s in snaps]) or [None] * len(snaps)
        for snap, value in zip(snaps, shown, strict=True):
            if snap.members_joined == 0 and (
                (snap.platform_id, snap.month) in uncounted
                or (snap.month < window_start and snap.members_joined_public is None)
            ):
                value = None
            if snap.members_joined_public != value:
                snap.members_joined_public = value
                changed.append(snap)
    PlatformSnapshot.objects.bulk_update(changed, ["members_joined_public"], batch_size=1000)
    return len(changed)


def snapshots_write(*, actor=None, months: int = MONTHS_KEPT_FRESH) -> int:
    """Recount the last `months` months of every platform and upsert one snapshot per platform and month, then
    count the rankings from them (`rankings_write`).

    Safe to run twice: a (platform, month) row is overwritten, and a row of a month in the window that no
    longer has anything to count (a campaign rejected after the fact) is deleted.
    """
    current = this_month()
    window = [add_months(current, -i) for i in range(months - 1, -1, -1)]
    rows = snapshot_rows(window)
    objects = []
    for (platform_id, month), row in rows.items():
        days = {str(d): n for d, n in sorted(row["answer_days"].items())}
        objects.append(
            PlatformSnapshot(
                platform_id=platform_id,
                month=month,
                answer_days=days,
                regulator_answer_median_days=median_days(days),
                platform_reply_median_days=median_days({str(d): n for d, n in row["reply_days"].items()}),
                money_recovered=row["money_recovered"],
                **{name: row[name] for name in COUNTS},
            )
        )
    with transaction.atomic():
        stale = PlatformSnapshot.objects.filter(month__gte=window[0])
        keep = {(o.platform_id, o.month) for o in objects}
        stale_ids = [pk for pk, p, m in stale.values_list("pk", "platform_id", "month") if (p, m) not in keep]
        PlatformSnapshot.objects.filter(pk__in=stale_ids).delete()
        PlatformSnapshot.objects.bulk_create(
            objects,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["platform", "month"],
            update_fields=[
                *COUNTS,
                "answer_days",
                "regulator_answer_median_days",
                "platform_reply_median_days",
                "money_recovered",
                "computed_at",
            ],
        )
        _publish_joins(window[0], {key for key, row in rows.items() if row["joins_uncounted"]})
        # The ranking page reads the rankings counted here, in the same transaction: never a mix of two nights.
        ranked = rankings_write()
        audit_record(
            actor=actor,
            action="rankings.snapshots_write",
            data={
                "from": window[0].isoformat(),
                "rows": len(objects),
                "removed": len(stale_ids),
                "ranked": ranked,
            },
        )
    return len(objects)
