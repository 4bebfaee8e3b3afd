"""The evidence app's part in the consent page and its withdraw button (complaints.accounts.consent) and
in the demo data (complaints.core.demo). Registered in EvidenceConfig.ready()."""

from __future__ import annotations

from complaints.accounts.consent import ConsentRow, register_consent
from complaints.core.demo import register_demo
from complaints.evidence.models import EvidenceItem
from complaints.evidence.services import evidence_withdraw_consent

EVIDENCE_LIMIT = 200


def consent_fill(user, rows: list[ConsentRow]) -> None:
    """Each membership's evidence items, newest first (one query, at most EVIDENCE_LIMIT items)."""
    by_membership = {row.membership.pk: row for row in rows}
    items = (
        EvidenceItem.objects.filter(owner=user, membership_id__in=by_membership)
        .only(
            "pk",
            "membership_id",
            "original_name",
            "status",
            "share_with_group",
            "include_in_filings",
            "filed_at",
            "created_at",
        )
        .order_by("-created_at", "-id")[:EVIDENCE_LIMIT]
    )
    for item in items:
        by_membership[item.membership_id].evidence.append(item)


def consent_withdraw(*, actor, membership) -> None:
    evidence_withdraw_consent(actor=actor, membership=membership)


def register() -> None:
    register_consent("evidence", fill=consent_fill, withdraw=consent_withdraw, order=20)
    register_demo("complaints.evidence.demo")
