"""J9: a visitor searches the campaigns and reads one with a year of monthly joins; the layout check on every
screenshot (conftest.LAYOUT_CHECK) fails on stacked characters ("搜\\n索"), sideways scrolling and chart
labels running together (issue #20, item 8)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e


def _campaign_with_a_year_of_joins(stack) -> str:
    """The biggest open demo campaign, given twelve months of joins (seeding what the journey need not show)."""
    return stack.shell(
        "from complaints.campaigns.models import Campaign\n"
        "c = Campaign.objects.filter(status='open').order_by('-members_count').first()\n"
        "months = {f'2025-{m:02d}': 40 + m for m in range(4, 13)} | {f'2026-{m:02d}': 60 + m for m in range(1, 4)}\n"
        "Campaign.objects.filter(pk=c.pk).update(joins_by_month=months)\n"
        "from django.core.cache import cache\n"
        "cache.clear()\n"
        "print(c.slug)"
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_searches_and_reads_a_campaign_with_its_charts(journey, stack, language, viewport):
    j = journey("browse", language, viewport)
    page = j.page
    slug = _campaign_with_a_year_of_joins(stack)

    j.go("/campaigns/")
    j.shot("list")
    page.locator("input[name=q]").fill(j.t("充值", "top-up"))
    page.locator("input[name=q] ~ button[type=submit]").first.click()
    page.wait_for_load_state()
    j.shot("searched")

    j.go(f"/campaigns/{slug}/")
    assert page.locator("svg.chart").count() >= 1
    j.shot("campaign-with-charts")
