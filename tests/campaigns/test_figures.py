from __future__ import annotations

from decimal import Decimal

from complaints.campaigns.figures import Bar, amount_bucket, bar_chart_svg, suppress


def test_small_counts_are_hidden_and_a_lone_hidden_count_gets_company():
    assert suppress([0, 12, 7, 30]) == [0, 12, 7, 30]
    assert suppress([3, 12, 7, 30]) == [None, 12, None, 30], "3 could be worked out from the total otherwise"
    assert suppress([3, 2, 9]) == [None, None, 9]


def test_amount_buckets():
    assert amount_bucket(Decimal("0.01")) == 0
    assert amount_bucket(Decimal("100")) == 1
    assert amount_bucket(Decimal("2835.43")) == 3
    assert amount_bucket(Decimal("1000000")) == 6


def test_chart_is_inline_svg_with_escaped_labels_and_no_exact_small_count():
    svg = str(bar_chart_svg([Bar("<b>x</b>", 12), Bar("y", None)], chart_id="c", title="T", description="D"))
    assert svg.startswith("<svg") and "<script" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg
    assert "&lt;5" in svg and 'class="bar bar-suppressed"' in svg


def test_a_distribution_of_fewer_than_five_people_is_not_shown_at_all():
    assert suppress([0, 0, 0, 1, 0, 0, 0]) is None, "the organizer's band would be public"
    assert suppress([0, 1, 0, 3]) is None
    assert suppress([0, 0, 0]) == [0, 0, 0]


def test_zero_bands_are_hidden_once_any_band_is_hidden():
    """A '0' next to a '<5' tells where the hidden people are."""
    assert suppress([0, 3, 0, 9, 0]) == [None, None, None, None, None]
    assert suppress([0, 3, 2, 9, 0]) == [None, None, None, 9, None]
    assert suppress([0, 7, 0, 9]) == [0, 7, 0, 9]


def test_monthly_joins_chart_names_months_shortly_and_each_year_once():
    import re

    from django.utils import translation

    from complaints.campaigns.figures import join_bars

    months = {f"2025-{m:02d}": 10 for m in range(4, 13)} | {f"2026-{m:02d}": 10 for m in range(1, 4)}
    with translation.override("zh-hans"):
        svg = str(bar_chart_svg(join_bars(months, exact=True), chart_id="j", title="T", description="D"))
    axis = re.findall(r'<text class="bar-label"[^>]*>([^<]*)</text>', svg)
    assert axis[:3] == ["4月", "2025", "5月"], "the year once, under the first month"
    assert "2026" in axis and axis.count("2025") == 1 and axis.count("2026") == 1
    assert all(len(label) <= 4 for label in axis), "12 labels fit under a 320-wide chart"
    assert "<title>2026年1月：10</title>" in svg
    with translation.override("en"):
        svg = str(bar_chart_svg(join_bars(months, exact=True), chart_id="j", title="T", description="D"))
    assert "Apr" in svg and "<title>Jan 2026: 10</title>" in svg
