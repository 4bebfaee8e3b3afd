"""Working days per jurisdiction: weekends, public holidays and China's make-up workdays (调休).

China's calendar comes from `chinesecalendar`, which carries each year's State Council notice
(国务院办公厅关于××年部分节假日安排的通知, published around November). Keeping it current is a
dependency upgrade: `pip install -U chinesecalendar` once the package has the new year (see
docs/holidays.md). For a year the installed package does not know yet, deadlines count weekends and
the statutory days below (no bridges, no make-up workdays), and say so in the log once per year.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import cache

import chinese_calendar

log = logging.getLogger(__name__)

# Statutory days off (《全国年节及纪念日放假办法》) for years the installed package does not cover yet.
# Only used until `chinesecalendar` is upgraded; never a substitute for the year's notice.
CN_STATUTORY_FALLBACK: dict[int, frozenset[date]] = {
    2027: frozenset(
        date.fromisoformat(d)
        for d in (
            "2027-01-01",
            "2027-02-05",
            "2027-02-06",
            "2027-02-07",
            "2027-02-08",
            "2027-04-05",
            "2027-05-01",
            "2027-05-02",
            "2027-06-09",
            "2027-09-15",
            "2027-10-01",
            "2027-10-02",
            "2027-10-03",
        )
    ),
}


@cache
def cn_calendar_covers(year: int) -> bool:
    """Whether the installed `chinesecalendar` has the State Council notice for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        log.warning(
            "chinesecalendar has no holiday notice for %s: deadlines count weekends and statutory days "
            "only; upgrade the package once it has the notice (docs/holidays.md)",
            year,
        )
        return False
    return True


def is_working_day(day: date, *, jurisdiction: str = "CN") -> bool:
    if jurisdiction.upper().split("-")[0] == "CN":
        if cn_calendar_covers(day.year):
            return chinese_calendar.is_workday(day)
        if day in CN_STATUTORY_FALLBACK.get(day.year, frozenset()):
            return False
    return day.weekday() < 5


def add_working_days(start: date, days: int, *, jurisdiction: str = "CN") -> date:
    """The date `days` working days after `start` (the day of sending does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, jurisdiction=jurisdiction):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, *, jurisdiction: str = "CN") -> int:
    """Working days after `start` up to and including `end` (an answer the next working day took 1)."""
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, jurisdiction=jurisdiction):
            days += 1
    return days
