from __future__ import annotations

from django import template

from complaints.campaigns.panels import figure
from complaints.proofs import selectors
from complaints.proofs.selectors import proofs_for_member

register = template.Library()


@register.simple_tag(takes_context=True)
def verified_purchases(context, campaign) -> int | None:
    """{% verified_purchases campaign as count %}: the public count, None below 5."""
    count = figure(context, campaign, "proofs_verified", selectors.verified_members(campaign.pk).first)
    return selectors.verified_members_public(count)


@register.simple_tag
def case_proofs(membership) -> list:
    """{% case_proofs membership as rows %}: the member's own numbers, masked, with what matched."""
    return proofs_for_member(membership)
