from django import template

from complaints.evidence import permissions, selectors

register = template.Library()

PREVIEW_ITEMS = 6


@register.inclusion_tag("evidence/_pooled_preview.html", takes_context=True)
def pooled_evidence(context, campaign):
    """The newest shared evidence of a campaign, for its members (two queries on the campaign page)."""
    user = context["request"].user
    items = (
        list(selectors.pooled_evidence(campaign)[:PREVIEW_ITEMS])
        if permissions.can_view_pooled_evidence(user, campaign)
        else []
    )
    return {"campaign": campaign, "items": items, "request": context["request"]}
