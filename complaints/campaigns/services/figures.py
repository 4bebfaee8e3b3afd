"""A campaign's denormalized figures (members, totals, histograms, dates), kept on its row.

They change only here, in the same transaction as the rows they describe, with the campaign row locked:
joins, leaves and case edits of one campaign are serialized, so pseudonym numbers and counters never race.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints.campaigns.cache import roster_changed
from complaints.campaigns.figures import AMOUNT_EDGES, amount_bucket
from complaints.campaigns.models import (
    MAIN_CURRENCY,
    Campaign,
    Case,
    Membership,
)
from complaints.campaigns.services.common import CENT


@dataclass(frozen=True)
class _Contribution:
    """What one active membership adds to its campaign's figures."""

    amount: Decimal | None
    currency: str
    incident_date: date | None
    joined_month: str
    resolved: bool


@dataclass
class _FigureChange:
    members: int = 0
    resolved: int = 0
    cny: Decimal = field(default_factory=lambda: Decimal("0"))


def _contribution(membership: Membership, case: Case | None) -> _Contribution | None:
    if membership.status != Membership.Status.ACTIVE:
        return None
    return _Contribution(
        amount=case.amount if case else None,
        currency=case.currency if case else MAIN_CURRENCY,
        incident_date=case.incident_date if case else None,
        joined_month=_month(membership.joined_at),
        resolved=membership.resolved_at is not None,
    )


def _month(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


def _update_campaign(pk: int, *, set: dict | None = None, add: dict | None = None) -> int:
    """One UPDATE of the campaign's row: `set` columns to values, `add` to columns; the member list's
    roster_version moves in the same statement (every caller changed a member row)."""
    changes = dict(set or {})
    changes.update({name: F(name) + amount for name, amount in (add or {}).items()})
    changes["roster_version"] = F("roster_version") + 1
    return Campaign.objects.filter(pk=pk).update(**changes)


def _lock(campaign_pk: int) -> Campaign:
    """The campaign, locked; it must exist."""
    locked = Campaign.objects.select_for_update().filter(pk=campaign_pk).order_by().first()
    if locked is None:
        raise Campaign.DoesNotExist(f"no campaign {campaign_pk}")
    return locked


def _apply_figures(
    locked: Campaign, old: _Contribution | None, new: _Contribution | None, *, also: dict | None = None
) -> None:
    """Move the locked campaign's figures from one contribution of a membership to another, in one
    UPDATE that also adds to the columns in `also` (a join's pseudonym counter, by 1)."""
    if old == new:
        _update_campaign(locked.pk, add=also)
        return
    change = _FigureChange(
        members=(new is not None) - (old is not None),
        resolved=int(bool(new and new.resolved)) - int(bool(old and old.resolved)),
    )
    histogram = dict(locked.amount_histogram)
    others = dict(locked.claimed_other_currencies)
    months = dict(locked.joins_by_month)
    for sign, part in ((-1, old), (1, new)):
        if part is None:
            continue
        months[part.joined_month] = months.get(part.joined_month, 0) + sign
        if part.amount is None:
            continue
        if part.currency == MAIN_CURRENCY:
            change.cny += sign * part.amount
            key = str(amount_bucket(part.amount))
            histogram[key] = histogram.get(key, 0) + sign
        else:
            others[part.currency] = str(
                (Decimal(others.get(part.currency, "0")) + sign * part.amount).quantize(CENT)
            )
    updates: dict = {
        "amount_histogram": {k: v for k, v in histogram.items() if v},
        "claimed_other_currencies": {k: v for k, v in others.items() if Decimal(v)},
        "joins_by_month": {k: v for k, v in months.items() if v},
        "last_activity_at": timezone.now(),
    }
    growth = dict(also or {})
    if change.members:
        growth["members_count"] = change.members
    if change.resolved:
        growth["confirmed_resolved_count"] = change.resolved
    if change.cny:
        growth["total_claimed"] = change.cny
    recount_dates = bool(
        old
        and old.incident_date
        and old.incident_date in (locked.first_incident_on, locked.last_incident_on)
        and (new is None or new.incident_date != old.incident_date)
    )
    if new and new.incident_date and not recount_dates:
        first, last = locked.first_incident_on, locked.last_incident_on
        updates["first_incident_on"] = min(d for d in (first, new.incident_date) if d)
        updates["last_incident_on"] = max(d for d in (first, last, new.incident_date) if d)
    _update_campaign(locked.pk, set=updates, add=growth)
    if recount_dates:
        # The earliest or latest date went away: only the rows know the next one.
        _refresh_incident_range(locked.pk)


def _refresh_incident_range(campaign_pk: int) -> None:
    active = Case.objects.filter(
        membership__campaign_id=campaign_pk, membership__status=Membership.Status.ACTIVE
    )
    bounds = active.aggregate(first=Min("incident_date"), last=Max("incident_date"))
    Campaign.objects.filter(pk=campaign_pk).update(
        first_incident_on=bounds["first"], last_incident_on=bounds["last"]
    )


def campaign_recount(*, campaign: Campaign) -> Campaign:
    """Recompute every denormalized figure of a campaign from its rows (after a merge, or to repair)."""
    roster_changed(campaign.pk)
    active = Membership.objects.filter(campaign_id=campaign.pk, status=Membership.Status.ACTIVE)
    cases = Case.objects.filter(membership__in=active)
    totals = active.aggregate(
        members=Count("pk"),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        first=Min("case__incident_date"),
        last=Max("case__incident_date"),
    )
    cny = cases.filter(currency=MAIN_CURRENCY, amount__isnull=False)
    bucket_counts = {}
    for i, edge in enumerate(AMOUNT_EDGES):
        bucket = Q(amount__gte=edge)
        if i + 1 < len(AMOUNT_EDGES):
            bucket &= Q(amount__lt=AMOUNT_EDGES[i + 1])
        bucket_counts[str(i)] = Count("pk", filter=bucket)
    sums = cny.aggregate(total=Sum("amount"), **bucket_counts)
    total = sums.pop("total") or Decimal("0")
    others = {
        row["currency"]: str(Decimal(row["total"]).quantize(CENT))
        for row in cases.exclude(currency=MAIN_CURRENCY)
        .filter(amount__isnull=False)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by()
        if row["total"]
    }
    months = {
        _month(row["month"]) if timezone.is_aware(row["month"]) else row["month"].strftime("%Y-%m"): row["n"]
        for row in active.annotate(month=TruncMonth("joined_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    Campaign.objects.filter(pk=campaign.pk).update(
        members_count=totals["members"],
        confirmed_resolved_count=totals["resolved"],
        first_incident_on=totals["first"],
        last_incident_on=totals["last"],
        total_claimed=total,
        claimed_other_currencies=others,
        amount_histogram={k: v for k, v in sums.items() if v},
        joins_by_month=months,
    )
    campaign.refresh_from_db()
    return campaign
