"""Tags campaign and platform pages load to show following (and, later, sharing and inviting)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from complaints.campaigns.figures import public_count
from complaints.campaigns.models import SMALL_COUNT, Campaign, Platform
from complaints.campaigns.panels import figure
from complaints.campaigns.permissions import can_manage_campaign
from complaints.outreach import selectors
from complaints.outreach.forms import FollowForm, PlatformFollowForm
from complaints.outreach.permissions import FOLLOWABLE_PLATFORMS
from complaints.outreach.qr import campaign_link

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
        "count": public_count(
            figure(context, campaign, "outreach_followers", selectors.campaign_followers(campaign).count)
        ),
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


@register.inclusion_tag("outreach/_goal.html", takes_context=True)
def campaign_goal_box(context, campaign: Campaign) -> dict:
    user, _path = _viewer(context)
    wanted = figure(context, campaign, "outreach_goal", selectors.members_wanted(campaign).first)
    members = campaign.members_count
    shown = members >= SMALL_COUNT
    via_invites = figure(
        context, campaign, "outreach_invite_joins", lambda: selectors.joins_through_invites(campaign)
    )
    return {
        "campaign": campaign,
        "members_wanted": wanted,
        "members": members if shown else None,
        "progress": min(members, wanted) if wanted and shown else 0,
        "joined_today": public_count(
            figure(context, campaign, "outreach_joined_today", selectors.joined_today_rows(campaign).count)
        )
        if campaign.is_open
        else 0,
        "via_invites": public_count(via_invites),
        "can_set": can_manage_campaign(user, campaign) if getattr(user, "is_authenticated", False) else False,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("outreach/_invite.html", takes_context=True)
def invite_box(context, campaign: Campaign) -> dict:
    user, _path = _viewer(context)
    request = context.get("request")
    show = bool(context.get("is_member")) and campaign.is_open
    invite = selectors.invite_of(user, campaign) if show else None
    return {
        "campaign": campaign,
        "show": show,
        "invite": invite,
        "link": request.build_absolute_uri(reverse("outreach:invite_open", args=[invite.token]))
        if invite
        else "",
        "joins": selectors.public_count(invite.joins_count) if invite else 0,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("outreach/_share.html", takes_context=True)
def share_box(context, campaign: Campaign) -> dict:
    text = campaign.text_for(get_language() or "zh-hans")
    link = campaign_link(campaign)
    return {
        "campaign": campaign,
        "show": campaign.is_public,
        "link": link,
        "email_href": "mailto:?"
        + urlencode({"subject": text.title, "body": f"{text.title}\n{link}"}, quote_via=quote),
        "weibo_href": "https://service.weibo.com/share/share.php?"
        + urlencode({"url": link, "title": text.title}, quote_via=quote),
    }


def _card_lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


@register.inclusion_tag("outreach/_meta.html")
def campaign_meta(campaign: Campaign) -> dict:
    """Open Graph and Twitter card tags of a public campaign page (nothing for a page the public cannot see)."""
    if not campaign.is_public:
        return {"show": False}
    text = campaign.text_for(get_language() or "zh-hans")
    card = reverse("outreach:campaign_card", args=[campaign.slug, _card_lang()])
    return {
        "show": True,
        "title": text.title,
        "description": text.summary,
        "url": campaign_link(campaign),
        "image": f"{settings.SITE_URL}{card}",
        "image_alt": text.title,
    }


@register.inclusion_tag("outreach/_meta.html")
def platform_meta(platform: Platform) -> dict:
    if platform.status != Platform.Status.ACTIVE:
        return {"show": False}
    card = reverse("outreach:platform_card", args=[platform.slug, _card_lang()])
    name = platform.name if not platform.name_en else f"{platform.name} · {platform.name_en}"
    return {
        "show": True,
        "title": name,
        "description": _("Campaigns about %(platform)s on Tongsu: people it harmed complain together.")
        % {"platform": name},
        "url": f"{settings.SITE_URL}{platform.get_absolute_url()}",
        "image": f"{settings.SITE_URL}{card}",
        "image_alt": name,
    }
