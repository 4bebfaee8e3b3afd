"""Columns of campaigns and memberships that other apps keep up to date, changed only through these services:
a membership's count of approved evidence (the evidence app) and a campaign's retention notice mark (the
evidence retention job). The member list's cached rows are refreshed with each change."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F

from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import Campaign, Membership


def membership_evidence_count_move(*, membership_id: int, campaign_id: int, delta: int) -> None:
    """A membership's approved evidence went up or down by `delta` (checklists and the member list read it)."""
    if delta:
        Membership.objects.filter(pk=membership_id).update(evidence_count=F("evidence_count") + delta)
        roster_changed(campaign_id)


def memberships_evidence_count_set(*, counts: dict[int, int]) -> None:
    """Set memberships' approved evidence counts ({membership id: count}) after a recount (a merge, an erasure)."""
    for membership_id, count in counts.items():
        Membership.objects.filter(pk=membership_id).update(evidence_count=count)
    campaign_ids = Membership.objects.filter(pk__in=counts).values_list("campaign_id", flat=True).distinct()
    roster_changed(*campaign_ids)


def campaign_retention_notice_claim(*, campaign_id: int, now: datetime) -> bool:
    """Mark that the owners were told their originals will be deleted; False if another run marked it first."""
    claimed = Campaign.objects.filter(pk=campaign_id, retention_notice_at__isnull=True).update(
        retention_notice_at=now
    )
    return claimed == 1
