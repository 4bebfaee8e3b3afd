"""Reads of the evidence app, scoped to who is looking; each a bounded queryset."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from complaints.campaigns.models import Campaign, Membership
from complaints.evidence.models import EvidenceItem

# What list pages need of an item; the JSON columns (findings, boxes) stay in the database.
_LIST_FIELDS = (
    "id",
    "owner_id",
    "membership_id",
    "campaign_id",
    "original_name",
    "kind",
    "category",
    "document_date",
    "size",
    "status",
    "stage",
    "thumbnail",
    "redacted",
    "needs_moderation",
    "share_with_group",
    "include_in_filings",
    "error_code",
    "error_message",
    "created_at",
    "approved_at",
    "sha256_redacted",
)


def evidence_for_member(user, campaign: Campaign) -> QuerySet[EvidenceItem]:
    """A person's own items in one campaign, newest first."""
    return EvidenceItem.objects.filter(owner=user, campaign=campaign).order_by("-created_at", "-id")


def evidence_waiting_for_review(user, campaign: Campaign) -> QuerySet[EvidenceItem]:
    """A person's items in one campaign that are anonymized and wait for their review, oldest first."""
    return (
        EvidenceItem.objects.filter(owner=user, campaign=campaign, status=EvidenceItem.Status.NEEDS_REVIEW)
        .only(*_LIST_FIELDS)
        .order_by("created_at", "id")
    )


def pooled_evidence(campaign: Campaign) -> QuerySet[EvidenceItem]:
    """The campaign's shared evidence as the members see it: approved, shared, cleared, of active members."""
    return (
        EvidenceItem.objects.filter(
            campaign=campaign,
            status=EvidenceItem.Status.APPROVED,
            share_with_group=True,
            needs_moderation=False,
            membership__status=Membership.Status.ACTIVE,
        )
        .select_related("membership")
        .only(*_LIST_FIELDS, "membership__pseudonym_number", "membership__status")
        .order_by("-approved_at", "-id")
    )


def evidence_released_for_filings() -> QuerySet[EvidenceItem]:
    """The one rule for what may go into a filing: approved by its owner, cleared by moderation, with a
    redacted file, and released for filings both by the item and by its active membership.

    Every app asks this (generation, the review checklist, submission, progress); filter it by campaign or
    membership, or take `evidence_for_filing(campaign)` for one campaign's exhibits in exhibit order.
    """
    return EvidenceItem.objects.filter(
        status=EvidenceItem.Status.APPROVED,
        include_in_filings=True,
        needs_moderation=False,
        membership__status=Membership.Status.ACTIVE,
        membership__include_in_filings=True,
    ).exclude(redacted="")


def evidence_for_filing(campaign: Campaign) -> QuerySet[EvidenceItem]:
    """A campaign's exhibits in exhibit order (member number, then the document's date): exhibit E-1 first."""
    return (
        evidence_released_for_filings()
        .filter(campaign_id=campaign.pk)
        .order_by("membership__pseudonym_number", "document_date", "id")
    )


def evidence_needing_moderation() -> QuerySet[EvidenceItem]:
    """The moderators' queue: released by their owners, flagged unsure or reported; oldest first.

    An item its owner approved but keeps private is not in it: nobody else will see it.
    """
    return (
        EvidenceItem.objects.filter(needs_moderation=True, status=EvidenceItem.Status.APPROVED)
        .filter(Q(share_with_group=True) | Q(include_in_filings=True))
        .select_related("membership", "campaign")
        .only(
            *_LIST_FIELDS,
            "moderation_reasons",
            "unsure_reasons",
            "reports_count",
            "membership__pseudonym_number",
            "campaign__slug",
            "campaign__title",
        )
        .order_by("approved_at", "id")
    )


def evidence_not_in_filings() -> QuerySet[EvidenceItem]:
    """Evidence a member uploaded and could release for filings but has not (yet): still to review, or kept out
    of filings by the item's or the membership's choice. Filter it by campaign or by membership."""
    return (
        EvidenceItem.objects.filter(
            status__in=[EvidenceItem.Status.NEEDS_REVIEW, EvidenceItem.Status.APPROVED],
            needs_moderation=False,
            membership__status=Membership.Status.ACTIVE,
        )
        .exclude(redacted="")
        .filter(
            Q(status=EvidenceItem.Status.NEEDS_REVIEW)
            | Q(include_in_filings=False)
            | Q(membership__include_in_filings=False)
        )
    )
