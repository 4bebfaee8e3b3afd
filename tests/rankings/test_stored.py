"""The ranking page reads the rankings the nightly snapshot task counted, and says when they were counted."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints.campaigns.models import Platform, Sector
from complaints.rankings import selectors
from complaints.rankings.models import PlatformSnapshot, Ranking
from complaints.rankings.periods import PERIODS, period_months
from complaints.rankings.services import rankings_write
from complaints.rankings.tasks import snapshots_task
from tests.factories import PlatformFactory

pytestmark = pytest.mark.django_db


def test_the_stored_rankings_are_the_rankings_counted_from_the_snapshots(world):
    snapshots_task.delay()
    for period in PERIODS:
        for sector in ("", *Sector.values):
            stored = selectors.ranking_view(sector=sector, period=period)
            assert stored.computed_at is not None
            assert stored.page.object_list == selectors.ranking(sector=sector, period=period)
            months = period_months(period)
            assert (stored.first_month, stored.last_month) == (months[0], months[-1])


def test_the_page_shows_the_nightly_count_and_says_when_it_was_counted(client, world):
    snapshots_task.delay()
    counted_at = Ranking.objects.get(sector="", period="30d").computed_at
    # A change to the snapshots reaches the page with the next count (nightly, as the page says).
    PlatformSnapshot.objects.filter(platform=world.big).update(outcomes_made_whole=0)
    html = client.get(reverse("rankings:list")).content.decode()
    assert "60.0%" in html and "Haoduo Mall" in html
    assert "the rankings are counted again every night" in html
    zh = Client(headers={"Accept-Language": "zh-hans"}).get(reverse("rankings:list")).content.decode()
    assert "排名每晚重新统计" in zh
    rankings_write()
    assert Ranking.objects.get(sector="", period="30d").computed_at > counted_at
    assert "60.0%" not in client.get(reverse("rankings:list")).content.decode()


def test_a_platform_taken_out_of_the_directory_leaves_the_ranking_at_once(client, world):
    snapshots_task.delay()
    Platform.objects.filter(pk=world.big.pk).update(status=Platform.Status.MERGED)
    assert "Haoduo Mall" not in client.get(reverse("rankings:list")).content.decode()


def test_a_page_of_the_stored_ranking_costs_a_few_queries_for_any_number_of_platforms(
    client, settings, db, django_assert_max_num_queries
):
    settings.TONGSU_RANKINGS_MIN_MEMBERS = 5
    month = period_months("30d")[-1]
    for i in range(120):
        platform = PlatformFactory(
            slug=f"p{i:03d}", name=f"平台{i:03d}", name_en=f"P{i:03d}", sector="travel"
        )
        PlatformSnapshot.objects.create(
            platform=platform, month=month, members_total=100 + i, deadlines_due=4, answered_on_time=i % 5
        )
    rankings_write()
    with django_assert_max_num_queries(3):
        html = client.get(reverse("rankings:list"), {"sector": "travel", "page": 2}).content.decode()
    assert html.count("Right to reply") == 50
