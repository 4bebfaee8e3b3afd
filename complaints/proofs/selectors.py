"""Reads of the proofs app, scoped by who is looking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet, Subquery

from complaints.campaigns.figures import suppress
from complaints.campaigns.models import Campaign, Case, Membership
from complaints.evidence.models import EvidenceItem
from complaints.proofs.models import CampaignKey, Claim, DuplicateClaim
from complaints.proofs.normalize import keyed_hash, masked, references_in


def receipts_of(membership: Membership) -> QuerySet[EvidenceItem]:
    """The member's processed files whose text can be read again (the normalized copy is still kept)."""
    return EvidenceItem.objects.filter(
        membership=membership,
        status__in=[EvidenceItem.Status.NEEDS_REVIEW, EvidenceItem.Status.APPROVED],
        originals_deleted_at__isnull=True,
    ).exclude(normalized="")


def open_duplicates() -> QuerySet[DuplicateClaim]:
    """Numbers claimed twice that wait for a moderator, oldest first."""
    return DuplicateClaim.objects.filter(status=DuplicateClaim.Status.OPEN).select_related("campaign")


def duplicate_claimants(duplicate: DuplicateClaim) -> QuerySet[Membership]:
    """The active memberships claiming the flagged number (moderators see them as pseudonyms)."""
    return Membership.objects.filter(
        campaign_id=duplicate.campaign_id,
        status=Membership.Status.ACTIVE,
        pk__in=Claim.objects.filter(campaign_id=duplicate.campaign_id, digest=duplicate.digest).values(
            "membership_id"
        ),
    ).order_by("pseudonym_number")


def has_claims_to_verify(campaign: Campaign) -> bool:
    """Whether active members of the campaign typed order numbers a receiving party could verify."""
    return Claim.objects.filter(campaign_id=campaign.pk, membership__status=Membership.Status.ACTIVE).exists()


def verified_members(campaign) -> QuerySet:
    """How many members' purchases a receiving party verified, as the one value of the campaign's key
    (`campaign`: a campaign, or an OuterRef to one in the campaign page's figures)."""
    return CampaignKey.objects.filter(campaign=campaign).values_list("verified_members", flat=True)


def verified_members_public(count: int | None) -> int | None:
    """The public figure "N members' purchases verified" of `verified_members`: None when it is 0 (or there is
    no key) or describes fewer than 5."""
    shown = suppress([count or 0])
    return shown[0] if shown and shown[0] else None


def page_figures() -> dict:
    """The campaign page's proofs figure, read with the other panels' in one query (`campaigns.panels`)."""
    return {"proofs_verified": lambda campaign, _midnight: Subquery(verified_members(campaign)[:1])}


@dataclass(frozen=True)
class ProofRow:
    """One of the member's own numbers as they see it on their case page."""

    masked: str
    receipt_item_id: int | None
    receipt_name: str
    verified_at: datetime | None


def proofs_for_member(membership: Membership) -> list[ProofRow]:
    """The member's numbers (masked) with what was found for each: which receipt contains it, whether a
    receiving party verified it. Recomputed from their own case; nothing in clear is stored."""
    case = Case.objects.filter(membership=membership).first()
    if case is None or not case.references:
        return []
    key = CampaignKey.objects.filter(campaign_id=membership.campaign_id).first()
    if key is None:
        return []
    claims = {c.digest: c for c in Claim.objects.filter(membership=membership).select_related("receipt_item")}
    rows = []
    for value in references_in(case.references):
        claim = claims.get(keyed_hash(key.secret, value))
        item = claim.receipt_item if claim else None
        rows.append(
            ProofRow(
                masked=masked(value),
                receipt_item_id=item.pk if item else None,
                receipt_name=item.original_name if item else "",
                verified_at=claim.verified_at if claim else None,
            )
        )
    return rows
