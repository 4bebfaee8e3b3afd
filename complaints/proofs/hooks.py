"""The proofs app's part in what the apps below it do (registered in ProofsConfig.ready()):

- campaigns: a saved case hashes its order numbers again; a member who leaves loses their hashes; a merge
  hashes the moved members' numbers under the target campaign's key;
- evidence: a processed receipt whose text contains a claimed number marks the claim "receipt matches";
- core.privacy: erasure removes the person's hashes; the export says what was matched or verified, without
  any hash (a hash next to a person's identity would let the key's holder test guesses about them).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.campaigns import hooks as campaign_hooks
from complaints.campaigns.models import Case, Membership
from complaints.core.privacy import register_privacy
from complaints.evidence import hooks as evidence_hooks
from complaints.proofs import services
from complaints.proofs.models import Claim
from complaints.proofs.normalize import references_in


def _case_saved(
    sender, *, actor, membership: Membership, case: Case, created: bool = False, **kwargs
) -> None:
    if created and not references_in(case.references):
        return  # a first join without order numbers: nothing to hash, and no statement added to the join
    services.claims_recompute(actor=actor, membership=membership, case=case)


def _membership_left(sender, *, actor, membership: Membership, **kwargs) -> None:
    services.claims_forget(actor=actor, membership=membership)


def _campaigns_merged(sender, *, source, target, **kwargs) -> None:
    services.claims_merge_follow(source=source, target=target)


def _item_processed(sender, *, item_id: int, membership_id: int, text: str, **kwargs) -> None:
    services.receipt_check(item_id=item_id, membership_id=membership_id, text=text)


def export(user) -> list[dict]:
    claims = Claim.objects.filter(membership__user=user).select_related("membership__campaign").order_by("pk")
    return [
        {
            "campaign": claim.membership.campaign.title,
            "order_number": _("one of the numbers in your case (kept only as a keyed hash)"),
            "receipt_item": claim.receipt_item_id,
            "verified_at": claim.verified_at.isoformat() if claim.verified_at else None,
        }
        for claim in claims
    ]


def impact(user) -> list[str]:
    if not Claim.objects.filter(membership__user=user, verified_at__isnull=False).exists():
        return []
    return [_("Your verified purchases stop counting in the campaigns' figures.")]


def erase(user) -> None:
    services.proofs_erase_person(user=user)


def connect() -> None:
    campaign_hooks.case_saved.connect(_case_saved, dispatch_uid="proofs.case_saved")
    campaign_hooks.membership_left.connect(_membership_left, dispatch_uid="proofs.membership_left")
    campaign_hooks.campaigns_merged.connect(_campaigns_merged, dispatch_uid="proofs.campaigns_merged")
    evidence_hooks.item_processed.connect(_item_processed, dispatch_uid="proofs.item_processed")
    register_privacy("proofs", impact=impact, export=export, erase=erase)
