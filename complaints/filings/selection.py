"""What goes into a filing, read from the campaign's current state: members, exhibits, identity consents and
the group figures. Every count is an aggregate in the database; nothing per member is held in memory."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from complaints.campaigns.figures import AMOUNT_EDGES
from complaints.campaigns.models import MAIN_CURRENCY, Campaign, Case, Membership
from complaints.evidence.models import EvidenceItem
from complaints.evidence.selectors import (
    evidence_for_filing,
    evidence_not_in_filings,
    evidence_released_for_filings,
)
from complaints.filings.models import Filing, FilingConsent
from complaints.mandates.selectors import mandate_signers

CHUNK = 2000
CENT = Decimal("0.01")


def included_members(campaign: Campaign) -> QuerySet[Membership]:
    """Members whose case goes into filings: active and agreed to be included."""
    return Membership.objects.filter(
        campaign_id=campaign.pk, status=Membership.Status.ACTIVE, include_in_filings=True
    )


def exhibit_items() -> QuerySet[EvidenceItem]:
    """Every item a filing may carry (the evidence app's one rule)."""
    return evidence_released_for_filings()


def exhibits(campaign: Campaign) -> QuerySet[EvidenceItem]:
    """A campaign's exhibits in exhibit order: the evidence app decides which items a filing may carry."""
    return evidence_for_filing(campaign)


def evidence_readiness(campaign: Campaign) -> dict:
    """What a new filing would carry as exhibits, before the organizer builds it: pieces released for filings
    and by how many members, and pieces uploaded but not released (a filing without exhibits cannot be sent
    for approval)."""
    released = evidence_for_filing(campaign).order_by()
    unreleased = evidence_not_in_filings().filter(campaign_id=campaign.pk).order_by()
    return {
        "released_items": released.count(),
        "released_members": released.values("membership_id").distinct().count(),
        "unreleased_items": unreleased.count(),
        "unreleased_members": unreleased.values("membership_id").distinct().count(),
    }


def filing_members(filing: Filing) -> QuerySet[Membership]:
    """The members a filing speaks for: those included in filings and, when the filing requires mandates,
    represented by a signed mandate of the current version. Every annex, figure and the letter count these."""
    members = included_members(filing.campaign)
    if filing.requires_mandates:
        members = members.filter(pk__in=mandate_signers(filing.campaign))
    return members


def filing_exhibits(filing: Filing) -> QuerySet[EvidenceItem]:
    """The exhibits of the members the filing speaks for, in exhibit order."""
    items = exhibits(filing.campaign)
    if filing.requires_mandates:
        items = items.filter(membership_id__in=mandate_signers(filing.campaign))
    return items


def identity_consents(filing: Filing) -> QuerySet[FilingConsent]:
    """The members named to the regulator: agreed to it for this filing and, when the filing requires
    mandates, represented by a signed mandate of the campaign's current version (the one rule for both)."""
    consents = FilingConsent.objects.filter(
        filing=filing,
        disclose_identity=True,
        membership__status=Membership.Status.ACTIVE,
        membership__include_in_filings=True,
    )
    if filing.requires_mandates:
        consents = consents.filter(membership_id__in=mandate_signers(filing.campaign))
    return consents


def represented_members(campaign: Campaign) -> int:
    """Members included in filings who are represented by a signed mandate (the review checklist)."""
    return included_members(campaign).filter(pk__in=mandate_signers(campaign)).count()


def consent_fingerprint(filing: Filing) -> str:
    """A hash of who and what is included; if it changes, consent changed since generation."""
    digest = hashlib.sha256()
    for pk in filing_members(filing).order_by("pk").values_list("pk", flat=True).iterator(CHUNK):
        digest.update(b"m%d;" % pk)
    for pk in filing_exhibits(filing).order_by("pk").values_list("pk", flat=True).iterator(CHUNK):
        digest.update(b"e%d;" % pk)
    for pk in (
        identity_consents(filing).order_by("pk").values_list("membership_id", flat=True).iterator(CHUNK)
    ):
        digest.update(b"i%d;" % pk)
    return digest.hexdigest()


def exhibit_index_digest(filing: Filing) -> str:
    """Hash of the evidence index as it would be generated now (item ids and redacted-file hashes, in order)."""
    digest = hashlib.sha256()
    for pk, sha in filing_exhibits(filing).values_list("pk", "sha256_redacted").iterator(chunk_size=CHUNK):
        digest.update(f"{pk}:{sha};".encode())
    return digest.hexdigest()


def money(value: Decimal | None) -> str:
    return str((value or Decimal("0")).quantize(CENT))


def _median(cny: QuerySet[Case], count: int) -> Decimal | None:
    if not count:
        return None
    ordered = cny.order_by("amount").values_list("amount", flat=True)
    if count % 2:
        return ordered[count // 2]
    low, high = ordered[count // 2 - 1 : count // 2 + 1]
    return (low + high) / 2


def _amount_buckets() -> dict:
    buckets = {}
    for i, edge in enumerate(AMOUNT_EDGES):
        bucket = Q(amount__gte=edge)
        if i + 1 < len(AMOUNT_EDGES):
            bucket &= Q(amount__lt=AMOUNT_EDGES[i + 1])
        buckets[f"b{i}"] = Count("pk", filter=bucket)
    return buckets


def figures(filing: Filing) -> dict:
    """Group summary of the members the filing speaks for, from aggregates in the database: nothing per member
    is held in memory."""
    members = filing_members(filing)
    cases = Case.objects.filter(membership__in=members)
    cny = cases.filter(currency=MAIN_CURRENCY, amount__isnull=False)
    sums = cny.aggregate(total=Sum("amount"), n=Count("pk"), **_amount_buckets())
    median = _median(cny, sums["n"])
    dates = cases.aggregate(first=Min("incident_date"), last=Max("incident_date"))
    others = {
        row["currency"]: money(row["total"])
        for row in cases.exclude(currency=MAIN_CURRENCY)
        .filter(amount__isnull=False)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    }
    categories = {
        row["category"]: row["n"]
        for row in filing_exhibits(filing).values("category").annotate(n=Count("pk")).order_by("category")
    }
    return {
        "members": members.count(),
        "with_amount": sums["n"],
        "total_claimed": money(sums["total"]),
        "median": money(median) if median is not None else "",
        "histogram": [sums[f"b{i}"] for i in range(len(AMOUNT_EDGES))],
        "other_currencies": others,
        "first_incident": dates["first"].isoformat() if dates["first"] else "",
        "last_incident": dates["last"].isoformat() if dates["last"] else "",
        "evidence_categories": categories,
        "exhibits": sum(categories.values()),
    }
