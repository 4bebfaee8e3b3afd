"""Only moderators reach the moderation pages; to anyone else they do not exist (404)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.accounts.permissions import is_moderator
from complaints.campaigns.models import Campaign
from complaints.moderation.models import ReportedContent

can_moderate = is_moderator


def require_moderator(user) -> None:
    if not can_moderate(user):
        raise Http404


def get_campaign_for_moderator(user, slug: str) -> Campaign:
    require_moderator(user)
    return get_object_or_404(Campaign.objects.select_related("platform", "created_by"), slug=slug)


def get_report_for_moderator(user, pk: int):
    require_moderator(user)
    return get_object_or_404(ReportedContent, pk=pk)
