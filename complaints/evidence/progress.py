"""The evidence app's part of the "My campaigns" dashboard: files waiting for the owner's review."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import ngettext

from complaints.campaigns.dashboard import RANK_EVIDENCE_REVIEW, CampaignProgress, Step, register
from complaints.evidence.models import EvidenceItem

_WAITING = Q(status=EvidenceItem.Status.NEEDS_REVIEW)
_IN_PROGRESS = (
    EvidenceItem.Status.RECEIVED,
    EvidenceItem.Status.PROCESSING,
    EvidenceItem.Status.NEEDS_REVIEW,
)


def evidence_progress(user, rows: list[CampaignProgress]) -> None:
    """How many of my files wait for my review (the oldest first), and how many are still processed; one query."""
    by_membership = {row.membership.pk: row for row in rows}
    if not by_membership:
        return
    counts = (
        EvidenceItem.objects.filter(owner=user, membership_id__in=by_membership, status__in=_IN_PROGRESS)
        .values("membership_id")
        .annotate(
            waiting=Count("id", filter=_WAITING),
            processing=Count("id", filter=~_WAITING),
            first=Min("id", filter=_WAITING),
        )
    )
    for entry in counts:
        row = by_membership[entry["membership_id"]]
        row.evidence_processing = entry["processing"]
        row.evidence_waiting = entry["waiting"]
        if entry["waiting"]:
            row.evidence_waiting_url = reverse("evidence:review", args=[entry["first"]])
            label = ngettext(
                "Review your evidence (%(count)s file waiting)",
                "Review your evidence (%(count)s files waiting)",
                entry["waiting"],
            ) % {"count": entry["waiting"]}
            row.steps.append(Step(RANK_EVIDENCE_REVIEW, label, row.evidence_waiting_url))


def register_progress() -> None:
    register(evidence_progress)
