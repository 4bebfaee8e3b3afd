"""The rankings page and its methodology, as a visitor sees them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.services import campaign_recount
from complaints.rankings import selectors
from complaints.rankings.figures import add_up, public_figures
from complaints.rankings.models import PlatformSnapshot
from complaints.rankings.periods import add_months, period_months
from complaints.rankings.tasks import snapshots_task
from tests.factories import CampaignFactory, PlatformFactory, bulk_members
from tests.rankings.conftest import at

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_the_big_platform_ranked_with_its_right_to_reply_and_not_the_small_one(client, world):
    snapshots_task.delay()
    page = client.get(reverse("rankings:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Haoduo Mall" in html and "Little Wallet" not in html
    # 12 of 20 made whole; the one deadline met.
    assert "60.0%" in html and "100.0%" in html
    assert "2,400.00" in html
    assert reverse("campaigns:platform", args=["haoduo"]) in html
    assert "Right to reply" in html
    assert reverse("rankings:methodology") in html


def test_the_sector_and_period_choose_the_platforms(client, world):
    snapshots_task.delay()
    assert "Haoduo Mall" not in client.get(reverse("rankings:list"), {"sector": "payment"}).content.decode()
    year = client.get(reverse("rankings:list"), {"sector": "ecommerce", "period": "year"}).content.decode()
    assert "Haoduo Mall" in year
    # Unknown values fall back to every sector and the last month rather than failing.
    assert client.get(reverse("rankings:list"), {"sector": "<x>", "period": "decade"}).status_code == 200


def test_a_platform_whose_resolution_share_is_hidden_ranks_after_one_with_a_share(world):
    other = PlatformFactory(slug="dada", name="大大", name_en="Dada", sector="ecommerce")
    bulk_members(CampaignFactory(platform=other), 40)
    Membership.objects.filter(campaign__platform=other).update(joined_at=at(world.month.replace(day=4)))
    for campaign in Campaign.objects.filter(
        memberships__in=Membership.objects.filter(campaign__platform=other)
    ).distinct():
        campaign_recount(campaign=campaign)
    snapshots_task.delay()
    rows = selectors.ranking(period="30d")
    assert [r.slug for r in rows] == ["haoduo", "dada"]
    assert rows[1].figures["resolution_share"] is None and rows[1].figures["members_joined"] == 40
    assert rows[0].outcomes_counted and not rows[1].outcomes_counted  # "–", not "not shown"


def test_the_page_is_in_chinese_for_a_chinese_reader_and_the_methodology_in_both(world):
    snapshots_task.delay()
    zh = Client(headers={"Accept-Language": "zh-hans"})
    page = zh.get(reverse("rankings:list")).content.decode()
    assert "好多商城" in page and "排名" in page
    methodology = zh.get(reverse("rankings:methodology")).content.decode()
    assert "中位数" in methodology and "工作日" in methodology
    english = Client(headers={"Accept-Language": "en"}).get(reverse("rankings:methodology")).content.decode()
    assert "median" in english and "fewer than 5 people" in english


def test_the_ranking_data_is_cached_for_a_short_time(settings, world, django_assert_max_num_queries):
    settings.TONGSU_RANKINGS_CACHE_SECONDS = 60
    snapshots_task.delay()
    first = selectors.cached_ranking(period="30d")
    with django_assert_max_num_queries(0):
        assert selectors.cached_ranking(period="30d") == first


def test_a_quarter_adds_up_the_same_as_its_three_monthly_snapshots(world):
    earlier = add_months(world.month, -1)
    more = list(Membership.objects.filter(campaign=world.big_campaign).order_by("-pk")[:6])
    Membership.objects.filter(pk__in=[m.pk for m in more]).update(joined_at=at(earlier.replace(day=8)))
    for campaign in Campaign.objects.filter(
        memberships__in=Membership.objects.filter(pk__in=[m.pk for m in more])
    ).distinct():
        campaign_recount(campaign=campaign)
    snapshots_task.delay()
    months = period_months("quarter")
    snaps = PlatformSnapshot.objects.filter(platform=world.big, month__in=months)
    assert snaps.count() == 2
    row = next(r for r in selectors.ranking(period="quarter") if r.slug == "haoduo")
    assert row.figures == public_figures(add_up(list(snaps), last_month=months[-1]))
    assert row.figures["members_joined"] == 30


def test_a_long_ranking_comes_in_pages_of_50_with_the_ranks_going_on(client, settings, db):
    settings.TONGSU_RANKINGS_MIN_MEMBERS = 5
    month = period_months("30d")[-1]
    for i in range(60):
        platform = PlatformFactory(
            slug=f"p{i:02d}", name=f"平台{i:02d}", name_en=f"Platform {i:02d}", sector="ecommerce"
        )
        PlatformSnapshot.objects.create(
            platform=platform,
            month=month,
            members_total=100 + i,
            members_joined=10,
            deadlines_due=1,
            answered_on_time=1,
        )
    first = client.get(
        reverse("rankings:list"), {"period": "30d"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert first.count("Right to reply") == 50
    assert (
        "Platform 59" in first and "Platform 00" not in first
    )  # the biggest first when nothing else differs
    assert "page=2" in first and "period=30d" in first
    second = client.get(reverse("rankings:list"), {"period": "30d", "page": 2}, HTTP_ACCEPT_LANGUAGE="en")
    html = second.content.decode()
    assert html.count("Right to reply") == 10 and "Platform 00" in html
    assert "<td>51</td>" in html and "<td>60</td>" in html


def test_a_platform_that_replies_the_day_its_campaign_is_published_reads_the_same_working_day(client, world):
    from complaints.replies.models import ReplyFigures

    ReplyFigures.objects.update_or_create(
        campaign=world.big_campaign,
        defaults={"first_reply_at": at(world.month.replace(day=4)), "first_reply_working_days": 0},
    )
    snapshots_task.delay()
    english = client.get(reverse("rankings:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "first reply: less than one working day" in english and "0 working days" not in english
    chinese = Client().get(reverse("rankings:list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "首次回复：不到 1 个工作日" in chinese


def test_a_platform_with_nothing_to_rank_it_by_gets_no_rank(client, settings, db):
    settings.TONGSU_RANKINGS_MIN_MEMBERS = 5
    month = period_months("30d")[-1]
    rated = PlatformFactory(slug="rated", name="有数据", name_en="Rated", sector="ecommerce")
    bigger = PlatformFactory(slug="bigger", name="更大", name_en="Bigger", sector="ecommerce")
    PlatformSnapshot.objects.create(
        platform=rated, month=month, members_total=10, deadlines_due=2, answered_on_time=1
    )
    PlatformSnapshot.objects.create(platform=bigger, month=month, members_total=900)
    rows = selectors.ranking(period="30d")
    assert [(r.slug, r.rank) for r in rows] == [("rated", 1), ("bigger", None)]
    html = client.get(reverse("rankings:list"), {"period": "30d"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not ranked: nothing to rank it by yet" in html and "<td>2</td>" not in html
