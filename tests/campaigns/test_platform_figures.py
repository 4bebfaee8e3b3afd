"""A platform's page adds up only what its campaigns' own pages show: a campaign of 1-4 members is counted in
no total, else the total less the sizes shown beside it would tell that campaign's size."""

from __future__ import annotations

import re

import pytest

from complaints.campaigns.selectors import platform_figures
from tests.factories import CampaignFactory, bulk_members

pytestmark = pytest.mark.django_db


def _figures(client, platform) -> list[str]:
    body = client.get(platform.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = body[
        body.index('<section class="figures"') : body.index("</section>", body.index('class="figures"'))
    ]
    return re.findall(r"<strong>([^<]*)</strong>", section), body


def test_a_small_campaign_is_not_in_the_platform_total(client, platform):
    bulk_members(CampaignFactory(platform=platform), 9)
    bulk_members(CampaignFactory(platform=platform), 3)
    shown, body = _figures(client, platform)
    assert shown[0] == "9"  # not 12: 12 less the 9 shown on the other campaign's card would give the 3
    assert "12" not in shown
    assert "Not counted in these figures: 1 campaign with fewer than 5 members" in body


def test_only_small_campaigns_show_no_figure_rather_than_zero(client, platform):
    bulk_members(CampaignFactory(platform=platform), 3)
    bulk_members(CampaignFactory(platform=platform), 4)
    shown, body = _figures(client, platform)
    assert shown[0] == "–" and "0" not in shown[0]
    assert "2 campaigns with fewer than 5 members each" in body


def test_the_made_whole_share_leaves_out_campaigns_whose_own_share_is_hidden(platform):
    shown_share = CampaignFactory(platform=platform)
    bulk_members(shown_share, 10)
    hidden_share = CampaignFactory(platform=platform)
    bulk_members(hidden_share, 8)
    type(shown_share).objects.filter(pk=shown_share.pk).update(confirmed_resolved_count=5)
    type(hidden_share).objects.filter(pk=hidden_share.pk).update(confirmed_resolved_count=2)  # 2 of 8: hidden
    figures = platform_figures(platform)
    assert figures.members == 18
    # The hidden campaign's 2 are in no sum; and while its own page says "–" the platform's share says "–" too
    # (a share of the other campaign only would read as the platform's).
    assert (figures.resolved, figures.resolved_of, figures.resolved_share) == (5, 10, None)
    type(hidden_share).objects.filter(pk=hidden_share.pk).update(confirmed_resolved_count=0)
    assert platform_figures(platform).resolved_share == round(100 * 5 / 18)


def test_a_platform_without_public_campaigns_shows_no_figure_and_no_campaign(client, platform):
    CampaignFactory(platform=platform, status="pending", title="还在审核的集体投诉")
    figures = platform_figures(platform)
    assert (figures.members, figures.total_claimed, figures.campaigns, figures.uncounted) == (0, 0, 0, 0)
    shown, body = _figures(client, platform)
    assert shown[0] == "–" and "还在审核的集体投诉" not in body
    assert "No campaign against this platform yet." in body
