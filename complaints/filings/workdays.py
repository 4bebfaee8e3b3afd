"""Working days per jurisdiction: weekends, public holidays and China's make-up workdays (调休).

THE CN TABLE MUST BE UPDATED EVERY YEAR from the State Council General Office's notice on the next
year's public holidays (国务院办公厅关于××年部分节假日安排的通知, published around November).
2025 and 2026 follow the published notices; 2027 is PROVISIONAL (statutory days only, no make-up
workdays yet) until the 2027 notice is entered here.
"""

from __future__ import annotations

from datetime import date, timedelta


def _span(start: str, end: str) -> set[date]:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


CN_HOLIDAYS: set[date] = set().union(
    # 2025 (国办发明电〔2024〕12号)
    _span("2025-01-01", "2025-01-01"),
    _span("2025-01-28", "2025-02-04"),
    _span("2025-04-04", "2025-04-06"),
    _span("2025-05-01", "2025-05-05"),
    _span("2025-05-31", "2025-06-02"),
    _span("2025-10-01", "2025-10-08"),
    # 2026 (国办发明电〔2025〕7号)
    _span("2026-01-01", "2026-01-03"),
    _span("2026-02-15", "2026-02-23"),
    _span("2026-04-04", "2026-04-06"),
    _span("2026-05-01", "2026-05-05"),
    _span("2026-06-19", "2026-06-21"),
    _span("2026-09-25", "2026-09-27"),
    _span("2026-10-01", "2026-10-07"),
    # 2027 PROVISIONAL: statutory holidays by the calendar, before the notice sets the bridges.
    _span("2027-01-01", "2027-01-01"),
    _span("2027-02-05", "2027-02-08"),
    _span("2027-04-05", "2027-04-05"),
    _span("2027-05-01", "2027-05-02"),
    _span("2027-06-09", "2027-06-09"),
    _span("2027-09-15", "2027-09-15"),
    _span("2027-10-01", "2027-10-03"),
)

# Weekend days that are working days because a holiday was bridged (调休上班).
CN_MAKEUP_WORKDAYS: set[date] = {
    date.fromisoformat(d)
    for d in (
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    )
}


def is_working_day(day: date, *, jurisdiction: str = "CN") -> bool:
    if jurisdiction.upper().split("-")[0] == "CN":
        if day in CN_MAKEUP_WORKDAYS:
            return True
        if day in CN_HOLIDAYS:
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
