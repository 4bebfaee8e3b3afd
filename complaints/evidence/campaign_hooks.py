"""The evidence app's part in campaigns (complaints/campaigns/hooks.py): a member who leaves stops sharing
their evidence, evidence follows a merged campaign, and the member tasks about evidence not yet in filings."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.campaigns import hooks
from complaints.campaigns.models import Campaign, Membership, MemberTask
from complaints.evidence.selectors import evidence_not_in_filings
from complaints.evidence.services import evidence_merge_follow, evidence_withdraw_consent


def _membership_left(sender, *, actor, membership: Membership, **kwargs) -> None:
    evidence_withdraw_consent(actor=actor, membership=membership)


def _campaigns_merged(sender, *, source: Campaign, target: Campaign, **kwargs) -> None:
    evidence_merge_follow(source=source, target=target)


def _not_in_filings_applies(task: MemberTask, membership: Membership) -> bool:
    return evidence_not_in_filings().filter(membership=membership).exists()


def _not_in_filings_members() -> Q:
    return Q(Exists(evidence_not_in_filings().filter(membership=OuterRef("pk"))))


def _choose_for_filings(membership: Membership, campaign: Campaign) -> hooks.NextStep:
    """A task about evidence ends at the choice that lets filings use it, not at a thank-you."""
    item = evidence_not_in_filings().filter(membership=membership).order_by("created_at", "id").first()
    message = _("Thank you. Now choose whether filings may use your evidence.")
    if item is not None:
        return hooks.NextStep(reverse("evidence:review", kwargs={"pk": item.pk}), message)
    return hooks.NextStep(reverse("evidence:mine", kwargs={"slug": campaign.slug}), message)


def connect() -> None:
    hooks.membership_left.connect(_membership_left, dispatch_uid="evidence.membership_left")
    hooks.campaigns_merged.connect(_campaigns_merged, dispatch_uid="evidence.campaigns_merged")
    hooks.register_task_audience(
        MemberTask.Audience.EVIDENCE_NOT_IN_FILINGS,
        hooks.TaskAudience(
            applies=_not_in_filings_applies, members=_not_in_filings_members, next_step=_choose_for_filings
        ),
    )
    hooks.register_task_audience(
        MemberTask.Audience.MISSING_EVIDENCE, hooks.TaskAudience(next_step=_choose_for_filings)
    )
