"""The evidence app's part in a person's privacy rights (see complaints/core/privacy.py).

Originals and normalized files always go when an account is erased. A redacted copy that was an exhibit
of a submitted filing stays (with its row, without the owner's file name): the filing that regulators
received is frozen and its evidence index names that copy's hash. Everything else goes, rows and files.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import ngettext

from complaints.core.privacy import register_privacy
from complaints.evidence.files import EXTENSIONS
from complaints.evidence.models import EvidenceItem, private_storage
from complaints.evidence.pipeline import Kind
from complaints.evidence.services import (
    evidence_owner_erase,
    evidence_processing_cancel,
    evidence_processing_resume,
)


def impact(user) -> list[str]:
    counts = EvidenceItem.objects.filter(owner=user).aggregate(
        total=Count("pk"), filed=Count("pk", filter=Q(filed_at__isnull=False))
    )
    if not counts["total"]:
        return []
    lines = [
        ngettext(
            "You uploaded %(count)s evidence item: the original files and their redacted copies are erased.",
            "You uploaded %(count)s evidence items: the original files and their redacted copies are erased.",
            counts["total"],
        )
        % {"count": counts["total"]}
    ]
    if counts["filed"]:
        lines.append(
            ngettext(
                "%(count)s redacted copy is part of a filing already submitted to a regulator and stays in it.",
                "%(count)s redacted copies are part of filings already submitted to a regulator and stay in them.",
                counts["filed"],
            )
            % {"count": counts["filed"]}
        )
    return lines


def _items(user):
    return EvidenceItem.objects.filter(owner=user).select_related("campaign").order_by("pk")


def _archive_name(item: EvidenceItem) -> str:
    return f"evidence/{item.pk}-original.{EXTENSIONS[Kind(item.kind)]}"


def export(user) -> list[dict]:
    return [
        {
            "id": item.pk,
            "campaign": item.campaign.title,
            "file_name": item.original_name,
            "file_in_archive": f"files/{_archive_name(item)}" if item.original else None,
            "kind": item.kind,
            "category": item.category,
            "document_date": item.document_date.isoformat() if item.document_date else None,
            "size": item.size,
            "sha256_original": item.sha256_original,
            "sha256_redacted": item.sha256_redacted,
            "status": item.status,
            "found": item.finding_counts,
            "consent": {
                "share_with_group": item.share_with_group,
                "include_in_filings": item.include_in_filings,
                "updated_at": item.consent_updated_at.isoformat() if item.consent_updated_at else None,
            },
            "uploaded_at": item.created_at.isoformat(),
            "approved_at": item.approved_at.isoformat() if item.approved_at else None,
            "filed_at": item.filed_at.isoformat() if item.filed_at else None,
            "originals_deleted_at": item.originals_deleted_at.isoformat()
            if item.originals_deleted_at
            else None,
        }
        for item in _items(user)
    ]


def export_files(user):
    for item in _items(user).exclude(original=""):
        yield _archive_name(item), private_storage, item.original.name


def on_lock(user) -> None:
    # A run already going notices it lost its claim and stores nothing (see processing.py).
    evidence_processing_cancel(user=user)


def on_restore(user) -> None:
    """Processing cancelled by the lock starts again: the files are still there during the grace period."""
    evidence_processing_resume(user=user)


def erase(user) -> None:
    evidence_owner_erase(user=user)


def register() -> None:
    register_privacy(
        "evidence",
        impact=impact,
        export=export,
        export_files=export_files,
        on_lock=on_lock,
        on_restore=on_restore,
        erase=erase,
    )
