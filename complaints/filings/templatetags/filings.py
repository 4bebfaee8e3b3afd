"""`{% campaign_filings campaign as box %}`: what the campaign page shows about filings, in two queries at most."""

from __future__ import annotations

from django import template

from complaints.campaigns.permissions import is_active_member
from complaints.filings import delivery, permissions, selectors, services
from complaints.filings.models import Filing

register = template.Library()


@register.simple_tag(takes_context=True)
def campaign_filings(context, campaign) -> dict:
    user = context["request"].user
    if not is_active_member(user, campaign):
        return {
            "can_draft": False,
            "submitted": [],
            "sending": [],
            "consentable": [],
            "responses": [],
            "member": False,
        }
    consentable = (
        Filing.objects.filter(campaign=campaign)
        .exclude(status=Filing.Status.SUBMITTED)
        .select_related("regulator")
        .order_by("-created_at")[:3]
    )
    return {
        "can_draft": permissions.can_draft_filing(user, campaign),
        "submitted": selectors.submitted_filings(campaign),
        "sending": _with_member_state(selectors.filings_in_delivery(campaign)),
        "consentable": list(consentable),
        "responses": selectors.campaign_responses(campaign),
        "member": True,
        "outcomes": services.outcome_figures(campaign)
        if selectors.submitted_filings(campaign, limit=1)
        else None,
    }


def _with_member_state(filings: list[Filing]) -> list[dict]:
    latest = selectors.latest_submissions(filings)
    return [{"filing": f, "state": delivery.member_state(latest.get(f.pk))} for f in filings]
