"""The campaign page reads what its panels show (goal, joined today, invite joins, followers, purchases verified)
in one query, and shows the same figures as each panel counting alone."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.campaigns import panels
from complaints.campaigns.models import Membership
from complaints.outreach.models import CampaignGoal, Follow, Invite
from complaints.proofs.models import CampaignKey
from tests.factories import UserFactory, bulk_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(campaign, member):
    bulk_members(campaign, 12)
    CampaignGoal.objects.create(campaign=campaign, members_wanted=300)
    Invite.objects.create(campaign=campaign, inviter=member, token="t" * 20, joins_count=7)
    Follow.objects.bulk_create(Follow(user=UserFactory(), campaign=campaign) for _ in range(6))
    CampaignKey.objects.create(campaign=campaign, verified_members=8)
    # Three of the members joined yesterday: "joined today" counts from midnight, local time.
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    earlier = Membership.objects.filter(campaign=campaign).order_by("-pk")[:3]
    Membership.objects.filter(pk__in=[m.pk for m in earlier]).update(joined_at=yesterday)
    campaign.refresh_from_db()
    return campaign


def test_a_visitor_sees_every_panel_figure_read_in_one_query(client, busy):
    today = Membership.objects.filter(
        campaign=busy,
        status="active",
        joined_at__gte=timezone.localtime().replace(hour=0, minute=0, second=0),
    ).count()
    assert today >= 5
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("campaigns:detail", args=[busy.slug])).content.decode()
    assert f"{today} joined today" in page
    assert "Goal: 300 members before the next filing" in page
    assert "7 joined through members' invite links" in page
    assert "6 people follow this campaign." in page
    assert "8 members' purchases verified" in page
    # The campaign, its panels' figures and its timeline.
    assert len(ctx.captured_queries) == 3


def test_each_figure_is_the_one_its_panel_counts_alone(busy):
    figures = panels.page_figures(busy.pk)
    assert {
        name: figures[name] for name in ("outreach_goal", "outreach_invite_joins", "proofs_verified")
    } == {
        "outreach_goal": 300,
        "outreach_invite_joins": 7,
        "proofs_verified": 8,
    }
    assert figures["outreach_followers"] == Follow.objects.filter(campaign=busy).count()
    assert figures["outreach_joined_today"] == busy.memberships.count() - 3
    assert figures["mandates_text"] is False and figures["replies_figures"] is False


def test_a_campaign_without_any_of_them_reads_zeros_and_shows_no_panel(client, campaign):
    figures = panels.page_figures(campaign.pk)
    assert figures["outreach_goal"] is None and figures["proofs_verified"] is None
    assert figures["outreach_followers"] == figures["outreach_invite_joins"] == 0
    page = client.get(reverse("campaigns:detail", args=[campaign.slug])).content.decode()
    assert "purchases verified" not in page and "joined through members' invite links" not in page


def test_joined_today_starts_again_at_midnight(busy):
    assert panels.page_figures(busy.pk)["outreach_joined_today"] == busy.memberships.count() - 3
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", autospec=True, return_value=tomorrow):
        assert panels.page_figures(busy.pk)["outreach_joined_today"] == 0
