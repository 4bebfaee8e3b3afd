"""What every evidence service shares: the error shown to people, the item lock, the members' counter."""

from __future__ import annotations

from django.db.models import F

from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import Membership
from complaints.evidence.models import EvidenceItem


class EvidenceError(Exception):
    """A request the rules do not allow; the message is shown to the person."""


class DuplicateUpload(EvidenceError):
    """The person already has this very file (same SHA-256) in this campaign; it is not stored again."""

    def __init__(self, existing: EvidenceItem):
        super().__init__(existing.original_name)
        self.existing = existing


def move_evidence_count(item: EvidenceItem, delta: int) -> None:
    # Membership.evidence_count counts approved items (the campaigns app reads it for completeness; the
    # member list shows it).
    if delta:
        Membership.objects.filter(pk=item.membership_id).update(evidence_count=F("evidence_count") + delta)
        roster_changed(item.campaign_id)


def lock_item(item_pk: int) -> EvidenceItem:
    return EvidenceItem.objects.select_for_update().select_related("membership").get(pk=item_pk)
