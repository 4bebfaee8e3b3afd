"""`{% campaign_replies campaign as box %}`: what the campaign page shows of the platform's replies."""

from __future__ import annotations

from django import template

from complaints.campaigns.permissions import is_organizer
from complaints.replies import permissions, selectors
from complaints.replies.models import InfoRequest, Reply

register = template.Library()


@register.simple_tag(takes_context=True)
def campaign_replies(context, campaign) -> dict:
    if not campaign.is_public:
        return {"show": False}
    user = context["request"].user
    latest = (
        Reply.objects.filter(campaign=campaign, author_role=Reply.Author.PLATFORM, hidden_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    organizer = is_organizer(user, campaign)
    signed_in = getattr(user, "is_authenticated", False)
    return {
        "show": True,
        "figures": selectors.public_reply_figures(campaign),
        "latest": latest,
        "can_reply": signed_in and permissions.can_reply_on_campaign(user, campaign),
        "is_representative": signed_in and permissions.is_representative(user, campaign.platform_id),
        "open_requests": InfoRequest.objects.filter(campaign=campaign, status=InfoRequest.Status.OPEN).count()
        if organizer
        else 0,
    }
