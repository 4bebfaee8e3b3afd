"""Who may see and change offers: members and moderators read them, organizers record and open them.

Nobody, whatever their role, is ever shown who voted what: no accessor here reaches a ballot by voter.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.ballots.models import Offer
from complaints.campaigns.models import Campaign
from complaints.campaigns.permissions import (
    can_manage_campaign,
    get_campaign_for_user,
    is_active_member,
    is_moderator,
)


def can_view_offers(user, campaign: Campaign) -> bool:
    return is_active_member(user, campaign) or is_moderator(user)


def can_manage_offers(user, campaign: Campaign) -> bool:
    return campaign.status == Campaign.Status.OPEN and can_manage_campaign(user, campaign)


def can_view_offer(user, offer: Offer) -> bool:
    if offer.status == Offer.Status.DRAFT:
        return can_manage_offers(user, offer.campaign) or is_moderator(user)
    return can_view_offers(user, offer.campaign)


def get_campaign_offers_for_user(user, slug: str, *, write: bool = False) -> Campaign:
    campaign = get_campaign_for_user(user, slug)
    if not can_view_offers(user, campaign):
        raise Http404
    if write and not can_manage_offers(user, campaign):
        raise PermissionDenied
    return campaign


def get_offer_for_user(user, slug: str, pk: int, *, write: bool = False) -> Offer:
    campaign = get_campaign_for_user(user, slug)
    offer = get_object_or_404(Offer, campaign=campaign, pk=pk)
    offer.campaign = campaign
    if not can_view_offer(user, offer):
        raise Http404
    if write and not can_manage_offers(user, campaign):
        raise PermissionDenied
    return offer


def get_offer_receipts(user, slug: str, pk: int) -> Offer:
    """An offer's receipt list: public for a public campaign (anyone may hold a code), else members only."""
    campaign = get_campaign_for_user(user, slug)
    offer = get_object_or_404(Offer.objects.exclude(status=Offer.Status.DRAFT), campaign=campaign, pk=pk)
    offer.campaign = campaign
    if not campaign.is_public and not can_view_offers(user, campaign):
        raise Http404
    return offer
