"""Reads of the outreach app that depend on who is looking."""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet, Subquery, Sum
from django.utils import timezone

from complaints.campaigns.figures import public_count
from complaints.campaigns.models import Campaign, Membership, Platform
from complaints.campaigns.panels import FigureExpression, total_of
from complaints.outreach.models import CampaignGoal, Follow, Invite


def campaign_followers(campaign) -> QuerySet[Follow]:
    """Follows of the campaign (`campaign`: a campaign, or an OuterRef to one in a figure's subquery)."""
    return Follow.objects.filter(campaign=campaign)


def platform_follower_count(platform: Platform) -> int | None:
    people = Follow.objects.filter(platform=platform).values("user_id").distinct().count()
    return public_count(people)


def follows_of_user(user) -> QuerySet[Follow]:
    return (
        Follow.objects.filter(user=user).select_related("campaign", "platform").order_by("-created_at", "-id")
    )


def follow_of_user(
    user, *, campaign: Campaign | None = None, platform: Platform | None = None, category: str = ""
):
    if not getattr(user, "is_authenticated", False):
        return None
    if campaign is not None:
        return Follow.objects.filter(user=user, campaign=campaign).first()
    return Follow.objects.filter(user=user, platform=platform, category=category).first()


def joined_today_rows(campaign, midnight: datetime.datetime | None = None) -> QuerySet[Membership]:
    """People who joined since midnight (local time; `midnight` when the caller has it) and are still members
    (`campaign` as above)."""
    midnight = midnight or timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Membership.objects.filter(
        campaign=campaign, status=Membership.Status.ACTIVE, joined_at__gte=midnight
    )


def members_wanted(campaign) -> QuerySet:
    """The campaign's goal as its one value, members_wanted (no row: no goal)."""
    return CampaignGoal.objects.filter(campaign=campaign).values_list("members_wanted", flat=True)


def invite_of(user, campaign: Campaign) -> Invite | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Invite.objects.filter(campaign=campaign, inviter=user).first()


def invites(campaign) -> QuerySet[Invite]:
    return Invite.objects.filter(campaign=campaign)


def joins_through_invites(campaign: Campaign) -> int:
    """Joins counted for all the campaign's invite links (suppressed where shown)."""
    return invites(campaign).aggregate(total=Sum("joins_count"))["total"] or 0


def page_figures() -> dict[str, FigureExpression]:
    """The campaign page's outreach figures, read with the other panels' in one query (`campaigns.panels`);
    counts are raw here and suppressed where they are shown."""
    return {
        "outreach_goal": lambda campaign, _midnight: Subquery(members_wanted(campaign)[:1]),
        "outreach_joined_today": lambda campaign, midnight: total_of(
            joined_today_rows(campaign, midnight), "campaign", Count("pk")
        ),
        "outreach_invite_joins": lambda campaign, _midnight: total_of(
            invites(campaign), "campaign", Sum("joins_count")
        ),
        "outreach_followers": lambda campaign, _midnight: total_of(
            campaign_followers(campaign), "campaign", Count("pk")
        ),
    }
