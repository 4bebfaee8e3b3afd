"""`{% campaign_replies campaign as box %}`: what the campaign page shows of the platform's replies, in one
query (the campaign's reply figures with the newest reply)."""

from __future__ import annotations

from django import template

from complaints.campaigns.panels import figure
from complaints.campaigns.permissions import is_organizer
from complaints.replies import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def campaign_replies(context, campaign) -> dict:
    if not campaign.is_public:
        return {"show": False}
    # Representatives reply from the thread page and their own list: the campaign page does not ask who is one.
    organizer = is_organizer(context["request"].user, campaign)
    has_row = figure(context, campaign, "replies_figures", lambda: True)
    figures = selectors.public_reply_figures(campaign, has_row=has_row)
    return {
        "show": True,
        "figures": figures,
        "latest": figures.latest,
        "is_organizer": organizer,
        "open_requests": figures.open_requests if organizer else 0,
    }
