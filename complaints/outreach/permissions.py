"""Who may follow what: anyone signed in, a public campaign or a platform in (or waiting for) the directory."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.campaigns.models import Campaign, Platform
from complaints.outreach.models import Follow

FOLLOWABLE_PLATFORMS = (Platform.Status.ACTIVE, Platform.Status.PENDING)


def can_follow_campaign(user, campaign: Campaign) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and campaign.is_public


def get_campaign_to_follow(user, slug: str) -> Campaign:
    campaign = get_object_or_404(Campaign, slug=slug)
    if not can_follow_campaign(user, campaign):
        raise Http404
    return campaign


def get_platform_to_follow(user, slug: str) -> Platform:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Platform, slug=slug, status__in=FOLLOWABLE_PLATFORMS)


def get_follow_for_user(user, pk: int) -> Follow:
    """A person's own follow; anyone else's is not found (404), never "forbidden"."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Follow, pk=pk, user=user)


def get_public_platform(slug: str) -> Platform:
    """A platform in the directory (the ones with a public page)."""
    return get_object_or_404(Platform, slug=slug, status=Platform.Status.ACTIVE)
