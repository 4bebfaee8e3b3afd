"""What the public sees of a platform's snapshot figures: the one place rankings, API and CSV take them from.

Small counts are suppressed with campaigns' `public_count` / `public_share`, the rule every public page uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from complaints.campaigns.figures import public_count, public_share

# What a snapshot counts (whole numbers, so months add up).
COUNTS = (
    "members_joined",
    "members_total",
    "campaigns_started",
    "filings_sent",
    "deadlines_due",
    "answered_on_time",
    "outcomes_reported",
    "outcomes_made_whole",
    "outcomes_with_amount",
)

# The figures every public view of a snapshot (or of a period of snapshots) carries, in this order.
FIELDS = (
    "members_joined",
    "campaigns_started",
    "filings_sent",
    "answered_on_time_share",
    "regulator_answer_median_days",
    "platform_reply_median_days",
    "resolution_share",
    "money_recovered",
)


def median_days(histogram: dict) -> Decimal | None:
    """The median of a {working days: count} histogram, to one decimal; None when it is empty."""
    counts = sorted((int(days), int(n)) for days, n in histogram.items() if int(n) > 0)
    total = sum(n for _days, n in counts)
    if not total:
        return None
    # The value at 0-based positions (total-1)//2 and total//2 of the sorted values, averaged.
    wanted, found, seen = {(total - 1) // 2, total // 2}, [], 0
    for days, n in counts:
        found += [days for position in sorted(wanted) if seen <= position < seen + n]
        seen += n
    return (Decimal(sum(found)) / len(found)).quantize(Decimal("0.1"))


def add_up(snapshots: Iterable, *, last_month=None) -> dict:
    """One platform's counts over several months; `members_total` is the one of the last month (a size,
    not a flow). `joins_hidden` / `money_hidden`: a month among them has its joins or its money hidden, so the
    sum is hidden too (else the sum less the shown months would tell the hidden one)."""
    totals: dict = {**dict.fromkeys(COUNTS, 0), "money_recovered": Decimal("0.00"), "answer_days": Counter()}
    totals.update(platform_reply_days=[], joins_hidden=False, money_hidden=False)
    latest = None
    for snap in snapshots:
        for name in COUNTS:
            if name != "members_total":
                totals[name] += getattr(snap, name)
        totals["money_recovered"] += snap.money_recovered
        totals["answer_days"].update({int(k): int(v) for k, v in (snap.answer_days or {}).items()})
        if snap.platform_reply_median_days is not None:
            totals["platform_reply_days"].append(snap.platform_reply_median_days)
        totals["joins_hidden"] |= snap.members_joined_public is None
        totals["money_hidden"] |= public_count(snap.outcomes_with_amount) is None
        if latest is None or snap.month > latest.month:
            latest = snap
    if latest is not None and (last_month is None or latest.month == last_month):
        totals["members_total"] = latest.members_total
    return totals


def _share(part: int, whole: int) -> Decimal | None:
    return Decimal(part * 100 / whole).quantize(Decimal("0.1")) if whole else None


def public_figures(totals: dict) -> dict:
    """The public figures of counted totals (one snapshot, or `add_up` of several), small counts suppressed.

    Joins are hidden as a campaign's joins chart hides them (`suppress` over the platform's months, stored by
    the snapshot task). Shares are percentages to one decimal; a share of people (made whole) hides when the
    whole, the part or the rest is 1-4. The money recovered hides when fewer than 5 people reported an amount
    (in the period, or in one of its months). Filings and deadlines are not people and are shown as counted.
    The members at the end of a month are never shown: with the joins they would tell the months before.
    """
    resolution = public_share(totals["outcomes_made_whole"], totals["outcomes_reported"])
    money_shown = public_count(totals["outcomes_with_amount"]) is not None and not totals["money_hidden"]
    reply_days = totals.get("platform_reply_days") or []
    return {
        "members_joined": None if totals["joins_hidden"] else public_count(totals["members_joined"]),
        "campaigns_started": totals["campaigns_started"],
        "filings_sent": totals["filings_sent"],
        "answered_on_time_share": _share(totals["answered_on_time"], totals["deadlines_due"]),
        "regulator_answer_median_days": median_days(totals["answer_days"]),
        "platform_reply_median_days": reply_days[0] if len(reply_days) == 1 else None,
        "resolution_share": None
        if resolution is None
        else Decimal(resolution * 100).quantize(Decimal("0.1")),
        "money_recovered": Decimal(totals["money_recovered"]).quantize(Decimal("0.01"))
        if money_shown
        else None,
    }


def snapshot_figures(snapshot) -> dict:
    """The public figures of one monthly snapshot."""
    return public_figures(add_up([snapshot]))
