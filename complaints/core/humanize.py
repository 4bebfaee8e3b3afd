"""How the portal writes amounts and times, in one place for templates and Python-built rows alike.

Amounts carry one notation everywhere: a currency symbol before a number grouped by thousands
(¥593,676.00, US$1,200.00), in both languages. Times of activity read as people say them
("1 分钟前", "3 hours ago"); past a week they become a date written the viewer's way.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

SYMBOLS = {"CNY": "¥", "HKD": "HK$", "TWD": "NT$", "USD": "US$", "EUR": "€", "GBP": "£"}


def grouped(number: int | float | Decimal) -> str:
    """A figure with the reader's thousands separators, as humanize's intcomma writes it: 12,345. A whole
    number grouped by three (both our languages) is formatted by Python itself: a third of number_format's
    time, and a ranking page groups 150 figures."""
    if type(number) is int and formats.get_format("NUMBER_GROUPING") == 3:
        return f"{number:,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def money(amount: Decimal | int | float | str | None, currency: str = "CNY", *, places: int = 2) -> str:
    """An amount with its currency symbol and thousands separators: ¥593,676.00; "–" when unknown."""
    if amount is None or amount == "":
        return "–"
    # Rounded half up first: number_format cuts the digits beyond `places` (¥691,722.96 read as ¥691,722).
    value = Decimal(str(amount)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    number = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency or "CNY")
    if symbol is None:
        return f"{currency} {number}"
    if number.startswith("-"):
        return f"-{symbol}{number[1:]}"
    return f"{symbol}{number}"


def ago(value: datetime.datetime | None, *, now: datetime.datetime | None = None) -> str:
    """When something happened, as a person says it: 刚刚, 5 分钟前, 3 小时前, 2 天前, then the date."""
    if value is None:
        return ""
    now = now or timezone.now()
    if not isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATE_FORMAT")
    seconds = int((now - value).total_seconds())
    if seconds < -60:  # a time still to come is a date, never "-3 minutes ago"
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if seconds < 60:
        return gettext("just now")
    if seconds < 3600:
        n = seconds // 60
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", n) % {"count": n}
    if seconds < 86400:
        n = seconds // 3600
        return ngettext("%(count)d hour ago", "%(count)d hours ago", n) % {"count": n}
    if seconds < 7 * 86400:
        n = seconds // 86400
        return ngettext("%(count)d day ago", "%(count)d days ago", n) % {"count": n}
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def working_days(days: Decimal | int | float | None) -> str:
    """A time to answer in working days: "less than one working day" for 0 (a reply on a Sunday to a
    Saturday's filing too, so not "the same day"), "1 working day", "2.5 working days";
    "–" when unknown. One wording on the campaign page, the public status page and the rankings."""
    if days is None or days == "":
        return "–"
    value = Decimal(str(days))
    if value == 0:
        return gettext("less than one working day")
    if value == value.to_integral_value():
        n = int(value)
        return ngettext("%(count)s working day", "%(count)s working days", n) % {"count": n}
    number = formats.number_format(value, 1, use_l10n=True)
    return ngettext("%(count)s working day", "%(count)s working days", 2) % {"count": number}
