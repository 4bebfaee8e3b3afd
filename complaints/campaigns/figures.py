"""Public figures of a campaign: amount buckets, small-count suppression and server-rendered SVG charts."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from complaints.campaigns.models import SMALL_COUNT
from complaints.core.humanize import grouped

# Lower edges in CNY of the amount distribution's buckets.
AMOUNT_EDGES = (0, 100, 500, 1_000, 5_000, 10_000, 50_000)


def amount_bucket(amount: Decimal) -> int:
    """Index of the bucket an amount in CNY falls into."""
    index = 0
    for i, edge in enumerate(AMOUNT_EDGES):
        if amount >= edge:
            index = i
    return index


def bucket_labels() -> list[str]:
    labels = []
    for i, edge in enumerate(AMOUNT_EDGES):
        if i + 1 < len(AMOUNT_EDGES):
            labels.append(f"{_short_number(edge)}–{_short_number(AMOUNT_EDGES[i + 1])}")
        else:
            labels.append(f"≥{_short_number(edge)}")
    return labels


def _short_number(value: int) -> str:
    return f"{value // 1000}k" if value >= 1000 and value % 1000 == 0 else str(value)


def suppress(values: list[int]) -> list[int | None] | None:
    """The public view of a distribution of people: None hides the whole of it, None in the list hides a count.

    A distribution of fewer than 5 people in all is not shown at all (its bands would place each of them).
    Counts of 1-4 are hidden; if exactly one is hidden, the next smallest goes too, so it cannot be worked
    out from the total; and once any count is hidden the zeros are hidden with it, else the zeros would
    show where the hidden people are.
    """
    if 0 < sum(values) < SMALL_COUNT:
        return None
    shown: list[int | None] = [None if 0 < v < SMALL_COUNT else v for v in values]
    hidden = [i for i, v in enumerate(shown) if v is None]
    if len(hidden) == 1:
        rest = [(v, i) for i, v in enumerate(shown) if v]
        if rest:
            shown[min(rest)[1]] = None
    if hidden:
        shown = [None if v == 0 else v for v in shown]
    return shown


def small(count: int) -> bool:
    return 0 < count < SMALL_COUNT


def public_count(count: int) -> int | None:
    """A count of people as the public may see it: None (shown as "fewer than 5") for 1-4, else the count.

    The one rule for every public figure about people: pages, rankings, the open-data API and its CSV files.
    """
    return None if small(count) else count


def public_share(part: int, whole: int) -> float | None:
    """`part` of `whole` people as a fraction (0-1) the public may see; None when there is nobody to share, or
    when the whole, the part or the rest is 1-4 people (19 of 20 would tell of the one who is not)."""
    if not whole or any(public_count(n) is None for n in (whole, part, whole - part)):
        return None
    return part / whole


@dataclass
class Bar:
    label: str
    value: int | None  # None: suppressed
    axis: str = ""  # the short label under the bar when `label` is too long for its slot
    axis_second: str = ""  # a second line under it (the year, at the first bar and each January)

    @property
    def text(self) -> str:
        return _("fewer than 5") if self.value is None else grouped(self.value)


def amount_bars(histogram: dict, *, exact: bool) -> list[Bar] | None:
    """The amount bands' bars; None when the public may not see the distribution at all."""
    counts = [int(histogram.get(str(i), 0)) for i in range(len(AMOUNT_EDGES))]
    return _bars(bucket_labels(), counts, exact=exact)


# The months a campaign's joins chart shows: the last 12 that had a join.
CHART_MONTHS = 12


def _chart_months(joins_by_month: dict, last: int) -> tuple[list[str], list[int]]:
    months = sorted(k for k, v in joins_by_month.items() if v)[-last:]
    return months, [int(joins_by_month[m]) for m in months]


def public_joins(joins_by_month: dict) -> dict[str, int]:
    """The months of a campaign's joins the public sees on its chart ("2026-03": n), hidden months left out.

    A figure that adds joins up across campaigns (a platform's month, the portal's) adds only these: were a
    hidden month counted, the sum less the neighbours' shown months would tell it."""
    months, counts = _chart_months(joins_by_month, CHART_MONTHS)
    shown = suppress(counts) or []
    return {month: value for month, value in zip(months, shown, strict=False) if value}


def counted_joins(size: int, joins_by_month: dict) -> Iterator[tuple[str, int | None]]:
    """Each month with joins of a campaign of `size` members, and what a sum across campaigns may add for it: the
    count its chart shows (`public_joins`), or None when its chart hides the month or the campaign has fewer
    than 5 members (its size is hidden, so none of its months is counted)."""
    shown = public_joins(joins_by_month) if size >= SMALL_COUNT else {}
    for month, count in joins_by_month.items():
        if count:
            yield month, shown.get(month)


def join_bars(joins_by_month: dict, *, exact: bool, last: int = CHART_MONTHS) -> list[Bar] | None:
    """The months' bars; None when the public may not see the distribution at all."""
    months, counts = _chart_months(joins_by_month, last)
    shown = counts if exact else suppress(counts)
    if shown is None:
        return None
    bars = []
    for i, (month, value) in enumerate(zip(months, shown, strict=True)):
        day = datetime.date(int(month[:4]), int(month[5:7]), 1)
        # Twelve "2026-03" labels run together under a 320-wide chart: the axis says "3月" / "Mar" and
        # names the year once, under the first bar and each January; the tooltip keeps the full month.
        first_of_year = i == 0 or day.month == 1
        bars.append(
            Bar(
                date_format(day, "YEAR_MONTH_FORMAT"),
                value,
                axis=date_format(day, pgettext("chart axis: a month without its year", "M")),
                axis_second=str(day.year) if first_of_year else "",
            )
        )
    return bars


def _bars(labels: list[str], counts: list[int], *, exact: bool) -> list[Bar] | None:
    shown = counts if exact else suppress(counts)
    if shown is None:
        return None
    return [Bar(label, value) for label, value in zip(labels, shown, strict=True)]


# The chart's box in SVG units: bars stand on a baseline `BOTTOM` above the foot, at most `TOP` below the top.
WIDTH, HEIGHT, TOP, BOTTOM = 320, 160, 18, 34
# Bars whose labels fit side by side under a 320-wide chart (a year of months).
MAX_LABELLED = 12


def bar_chart_svg(bars: list[Bar], *, chart_id: str, title: str, description: str) -> SafeString:
    """A small accessible bar chart as inline SVG; a suppressed bar is drawn hatched at a fixed height."""
    if not bars:
        return SafeString("")
    context = {
        "width": WIDTH,
        "height": HEIGHT,
        "chart_id": chart_id,
        "title": title,
        "description": description,
        "colon": _(": "),  # a full-width colon in Chinese
        "shapes": _bar_shapes(bars),
    }
    # SafeString, escaped by the template engine (the template ends without a newline: nothing trails </svg>).
    return render_to_string("campaigns/_bar_chart.html", context)


def _bar_shapes(bars: list[Bar]) -> list[dict]:
    """Where each bar and its labels go, as the strings the template writes."""
    plot = HEIGHT - TOP - BOTTOM
    slot = WIDTH / len(bars)
    bar_width = min(40.0, max(6.0, slot * 0.7))
    peak = max([*(b.value for b in bars if b.value is not None), 1])
    # More than a year of months would run their labels together on a phone: label every `step`-th bar
    # (each keeps its tooltip, and the table under the chart lists every value).
    step = math.ceil(len(bars) / MAX_LABELLED)
    shapes = []
    for i, bar in enumerate(bars):
        labelled = i % step == 0
        x = i * slot + (slot - bar_width) / 2
        if bar.value is None:
            h, css, value = plot * 0.12, "bar bar-suppressed", "<5"
        else:
            h, css = (plot * bar.value / peak) if bar.value else 1, "bar"
            value = SafeString(grouped(bar.value))  # nosec B703 - digits we formatted
        y = TOP + plot - h
        cx = x + bar_width / 2
        shapes.append(
            {
                "bar": bar,
                "css": css,
                "value": value if labelled else "",
                "axis": (bar.axis or bar.label) if labelled else "",
                "axis_second": bar.axis_second if labelled else "",
                "x": _n(x),
                "y": _n(y),
                "width": _n(bar_width),
                "height": _n(h),
                "cx": _n(cx),
                "value_y": _n(y - 4),
                "axis_y": AXIS_Y,
                "axis_second_y": AXIS_SECOND_Y,
            }
        )
    return shapes


def _n(value: float) -> SafeString:
    # A number we wrote: nothing in it to escape, so the template writes it without escaping each of the
    # chart's hundreds of coordinates (a quarter of the chart's cost).
    return SafeString(f"{value:.1f}")  # nosec B703 - a number we formatted


AXIS_Y, AXIS_SECOND_Y = _n(HEIGHT - BOTTOM + 14), _n(HEIGHT - BOTTOM + 26)
