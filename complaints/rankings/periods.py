"""Calendar months in the portal's time zone: what a snapshot covers and what a ranking period adds up."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A ranking period: its query value, how many complete months it adds up, and its label.
PERIODS = {
    "30d": (1, _("Last month")),
    "quarter": (3, _("Last 3 months")),
    "year": (12, _("Last 12 months")),
}
DEFAULT_PERIOD = "30d"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of `month` and of the next one, in the portal's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=zone)
    end_month = add_months(month, 1)
    return start, datetime.datetime(end_month.year, end_month.month, 1, tzinfo=zone)


def this_month() -> datetime.date:
    return month_start(timezone.localdate())


def period_months(period: str, *, today: datetime.date | None = None) -> list[datetime.date]:
    """The complete calendar months a ranking period adds up, oldest first (the current month is not yet whole)."""
    count = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])[0]
    current = month_start(today or timezone.localdate())
    return [add_months(current, -i) for i in range(count, 0, -1)]
