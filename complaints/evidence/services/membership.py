"""Evidence following its membership: consent withdrawn when a member leaves, items moved when campaigns merge."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from complaints.accounts.models import User
from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import Campaign, Membership
from complaints.core.services import audit_record
from complaints.evidence.models import EvidenceItem


def evidence_withdraw_consent(*, actor: User, membership: Membership) -> int:
    """Stop sharing every item of a membership (called when the member leaves the campaign)."""
    with transaction.atomic():
        changed = (
            EvidenceItem.objects.filter(membership=membership)
            .filter(Q(share_with_group=True) | Q(include_in_filings=True))
            .update(share_with_group=False, include_in_filings=False, consent_updated_at=timezone.now())
        )
        if changed:
            audit_record(
                actor=actor, action="evidence.consent_withdraw", target=membership, data={"items": changed}
            )
    return changed


def evidence_merge_follow(*, source: Campaign, target: Campaign) -> int:
    """After campaign_merge: evidence follows its membership into the target campaign.

    Moved memberships keep their rows (only the denormalized campaign changes); for people who were in
    both campaigns, the items move to the membership they keep. Safe to call again.
    """
    with transaction.atomic():
        moved = (
            EvidenceItem.objects.filter(membership__campaign=target)
            .exclude(campaign=target)
            .update(campaign=target)
        )
        for old in Membership.objects.filter(campaign=source):
            kept = Membership.objects.filter(campaign=target, user_id=old.user_id).first()
            if kept is None:
                continue
            moved += EvidenceItem.objects.filter(membership=old).update(membership=kept, campaign=target)
            for membership in (old, kept):
                approved = EvidenceItem.objects.filter(
                    membership=membership, status=EvidenceItem.Status.APPROVED
                )
                Membership.objects.filter(pk=membership.pk).update(evidence_count=approved.count())
    roster_changed(source.pk, target.pk)
    return moved
