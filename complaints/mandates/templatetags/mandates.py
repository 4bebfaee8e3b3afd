"""The mandate box the campaign page includes (templates/mandates/_campaign.html): campaigns never imports us."""

from __future__ import annotations

from django import template

from complaints.campaigns.models import Campaign
from complaints.campaigns.panels import figure
from complaints.campaigns.permissions import viewer_membership
from complaints.mandates import permissions, progress, selectors

register = template.Library()


@register.inclusion_tag("mandates/_box.html", takes_context=True)
def mandate_box(context, campaign: Campaign) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = campaign.is_public or context.get("is_member")
    # The page read whether a text is published with its other figures: most campaigns have none.
    published = figure(context, campaign, "mandates_text", lambda: True) if shown else None
    text = selectors.current_text(campaign) if published else None
    membership = viewer_membership(user, campaign) if text else None
    mine = selectors.mandate_in_force(membership) if membership and membership.is_active else None
    return {
        "campaign": campaign,
        "text": text,
        "signed": selectors.public_signed_count(campaign, text) if text else None,
        "is_member": bool(membership and membership.is_active),
        "signed_current": bool(mine and text and mine.text_id == text.pk),
        "can_publish": permissions.can_publish_mandate(user, campaign) if user else False,
    }


@register.simple_tag
def case_mandate(membership) -> dict | None:
    """Where the member's mandate stands, for their case page: {"state", "text"}, or None without a text."""
    status = selectors.member_mandate(membership)
    if status is None:
        return None
    return {"state": status.state, "version": status.version, "text": progress.status_text(status)}
