"""The filings review queue takes part in claims: a filing another moderator holds cannot be decided."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.filings import services
from complaints.filings.models import Filing
from complaints.moderation.models import Claim
from tests.factories import CampaignFactory, ModeratorFactory, RegulatorFactory, join, organize
from tests.filings.conftest import make_filing

pytestmark = pytest.mark.django_db


def test_a_filing_held_by_another_moderator_cannot_be_approved(client):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="100", include_in_filings=True)
    join(campaign, amount="50", include_in_filings=True)
    filing = make_filing(campaign, organizer, RegulatorFactory())
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    holder, other = ModeratorFactory(display_name="Mod Sun"), ModeratorFactory()
    client.force_login(holder)
    client.post(reverse("moderation:claim", args=["filings.filing", filing.pk]))
    assert "You are working on this" in client.get(reverse("filings:queue")).content.decode()

    client.force_login(other)
    response = client.post(
        reverse("filings:review", args=[filing.pk]), {"decision": "approve", "comment": ""}, follow=True
    )
    assert "Mod Sun is working on this item" in response.content.decode()
    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.AWAITING_APPROVAL

    client.force_login(holder)
    client.post(reverse("filings:review", args=[filing.pk]), {"decision": "approve", "comment": ""})
    assert Filing.objects.get(pk=filing.pk).status == Filing.Status.APPROVED
    assert not Claim.objects.exists(), "deciding releases the claim"
