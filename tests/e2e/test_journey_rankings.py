"""J: an anonymous visitor opens the rankings, picks a sector and period, and reads how the figures are computed,
on a phone in Chinese (issue #22, part 4). The demo's joins are moved into last month and the nightly task runs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def _snapshots_of_last_month(stack) -> str:
    return stack.shell(
        "from complaints.campaigns.models import Campaign, Membership\n"
        "from complaints.rankings.periods import add_months, month_bounds, this_month\n"
        "from complaints.rankings.services import snapshots_write\n"
        "from datetime import timedelta\n"
        "start, _end = month_bounds(add_months(this_month(), -1))\n"
        "Membership.objects.update(joined_at=start + timedelta(days=3))\n"
        "Campaign.objects.update(created_at=start + timedelta(days=2))\n"
        "snapshots_write()\n"
        "from django.core.cache import cache\n"
        "cache.clear()\n"
        "c = Campaign.objects.filter(status='open').order_by('-members_count').first()\n"
        "print(c.platform.name)"
    )


def test_a_visitor_reads_the_rankings_and_the_methodology_on_a_phone(journey, stack):
    j = journey("rankings", "zh-hans", "phone")
    page = j.page
    biggest = _snapshots_of_last_month(stack)

    j.go("/rankings/")
    assert page.locator("h1").inner_text().startswith("平台如何回应")
    j.shot("rankings")
    # The demo's platforms have dozens of members in their campaigns: enough to be ranked.
    rows = page.locator("table.ranking-table tbody tr")
    assert rows.count() >= 2
    assert biggest in page.locator("table.ranking-table").inner_text()
    assert rows.first.get_by_role("link", name="回应权").count() == 1
    page.locator("select[name=period]").select_option("year")
    page.get_by_role("button", name="显示").click()
    page.wait_for_load_state()
    assert "period=year" in page.url
    j.shot("rankings-year")

    page.get_by_role("link", name="各项数字的计算方法").click()
    page.wait_for_load_state()
    assert "中位数" in page.content() and "不足 5 人" in page.content()
    j.shot("methodology")
