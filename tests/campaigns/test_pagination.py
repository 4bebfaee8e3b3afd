"""Long public lists read a page's ids first, then its rows: the visitor sees the same pages either way."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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


def test_a_deep_page_of_the_list_costs_the_queries_of_the_first(client, platform, django_assert_num_queries):
    for i in range(65):
        CampaignFactory(platform=platform, title=f"充值未到账 {i}", members_count=i % 9)
    url = reverse("campaigns:list")
    first = client.get(url, {"page": 1})
    pages = first.context["page"].paginator.num_pages
    assert pages == 4
    with CaptureQueriesContext(connection) as counted:
        client.get(url, {"page": 1})
    for number in range(2, pages + 1):
        with django_assert_num_queries(len(counted.captured_queries)):
            page = client.get(url, {"page": number})
        assert len(page.context["cards"]) == (5 if number == pages else 20)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_lists_order_walks_an_index_not_a_sort_of_every_campaign(platform, language):
    """The readable-first order is stored (readable_zh / readable_en) and indexed with the size: a deep page
    reads index entries instead of sorting every open campaign (issue 26)."""
    for i in range(30):
        CampaignFactory(platform=platform, title=f"充值未到账 {i}", members_count=i)
    ids = selectors.campaign_list(language=language).values_list("pk", flat=True)[500:520]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A table of 30 rows would be scanned and sorted anyway: with both off, the plan shows whether an
            # index serves this order (a sort stays in the plan when none does).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        plan = ids.explain()
    suffix = "zh" if language == "zh-hans" else "en"
    assert f"campaign_list_{suffix}" in plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan


def test_a_list_that_fits_on_one_page_is_read_in_one_query(platform, django_assert_num_queries):
    for i in range(7):
        CampaignFactory(platform=platform, title=f"账号冻结 {i}", members_count=i)
    campaigns = selectors.campaign_list(language="zh-hans")
    expected = [c.pk for c in selectors.paginate(campaigns, 1).object_list]
    with django_assert_num_queries(2):  # its length, then its rows
        page = selectors.paginate(campaigns, 1, ids_first=True)
        assert [c.pk for c in page.object_list] == expected
    with django_assert_num_queries(1):  # a length already known (a platform's figures count its campaigns)
        page = selectors.paginate(campaigns, 1, ids_first=True, count=7)
        assert [c.pk for c in page.object_list] == expected


def test_postgresql_vacuums_the_campaign_table_after_one_percent_of_it_changed():
    """Every join changes its campaign's row; the lists' index-only counts read a row for each page changed
    since the last vacuum, so the table is vacuumed after 1% changed, not PostgreSQL's default 20%."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage parameter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'campaigns_campaign'")
        (options,) = cursor.fetchone()
    assert "autovacuum_vacuum_scale_factor=0.01" in options
