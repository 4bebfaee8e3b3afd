"""A rejected campaign is not a dead end: its organizer corrects what the moderator asked and sends it again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.campaigns.models import Campaign, Membership, Platform
from complaints.core.models import AuditEvent
from tests.factories import CampaignFactory, ModeratorFactory, UserFactory, join

pytestmark = pytest.mark.django_db
REASON = "查不到这个App，请补充应用商店链接或公司名称"


@pytest.fixture
def rejected(db):
    """The 甜心交友 campaign, rejected with the platform it named."""
    organizer = UserFactory()
    platform = Platform.objects.create(
        slug="tianxin-1a2b3c",
        name="甜心交友",
        status=Platform.Status.REJECTED,
        rejection_reason=REASON,
        proposed_by=organizer,
    )
    campaign = CampaignFactory(platform=platform, title="甜心交友会员扣费", status="open")
    membership = join(campaign, organizer, amount=199)
    Membership.objects.filter(pk=membership.pk).update(role="organizer")
    Campaign.objects.filter(pk=campaign.pk).update(status="rejected", rejection_reason=REASON)
    campaign.refresh_from_db()
    return campaign, organizer


def resubmit_url(campaign):
    return reverse("campaigns:resubmit", args=[campaign.slug])


def test_the_rejected_page_offers_one_way_forward_and_no_evidence_upload(client, rejected):
    campaign, organizer = rejected
    client.force_login(organizer)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert REASON in page
    assert f'href="{resubmit_url(campaign)}" role="button">Correct and resubmit' in page
    assert "Add my evidence" not in page
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert (
        f'<a href="{resubmit_url(campaign)}" role="button" data-next-action>Correct and resubmit</a>'
        in dashboard
    )


def test_the_organizer_corrects_the_platform_and_texts_and_moderators_see_it_again(client, rejected):
    campaign, organizer = rejected
    client.force_login(organizer)
    form = client.get(resubmit_url(campaign)).content.decode()
    assert REASON in form and 'value="甜心交友"' in form
    response = client.post(
        resubmit_url(campaign),
        {
            "title": "甜心交友App会员自动扣费",
            "summary": "开通会员后每月自动扣费，无法取消。",
            "demands": "退还扣费",
            "platform_name": "甜心交友",
            "platform_where": "甜心交友-同城聊天（App Store）",
            "platform_company": "某某网络科技有限公司",
        },
    )
    assert response["Location"] == campaign.get_absolute_url()
    campaign.refresh_from_db()
    platform = Platform.objects.get(pk=campaign.platform_id)
    assert campaign.status == "pending" and campaign.title == "甜心交友App会员自动扣费"
    assert platform.status == "pending" and platform.legal_entity == "某某网络科技有限公司"
    assert platform.aliases == ["甜心交友-同城聊天（App Store）"]
    event = AuditEvent.objects.get(action="campaign.resubmit")
    assert event.actor == organizer and event.data["earlier_reason"] == REASON

    client.force_login(ModeratorFactory())
    queue = client.get(reverse("moderation:campaigns")).content.decode()
    assert "甜心交友App会员自动扣费" in queue and "resubmitted" in queue and REASON in queue
    review = client.get(reverse("moderation:campaign", args=[campaign.slug])).content.decode()
    assert "Resubmitted after corrections." in review and "某某网络科技有限公司" in review


def test_bad_corrections_change_nothing(client, rejected):
    campaign, organizer = rejected
    client.force_login(organizer)
    response = client.post(
        resubmit_url(campaign),
        {
            "title": "t",
            "summary": "s",
            "platform_name": "我的会员被扣了328元，客服不理",
            "platform_where": "",
        },
    )
    assert response.status_code == 200 and "not a name" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "rejected" and campaign.platform.status == "rejected"
    assert not AuditEvent.objects.filter(action="campaign.resubmit").exists()


def test_only_the_organizer_of_a_rejected_campaign_may_resubmit(client, rejected):
    campaign, _organizer = rejected
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    member = join(campaign).user
    Campaign.objects.filter(pk=campaign.pk).update(status="rejected")
    for user in (member, UserFactory(), ModeratorFactory()):
        client.force_login(user)
        response = client.post(resubmit_url(campaign), {"title": "x", "summary": "y"})
        assert response.status_code in (403, 404)
    open_campaign = CampaignFactory()
    organizer = join(open_campaign).user
    Membership.objects.filter(campaign=open_campaign).update(role="organizer")
    client.force_login(organizer)
    assert client.get(resubmit_url(open_campaign)).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == "rejected"


def test_a_resubmitted_campaign_rejected_again_tells_the_organizer_again(
    client, rejected, django_capture_on_commit_callbacks
):
    from complaints.campaigns import services
    from complaints.notifications.kinds import Kind
    from complaints.notifications.models import Notification

    campaign, organizer = rejected
    moderator = ModeratorFactory()
    for reason in ("第一次：查不到这个App", "第二次：仍然查不到公司"):
        Campaign.objects.filter(pk=campaign.pk).update(status="pending")
        with django_capture_on_commit_callbacks(execute=True):
            services.campaign_reject(actor=moderator, campaign=campaign, reason=reason)
    told = Notification.objects.filter(kind=Kind.CAMPAIGN_REJECTED, recipient=organizer)
    assert sorted(n.params["reason"] for n in told) == ["第一次：查不到这个App", "第二次：仍然查不到公司"]


def test_the_moderators_are_told_of_a_resubmitted_campaign(
    client, rejected, django_capture_on_commit_callbacks
):
    from complaints.notifications.models import Notification

    campaign, organizer = rejected
    moderator = ModeratorFactory()
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            resubmit_url(campaign),
            {
                "title": "甜心交友会员扣费",
                "summary": "每月自动扣费。",
                "demands": "",
                "platform_name": "甜心交友",
            },
        )
    waiting = Notification.objects.filter(
        recipient=moderator, kind="moderation_waiting", read_at__isnull=True, target_id=str(campaign.pk)
    )
    assert waiting.count() == 1, "the corrected campaign is waiting again, and its moderators hear of it"
