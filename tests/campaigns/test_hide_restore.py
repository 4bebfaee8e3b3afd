"""A moderator hides a reported campaign and can put it back; only a moderator can, and it is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from complaints.campaigns import selectors, services
from complaints.campaigns.models import Campaign
from complaints.core.models import AuditEvent


def _public_titles(query: str) -> list[str]:
    return list(selectors.campaign_list(query=query).values_list("title", flat=True))


def test_hidden_campaign_leaves_public_pages_and_search_and_restore_brings_it_back(
    client, campaign, organizer, moderator
):
    assert _public_titles("充值") == [campaign.title]
    services.campaign_hide(actor=moderator, campaign=campaign, reason="advertising")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.REJECTED and campaign.rejection_reason == "advertising"
    assert _public_titles("充值") == []
    assert client.get(campaign.get_absolute_url()).status_code == 404

    services.campaign_restore(actor=moderator, campaign=campaign, reason="the report was wrong")
    assert campaign.status == Campaign.Status.OPEN and campaign.rejection_reason == ""
    assert _public_titles("充值") == [campaign.title]
    assert client.get(campaign.get_absolute_url()).status_code == 200
    event = AuditEvent.objects.get(action="campaign.restore")
    assert (event.actor, event.target_id, event.reason) == (
        moderator,
        str(campaign.pk),
        "the report was wrong",
    )


def test_a_closed_campaign_hidden_and_restored_is_closed_again(campaign, organizer, moderator):
    services.campaign_close(actor=organizer, campaign=campaign, reason="Refunds were paid.")
    services.campaign_hide(actor=moderator, campaign=campaign, reason="spam")
    services.campaign_restore(actor=moderator, campaign=campaign, reason="not spam")
    assert campaign.status == Campaign.Status.CLOSED


def test_only_moderators_hide_or_restore_and_only_a_hidden_campaign_is_restored(
    campaign, organizer, moderator
):
    organizer_user = organizer
    with pytest.raises(PermissionDenied):
        services.campaign_hide(actor=organizer_user, campaign=campaign, reason="mine")
    with pytest.raises(services.CampaignError):
        services.campaign_restore(actor=moderator, campaign=campaign, reason="it is open")
    services.campaign_hide(actor=moderator, campaign=campaign, reason="spam")
    with pytest.raises(PermissionDenied):
        services.campaign_restore(actor=organizer_user, campaign=campaign, reason="mine again")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.REJECTED
