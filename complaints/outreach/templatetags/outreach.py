"""Tags campaign and platform pages load to show following (and, later, sharing and inviting)."""

from __future__ import annotations

from django import template

from complaints.campaigns.models import Campaign, Platform
from complaints.outreach import selectors
from complaints.outreach.forms import FollowForm, PlatformFollowForm
from complaints.outreach.permissions import FOLLOWABLE_PLATFORMS

register = template.Library()


def _viewer(context) -> tuple[object, str]:
    request = context.get("request")
    return getattr(request, "user", None), getattr(request, "get_full_path", lambda: "/")()


@register.inclusion_tag("outreach/_follow_campaign.html", takes_context=True)
def follow_campaign_box(context, campaign: Campaign) -> dict:
    user, path = _viewer(context)
    return {
        "campaign": campaign,
        "show": campaign.is_public and not context.get("is_member"),
        "follow": selectors.follow_of_user(user, campaign=campaign),
        "count": selectors.campaign_follower_count(campaign),
        "modes": FollowForm.base_fields["mode"].choices,
        "signed_in": getattr(user, "is_authenticated", False),
        "next": path,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("outreach/_follow_platform.html", takes_context=True)
def follow_platform_box(context, platform: Platform | None, category: str = "", intake: bool = False) -> dict:
    user, path = _viewer(context)
    show = platform is not None and platform.status in FOLLOWABLE_PLATFORMS
    return {
        "platform": platform,
        "show": show,
        "intake": intake,
        "category": category if category in Campaign.Category.values else "",
        "follow": selectors.follow_of_user(user, platform=platform, category=category) if show else None,
        "count": selectors.platform_follower_count(platform) if show and not intake else 0,
        "modes": FollowForm.base_fields["mode"].choices,
        "categories": PlatformFollowForm.base_fields["category"].choices,
        "signed_in": getattr(user, "is_authenticated", False),
        "next": path,
        "csrf_token": context.get("csrf_token"),
    }
