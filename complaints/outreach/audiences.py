"""Notification audiences of followers: one keyset query per page, in user id order, members left out."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.dateparse import parse_datetime

from complaints.campaigns.models import Membership
from complaints.notifications.audiences import register_audience
from complaints.outreach.models import Follow


def campaign_followers_audience(args: dict, after_id: int, limit: int) -> list[int]:
    """Followers of {"campaign": pk} who chose {"mode": ...}; its active members hear from the campaign itself."""
    members = Membership.objects.filter(
        campaign_id=args["campaign"], user_id=OuterRef("user_id"), status=Membership.Status.ACTIVE
    )
    rows = Follow.objects.filter(campaign_id=args["campaign"], mode=args["mode"], user_id__gt=after_id)
    rows = rows.exclude(Exists(members)).filter(user__is_active=True)
    if args.get("news_at"):  # only news that came after the follow: older news is not new to them
        rows = rows.filter(created_at__lt=parse_datetime(args["news_at"]))
    return list(rows.order_by("user_id").values_list("user_id", flat=True)[:limit])


def platform_followers_audience(args: dict, after_id: int, limit: int) -> list[int]:
    """Followers of {"platform": pk} (all its harms, or {"category": ...}) who chose {"mode": ...}."""
    rows = Follow.objects.filter(
        Q(category="") | Q(category=args.get("category", "")),
        platform_id=args["platform"],
        mode=args["mode"],
        user_id__gt=after_id,
        user__is_active=True,
    )
    if args.get("except"):
        rows = rows.exclude(user_id=args["except"])
    if args.get("news_at"):
        rows = rows.filter(created_at__lt=parse_datetime(args["news_at"]))
    # A person following both the platform and one of its harms is one recipient.
    return list(rows.order_by("user_id").values_list("user_id", flat=True).distinct()[:limit])


def register() -> None:
    register_audience("campaign_followers", campaign_followers_audience)
    register_audience("platform_followers", platform_followers_audience)
