"""Where the statistics page's horizontal bars go; `transparency/_hbar_chart.html` writes the SVG.

Long labels (a kind of harm, a regulator's name) sit on their own line above each bar, so a chart reads at
390 px as well as on a desktop. A suppressed value is a short muted bar marked "hidden".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from complaints.campaigns.figures import bar_chart_svg, join_bars
from complaints.campaigns.models import Campaign
from complaints.core.humanize import grouped, money

WIDTH, ROW, BAR, TOP = 320, 34, 12, 4
# The value's text needs room to the right of the longest bar.
PLOT = 230
# Bars in one chart; the table under it lists every row.
MAX_ROWS = 15


@dataclass
class HBar:
    label: str
    value: float | None  # None: suppressed
    text: str = ""  # the value as written ("1,234", "85%", "¥12,000"); "" writes the number
    # What a suppressed value says; "" is "hidden": it is fewer than 5 people, or would give such a figure away
    # by subtraction (campaigns.figures.suppress hides a second value then), so "fewer than 5" could be untrue.
    hidden_text: str = ""

    @property
    def shown(self) -> str:
        if self.value is None:
            return self.hidden_text or _("hidden")
        return self.text or grouped(self.value)


def hbar_chart(bars: list[HBar], *, chart_id: str, title: str, description: str) -> dict:
    """The template's context for one chart; `description` is its text alternative's first sentence."""
    peak = max([*(b.value for b in bars if b.value is not None), 1])
    shapes = []
    for i, bar in enumerate(bars):
        y = TOP + i * ROW
        if bar.value is None:
            width, css, value = PLOT * 0.04, "bar bar-suppressed", _("hidden")
        else:
            width, css, value = max(PLOT * bar.value / peak, 1.0), "bar", bar.shown
        shapes.append(
            {
                "bar": bar,
                "css": css,
                "value": value,
                "label_y": _n(y + 10),
                "bar_y": _n(y + 15),
                "width": _n(width),
                "value_x": _n(width + 4),
                "value_y": _n(y + 15 + BAR - 2),
            }
        )
    colon = _(": ")
    summary = _("; ").join(f"{b.label}{colon}{b.shown}" for b in bars)
    return {
        "chart_id": chart_id,
        "title": title,
        "description": f"{description} {summary}" if summary else description,
        "width": WIDTH,
        "height": TOP + len(bars) * ROW + 4,
        "bar_height": BAR,
        "shapes": shapes,
    }


def _n(value: float) -> SafeString:
    # A number we wrote: written without escaping, as campaigns.figures writes its charts' coordinates.
    return SafeString(f"{value:.1f}")  # nosec B703 - a number we formatted


def statistics_charts(stats, language: str) -> dict:
    """The statistics page's charts in the reader's language: SVG contexts and the bars their tables list."""
    categories = dict(Campaign.Category.choices)
    harm = [HBar(str(categories.get(c.category, c.category)), c.members) for c in stats.categories]
    claimed = [
        HBar(str(categories.get(c.category, c.category)), _float(c.claimed), money(c.claimed, places=0))
        for c in stats.categories
        if c.members != 0
    ]
    totals = [
        HBar(_("amount claimed"), _float(stats.claimed), money(stats.claimed, places=0)),
        HBar(
            _("amount recovered"), _float(stats.outcomes.recovered), money(stats.outcomes.recovered, places=0)
        ),
    ]
    # join_bars labels the months; their values were suppressed when the statistics were computed.
    joins = join_bars({m: 1 for m in stats.joins_by_month}, exact=True, last=len(stats.joins_by_month) or 1)
    for bar, value in zip(joins, stats.joins_by_month.values(), strict=True):
        bar.value = value
    return {
        "category_labels": [(value, str(label)) for value, label in Campaign.Category.choices],
        "joins_bars": joins,
        "joins_chart": bar_chart_svg(
            joins,
            chart_id="joins",
            title=_("Members joining per month"),
            description=_("Number of current members of all public campaigns by the month they joined."),
        ),
        "harm_chart": hbar_chart(
            harm,
            chart_id="harm",
            title=_("Members by kind of harm"),
            description=_("Members of public campaigns by what happened to them."),
        ),
        "claimed_chart": hbar_chart(
            claimed,
            chart_id="claimed",
            title=_("Amounts claimed by kind of harm (CNY)"),
            description=_("What members say they lost, in yuan, by what happened to them."),
        ),
        "totals_chart": hbar_chart(
            totals,
            chart_id="totals",
            title=_("Claimed and recovered (CNY)"),
            description=_("All amounts claimed, and what members confirmed they got back, in yuan."),
        ),
        "regulator_chart": _on_time_chart(stats.by_regulator, language, "regulators"),
        "platform_chart": _on_time_chart(stats.by_platform, language, "platforms"),
    }


def _on_time_chart(rows, language: str, chart_id: str) -> dict:
    hidden = _("fewer than 5 decided filings")
    bars = [HBar(row.name(language), row.share, f"{row.share}%", hidden) for row in rows[:MAX_ROWS]]
    if chart_id == "regulators":
        title = _("Answers on time, by regulator")
        description = _("Share of delivered filings each regulator answered by its deadline.")
    else:
        title = _("Answers on time, by platform complained about")
        description = _(
            "Share of delivered filings about each platform's campaigns answered by the deadline."
        )
    return hbar_chart(bars, chart_id=chart_id, title=title, description=description)


def _float(value) -> float | None:
    return None if value is None else float(value)
