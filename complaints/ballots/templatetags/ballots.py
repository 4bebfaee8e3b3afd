"""`{% campaign_offers campaign as box %}`: what the campaign page shows its members about offers (one query)."""

from __future__ import annotations

from django import template

from complaints.ballots.models import Offer
from complaints.ballots.permissions import can_manage_offers
from complaints.ballots.selectors import offer_electorate, voted_on_now
from complaints.campaigns.permissions import is_active_member

register = template.Library()


@register.simple_tag(takes_context=True)
def campaign_offers(context, campaign) -> dict:
    user = context["request"].user
    if not is_active_member(user, campaign):
        return {"member": False, "open": [], "can_manage": False, "any": False}
    open_offers = list(
        Offer.objects.filter(campaign=campaign, status=Offer.Status.OPEN).order_by("closes_at")[:3]
    )
    for offer in open_offers:
        offer.campaign = campaign
    # "and vote" only to those on the offer's roll (offer_electorate is the one rule; a mandate campaign
    # leaves out members who had not signed when voting opened).
    voting = {o.pk for o in open_offers if offer_electorate(o).filter(user=user).exists()}
    can_manage = can_manage_offers(user, campaign)
    # The link to the offers: for the organizers (who record them), and for members once there is one to read.
    shown = (
        open_offers
        or can_manage
        or (Offer.objects.filter(campaign=campaign).exclude(status=Offer.Status.DRAFT).exists())
    )
    return {
        "member": True,
        "open": [(offer, offer.pk in voting) for offer in open_offers],
        "can_manage": can_manage,
        "any": bool(shown),
    }


@register.simple_tag
def vote_open(campaign) -> bool:
    """Whether an offer of `campaign` is being voted on now (its roll is fixed: signing now adds no vote)."""
    return voted_on_now().filter(campaign=campaign).exists()
