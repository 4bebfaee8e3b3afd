"""Reads of the outreach app that depend on who is looking."""

from __future__ import annotations

from django.db.models import QuerySet

from complaints.campaigns.models import SMALL_COUNT, Campaign, Platform
from complaints.outreach.models import Follow


def public_count(count: int) -> int | None:
    """A count the public may see: None (shown as "fewer than 5") for 1 to 4, so nobody can be picked out."""
    return None if 0 < count < SMALL_COUNT else count


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
