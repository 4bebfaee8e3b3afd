"""Evidence becoming part of a submitted filing: from then on its redacted copy is frozen content."""

from __future__ import annotations

from datetime import datetime

from complaints.campaigns.models import Campaign
from complaints.evidence.models import EvidenceItem
from complaints.evidence.selectors import evidence_for_filing


def evidence_mark_filed(*, campaign: Campaign, at: datetime) -> int:
    """A filing of the campaign was submitted: its exhibits are frozen content, so erasure and retention keep
    their redacted copies. Items filed before keep their first date."""
    return EvidenceItem.objects.filter(
        pk__in=evidence_for_filing(campaign).values("pk"), filed_at__isnull=True
    ).update(filed_at=at)
