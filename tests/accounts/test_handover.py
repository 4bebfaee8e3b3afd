"""An organizer who goes (deleted, suspended) never leaves a campaign without anyone to run it."""

from __future__ import annotations

import pytest

from complaints.campaigns.models import Membership
from complaints.campaigns.selectors import organizer_successor
from complaints.campaigns.services import membership_leave, organizer_handover
from complaints.core.models import AuditEvent
from tests.factories import CampaignFactory, join, organize

pytestmark = pytest.mark.django_db


def role(membership: Membership) -> str:
    return Membership.objects.get(pk=membership.pk).role


def test_longest_standing_active_member_takes_over_a_campaign_with_one_organizer():
    campaign = CampaignFactory()
    leaving = organize(campaign)
    first = join(campaign)
    gone = join(campaign)
    join(campaign)
    membership_leave(actor=gone.user, membership=gone)

    assert organizer_successor(campaign, leaving.user).pk == first.pk
    handed = organizer_handover(actor=None, user=leaving.user, reason="account deletion")

    assert [c.pk for c in handed] == [campaign.pk]
    assert role(first) == Membership.Role.ORGANIZER
    event = AuditEvent.objects.get(action="campaign.organizer_handover", target_id=str(campaign.pk))
    assert event.reason == "account deletion"
    assert event.data == {"from_user": leaving.user.pk, "to_membership": first.pk}


def test_campaign_with_another_organizer_is_not_handed_over():
    campaign = CampaignFactory()
    leaving = organize(campaign)
    plain = join(campaign)
    co = organize(campaign)

    assert organizer_successor(campaign, leaving.user).pk == co.pk
    assert organizer_handover(actor=leaving.user, user=leaving.user, reason="x") == []
    assert role(plain) == Membership.Role.MEMBER
    assert not AuditEvent.objects.filter(action="campaign.organizer_handover").exists()


def test_nothing_happens_for_a_sole_member_or_a_plain_member():
    alone = CampaignFactory()
    organizer = organize(alone)
    elsewhere = CampaignFactory()
    organize(elsewhere)
    plain = join(elsewhere, organizer.user)

    assert organizer_successor(alone, organizer.user) is None
    assert organizer_handover(actor=None, user=organizer.user, reason="x") == []
    assert role(plain) == Membership.Role.MEMBER


def test_handover_is_idempotent():
    campaign = CampaignFactory()
    leaving = organize(campaign)
    successor = join(campaign)
    assert len(organizer_handover(actor=None, user=leaving.user, reason="x")) == 1
    # The successor is now another organizer: a second run has nothing to do.
    assert organizer_handover(actor=None, user=leaving.user, reason="x") == []
    assert role(successor) == Membership.Role.ORGANIZER
