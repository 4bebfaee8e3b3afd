"""Who may do what with mandates: organizers publish the text, a member signs and revokes their own.

A signed mandate (its PDF, its identity) is its signer's alone: anyone else, organizers and moderators
included, gets "not found" for it, never "forbidden".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.permissions import (
    can_manage_campaign,
    get_campaign_for_user,
    get_membership_for_user,
)
from complaints.mandates.models import Mandate


def can_publish_mandate(user, campaign: Campaign) -> bool:
    return can_manage_campaign(user, campaign)


def get_campaign_for_mandate(user, slug: str, *, write: bool = False) -> Campaign:
    """The campaign whose mandate text is shown (anyone who may see the campaign) or published (organizers)."""
    return get_campaign_for_user(user, slug, write=write)


def get_membership_to_sign(user, slug: str) -> Membership:
    """The viewer's own active membership, to sign the campaign's mandate with."""
    campaign = get_campaign_for_user(user, slug)
    membership = get_membership_for_user(user, campaign, write=True)
    if not campaign.is_open:
        raise PermissionDenied
    return membership


def get_mandate_for_user(user, pk: int) -> Mandate:
    """A person's own signed mandate; anyone else's is not found."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        Mandate.objects.select_related("text", "membership__campaign"), pk=pk, membership__user=user
    )
