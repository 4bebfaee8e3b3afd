"""An organizer closes a campaign: the members get the closing note, nobody new can join, retention starts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.campaigns import services
from complaints.campaigns.models import Campaign, CampaignUpdate, Membership
from complaints.core.models import AuditEvent
from complaints.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def close(client, campaign, reason="平台已全额退款，活动结束。"):
    return client.post(reverse("campaigns:close", args=[campaign.slug]), {"reason": reason})


def test_organizer_closes_and_every_member_gets_the_note(
    client, campaign, organizer, member, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = close(client, campaign)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED and campaign.closed_at is not None
    update = CampaignUpdate.objects.get(campaign=campaign)
    assert update.body == "平台已全额退款，活动结束。"
    assert Notification.objects.filter(recipient=member, kind="update_posted").count() == 1
    assert AuditEvent.objects.filter(action="campaign.close", actor=organizer).count() == 1


def test_a_closed_campaign_takes_no_new_members(client, campaign, organizer):
    client.force_login(organizer)
    close(client, campaign)
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(reverse("campaigns:join", args=[campaign.slug]), {"amount": "10", "currency": "CNY"})
    assert not Membership.objects.filter(campaign=campaign, user=newcomer).exists()


def test_an_empty_note_is_refused_and_changes_nothing(client, campaign, organizer):
    client.force_login(organizer)
    response = close(client, campaign, reason="   ")
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN and campaign.closed_at is None


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_an_organizer_can_close(client, campaign, organizer, member, who):
    client.force_login(member if who == "member" else UserFactory())
    response = close(client, campaign)
    assert response.status_code in (403, 404)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN


def test_a_closed_campaign_cannot_be_closed_again(client, campaign, organizer):
    client.force_login(organizer)
    close(client, campaign)
    response = close(client, campaign, reason="again")
    assert response.status_code == 403
    assert CampaignUpdate.objects.filter(campaign=campaign).count() == 1


def test_the_retention_notice_of_a_campaign_is_claimed_once(campaign):
    now = timezone.now()
    assert services.campaign_retention_notice_claim(campaign_id=campaign.pk, now=now) is True
    assert services.campaign_retention_notice_claim(campaign_id=campaign.pk, now=now) is False
    campaign.refresh_from_db()
    assert campaign.retention_notice_at == now
