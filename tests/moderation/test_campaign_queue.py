"""The new-campaign queue: only moderators see it and act; every decision is an audit event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.campaigns.models import Campaign, Membership
from complaints.core.models import AuditEvent
from tests.factories import CampaignFactory, ModeratorFactory, PlatformFactory, UserFactory, join

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(platform):
    campaign = CampaignFactory(platform=platform, status="open", title="好多商城注销清零（重复）")
    organizer = join(campaign, amount=500)
    Membership.objects.filter(pk=organizer.pk).update(role="organizer")
    Campaign.objects.filter(pk=campaign.pk).update(status="pending")
    campaign.refresh_from_db()
    return campaign


def mod_url(name, campaign=None):
    return reverse(f"moderation:{name}", args=[campaign.slug] if campaign else [])


@pytest.mark.parametrize("path", ["index", "campaigns"])
def test_queue_is_invisible_to_everyone_but_moderators(client, pending, organizer, path):
    assert reverse("account_login") in client.get(mod_url(path))["Location"]
    for user in (UserFactory(), organizer):
        client.force_login(user)
        assert client.get(mod_url(path)).status_code == 404
    client.force_login(ModeratorFactory())
    assert client.get(mod_url(path)).status_code == 200


def test_index_lists_the_queue_with_what_is_waiting(client, pending):
    client.force_login(ModeratorFactory())
    page = client.get(mod_url("index")).content.decode()
    assert "New campaigns" in page and "1 waiting" in page
    page = client.get(mod_url("campaigns")).content.decode()
    assert pending.title in page


def test_moderator_approves_and_the_campaign_opens(client, pending):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert client.get(mod_url("campaign_approve", pending)).status_code == 405
    response = client.post(mod_url("campaign_approve", pending), {"approve-reason": "清楚具体"})
    assert response["Location"] == mod_url("campaigns")
    assert Campaign.objects.get(pk=pending.pk).status == "open"
    event = AuditEvent.objects.get(action="campaign.approve")
    assert event.actor == moderator and event.target_id == str(pending.pk) and event.reason == "清楚具体"
    client.logout()
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_reject_needs_a_reason_the_organizer_then_sees(client, pending):
    client.force_login(ModeratorFactory())
    client.post(mod_url("campaign_reject", pending), {"reject-reason": ""})
    assert Campaign.objects.get(pk=pending.pk).status == "pending"
    client.post(mod_url("campaign_reject", pending), {"reject-reason": "请补充具体经过"})
    assert Campaign.objects.get(pk=pending.pk).status == "rejected"
    assert AuditEvent.objects.get(action="campaign.reject").reason == "请补充具体经过"
    organizer = Membership.objects.get(campaign=pending).user
    client.force_login(organizer)
    assert "请补充具体经过" in client.get(pending.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["outsider", "organizer"])
def test_non_moderators_cannot_decide(client, pending, who):
    user = UserFactory() if who == "outsider" else Membership.objects.get(campaign=pending).user
    client.force_login(user)
    for name, data in (("campaign_approve", {}), ("campaign_reject", {"reject-reason": "x"})):
        assert client.post(mod_url(name, pending), data).status_code == 404
    assert Campaign.objects.get(pk=pending.pk).status == "pending"
    assert not AuditEvent.objects.filter(action__startswith="campaign.a").exists()


def test_merge_moves_members_and_the_old_address_leads_to_the_target(
    client, pending, campaign, organizer, member
):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    page = client.get(mod_url("campaign", pending)).content.decode()
    assert campaign.title in page, "the open campaign of the same platform is suggested"
    response = client.post(
        mod_url("campaign_merge", pending), {"merge-target": campaign.slug, "merge-reason": "重复"}
    )
    assert response["Location"] == mod_url("campaigns")
    source = Campaign.objects.get(pk=pending.pk)
    assert source.status == "merged" and source.merged_into_id == campaign.pk
    moved = Membership.objects.get(merged_from=source)
    assert moved.campaign_id == campaign.pk and moved.pseudonym_number == 3
    assert Campaign.objects.get(pk=campaign.pk).members_count == 3
    event = AuditEvent.objects.get(action="campaign.merge")
    assert event.actor == moderator and event.data["moved"] == 1
    client.force_login(moved.user)
    assert client.get(pending.get_absolute_url())["Location"] == campaign.get_absolute_url()
    page = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "merged into this campaign" in page


def test_merge_target_must_be_an_open_campaign(client, pending, platform):
    closed = CampaignFactory(platform=platform, status="closed")
    client.force_login(ModeratorFactory())
    for target in (closed.slug, pending.slug, "no-such-campaign"):
        client.post(mod_url("campaign_merge", pending), {"merge-target": target})
        assert Campaign.objects.get(pk=pending.pk).status == "pending", target


def test_merge_suggestions_and_merges_stay_within_the_same_platform(client, pending, campaign):
    other = PlatformFactory(slug="xinyuan", name="心缘直播", name_en="Xinyuan Live", aliases=[])
    # Same words, another company: the text search used to offer it.
    elsewhere = CampaignFactory(platform=other, title="心缘直播注销清零充值", summary=pending.summary)
    client.force_login(ModeratorFactory())
    page = client.get(mod_url("campaign", pending)).content.decode()
    assert campaign.title in page and elsewhere.title not in page
    response = client.post(mod_url("campaign_merge", pending), {"merge-target": elsewhere.slug})
    assert response["Location"] == mod_url("campaign", pending)
    page = client.get(response["Location"]).content.decode()
    assert "These campaigns are about different platforms" in page
    assert Campaign.objects.get(pk=pending.pk).status == "pending"
    assert not Membership.objects.filter(campaign=elsewhere).exists()
    assert not AuditEvent.objects.filter(action="campaign.merge").exists()


def test_a_campaign_with_a_pending_name_of_a_directory_platform_is_offered_its_campaigns(client, platform):
    named = PlatformFactory(slug="haoduo-app", name="好多购物", name_en="", aliases=[], status="pending")
    waiting = CampaignFactory(platform=named, status="pending", title="好多购物退款")
    target = CampaignFactory(platform=platform, title="好多商城会员退款")
    unrelated = CampaignFactory(title="好多购物退款问题")
    client.force_login(ModeratorFactory())
    page = client.get(mod_url("campaign", waiting)).content.decode()
    assert target.title in page and unrelated.title not in page
    client.post(mod_url("campaign_merge", waiting), {"merge-target": target.slug})
    assert Campaign.objects.get(pk=waiting.pk).merged_into_id == target.pk


def test_merge_accepts_a_pasted_address(client, pending, campaign):
    client.force_login(ModeratorFactory())
    client.post(
        mod_url("campaign_merge", pending),
        {"merge-target": f"http://127.0.0.1:8000/campaigns/{campaign.slug}/"},
    )
    assert Campaign.objects.get(pk=pending.pk).merged_into_id == campaign.pk


def test_moderator_sees_pending_campaign_page_with_a_review_link(client, pending):
    client.force_login(ModeratorFactory())
    page = client.get(pending.get_absolute_url()).content.decode()
    assert mod_url("campaign", pending) in page
