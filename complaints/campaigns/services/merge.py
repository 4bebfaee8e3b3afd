"""Folding a duplicate campaign into another: memberships and cases move, the old address redirects."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.accounts.permissions import require_moderator
from complaints.campaigns import hooks, search
from complaints.campaigns.models import (
    Campaign,
    CampaignUpdate,
    Membership,
)
from complaints.campaigns.services.common import CampaignError, CaseFacts, _case_or_new, _fill_case
from complaints.campaigns.services.figures import campaign_recount
from complaints.core.services import audit_record
from complaints.notifications.kinds import Kind
from complaints.notifications.services import notify

MERGE_BATCH = 1000


def campaign_merge(*, actor: User, source: Campaign, target: Campaign, reason: str = "") -> Campaign:
    """Fold a duplicate campaign into another: memberships and cases move, the old address redirects."""
    require_moderator(actor)
    if source.pk == target.pk:
        raise CampaignError(_("A campaign cannot be merged into itself."))
    with transaction.atomic():
        # Lock both rows in a fixed order so two merges cannot deadlock.
        locked = {
            c.pk: c
            for c in Campaign.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")
        }
        source, target = locked[source.pk], locked[target.pk]
        if source.status not in (Campaign.Status.PENDING, Campaign.Status.OPEN):
            raise CampaignError(_("Only a campaign waiting for review or open can be merged."))
        if target.status != Campaign.Status.OPEN:
            raise CampaignError(_("Merge into an open campaign."))
        if target.platform_id not in search.same_platform_ids(source.platform):
            raise CampaignError(
                _(
                    "These campaigns are about different platforms: merging would move members to another "
                    "company's campaign. Merge only campaigns of the same platform."
                )
            )
        duplicates = _merge_duplicates(source, target)
        moved = _merge_move(source, target)
        campaign_recount(campaign=target)
        campaign_recount(campaign=source)
        Campaign.objects.filter(pk=source.pk).update(
            status=Campaign.Status.MERGED, merged_into=target, reviewed_at=timezone.now()
        )
        # Anything merged into the source earlier now points straight at the target.
        Campaign.objects.filter(merged_into=source).update(merged_into=target)
        CampaignUpdate.objects.create(
            campaign=target, author=None, kind=CampaignUpdate.Kind.MERGE, title=source.title, body=""
        )
        audit_record(
            actor=actor,
            action="campaign.merge",
            target=source,
            reason=reason,
            data={"into": target.pk, "moved": moved, "duplicates": duplicates},
        )
    # Members learn it from Membership.merged_from on their dashboard and the target's timeline.

    notify(
        actor=actor,
        kind=Kind.CAMPAIGN_MERGED,
        audience="campaign_members",
        audience_args={"campaign": target.pk, "merged_from": source.pk},
        params={"campaign": source.title, "into": target.title},
        target=target,
        dedupe_key=f"campaign:{source.pk}:into:{target.pk}",
    )
    # Evidence follows its memberships into the target (the evidence app receives this; see campaigns/hooks.py).
    hooks.campaigns_merged.send(sender=Campaign, actor=actor, source=source, target=target)
    source.refresh_from_db()
    return source


def _merge_duplicates(source: Campaign, target: Campaign) -> int:
    """People in both campaigns keep their target membership, completed with facts from the source."""
    dupes = Membership.objects.filter(
        campaign=source, user_id__in=Membership.objects.filter(campaign=target).values("user_id")
    ).select_related("case")
    count = 0
    for old in dupes:
        count += 1
        kept = Membership.objects.select_related("case").get(campaign=target, user_id=old.user_id)
        old_case = _case_or_new(old)
        facts = CaseFacts(
            amount=old_case.amount,
            currency=old_case.currency,
            incident_date=old_case.incident_date,
            references=old_case.references,
            account=old_case.account,
        )
        kept_case = _case_or_new(kept)
        if old.is_active and not kept.is_active:
            kept.status = Membership.Status.ACTIVE
            kept.left_at = None
            kept.joined_at = old.joined_at
            kept.share_with_group = old.share_with_group
            kept.include_in_filings = old.include_in_filings
            kept.consent_updated_at = old.consent_updated_at
            kept.resolved_at = old.resolved_at
            kept.merged_from = source
            kept.save()
            _fill_case(kept_case, facts, overwrite=True)
        else:
            _fill_case(kept_case, facts, overwrite=False)
        kept_case.save()
        # The source row stays (left, no consent) so evidence linked to it is not lost.
        Membership.objects.filter(pk=old.pk).update(
            status=Membership.Status.LEFT,
            role=Membership.Role.MEMBER,
            left_at=timezone.now(),
            share_with_group=False,
            include_in_filings=False,
            consent_updated_at=timezone.now(),
        )
    return count


def _merge_move(source: Campaign, target: Campaign) -> int:
    """Move the other memberships over, numbered after the target's last member number."""
    ids = list(
        Membership.objects.filter(campaign=source)
        .exclude(user_id__in=Membership.objects.filter(campaign=target).values("user_id"))
        .order_by("pseudonym_number")
        .values_list("pk", flat=True)
    )
    start = target.pseudonym_counter
    for offset in range(0, len(ids), MERGE_BATCH):
        batch = [
            Membership(
                pk=pk,
                campaign_id=target.pk,
                pseudonym_number=start + offset + i + 1,
                role=Membership.Role.MEMBER,
                merged_from_id=source.pk,
            )
            for i, pk in enumerate(ids[offset : offset + MERGE_BATCH])
        ]
        Membership.objects.bulk_update(batch, ["campaign", "pseudonym_number", "role", "merged_from"])
    Campaign.objects.filter(pk=target.pk).update(pseudonym_counter=F("pseudonym_counter") + len(ids))
    return len(ids)
