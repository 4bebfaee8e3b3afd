"""An account's evidence at erasure (complaints/core/privacy.py calls it through evidence/privacy.py).

Originals and normalized files always go. A redacted copy that was an exhibit of a submitted filing stays
(with its row, without the owner's file name): the filing that regulators received is frozen and its evidence
index names that copy's hash. Everything else goes, rows and files.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import Membership
from complaints.core.review import reports_forget_reporter
from complaints.evidence.files import EXTENSIONS, delete_after_commit, file_names
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline import Kind


def evidence_owner_erase(*, user) -> None:
    """An account is erased: its evidence goes, rows and files, except a filed redacted copy (kept anonymous)."""
    with transaction.atomic():
        names: list[str] = []
        for item in EvidenceItem.objects.select_for_update().filter(owner=user, filed_at__isnull=False):
            names += [f.name for f in (item.original, item.normalized, item.thumbnail) if f]
            EvidenceItem.objects.filter(pk=item.pk).update(
                original="",
                normalized="",
                thumbnail="",
                original_name=f"evidence-{item.pk}.{EXTENSIONS[Kind(item.kind)]}",
                share_with_group=False,
                originals_deleted_at=item.originals_deleted_at or timezone.now(),
            )
        doomed = EvidenceItem.objects.select_for_update().filter(owner=user, filed_at__isnull=True)
        for item in doomed:
            names += file_names(item)
        doomed.delete()
        reports_forget_reporter(user=user)  # reasons may name people; the entry keeps its count
        roster_changed(*Membership.objects.filter(user=user).values_list("campaign_id", flat=True))
        for membership_id in Membership.objects.filter(user=user).values_list("pk", flat=True):
            Membership.objects.filter(pk=membership_id).update(
                evidence_count=EvidenceItem.objects.filter(
                    membership_id=membership_id, status=EvidenceItem.Status.APPROVED
                ).count()
            )
        delete_after_commit(names)
