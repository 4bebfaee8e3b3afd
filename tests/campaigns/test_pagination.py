"""Long public lists read a page's ids first, then its rows: the visitor sees the same pages either way."""

from __future__ import annotations

import pytest

from complaints.campaigns import selectors
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["", "充值"])
def test_every_page_read_ids_first_is_the_page_read_at_once(platform, query):
    for i in range(45):
        CampaignFactory(
            platform=platform, title=f"充值未到账 {i}" if i % 2 else f"账号冻结 {i}", members_count=i % 7
        )
    campaigns = selectors.campaign_list(query=query, language="zh-hans")
    plain = selectors.paginate(campaigns, 1)
    assert plain.paginator.num_pages >= 2
    for number in range(1, plain.paginator.num_pages + 1):
        at_once = [c.pk for c in selectors.paginate(campaigns, number).object_list]
        two_steps = selectors.paginate(campaigns, number, ids_first=True)
        assert [c.pk for c in two_steps.object_list] == at_once
        assert all(c.platform.name == platform.name for c in two_steps.object_list)  # rows come whole
    assert selectors.paginate(campaigns, "999", ids_first=True).number == plain.paginator.num_pages
