"""Reads of the outreach app that depend on who is looking."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils import timezone

from complaints.campaigns.figures import public_count
from complaints.campaigns.models import Campaign, Membership, Platform
from complaints.outreach.models import CampaignGoal, Follow, Invite


def campaign_follower_count(campaign: Campaign) -> int | None:
    return public_count(Follow.objects.filter(campaign=campaign).count())


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


def joined_today(campaign: Campaign) -> int | None:
    """People who joined since midnight (local time) and are still members; hidden from 1 to 4."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    count = Membership.objects.filter(
        campaign=campaign, status=Membership.Status.ACTIVE, joined_at__gte=midnight
    ).count()
    return public_count(count)


def goal_of(campaign: Campaign) -> CampaignGoal | None:
    return CampaignGoal.objects.filter(campaign=campaign).first()


def invite_of(user, campaign: Campaign) -> Invite | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Invite.objects.filter(campaign=campaign, inviter=user).first()


def joins_through_invites(campaign: Campaign) -> int | None:
    total = Invite.objects.filter(campaign=campaign).aggregate(total=Sum("joins_count"))["total"] or 0
    return public_count(total)
