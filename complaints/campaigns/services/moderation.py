"""A campaign's review: approval, rejection, the organizer's corrected resubmission, and the moderators' notices."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.accounts.permissions import require_moderator
from complaints.campaigns import search
from complaints.campaigns.models import (
    Campaign,
    CampaignUpdate,
    Membership,
    Platform,
)
from complaints.campaigns.services.common import CampaignError, PlatformProposal, _page_texts
from complaints.campaigns.services.figures import _lock
from complaints.core.review import HIDDEN_NOTICE, HIDDEN_TEXT, moderators_notify, moderators_settle
from complaints.core.services import audit_record
from complaints.notifications.kinds import Kind
from complaints.notifications.services import notify


def _tell_moderators_if_pending(actor: User, campaign_id: int, *, round_key: str = "pending") -> None:
    """After commit, and only if the campaign still waits: one decided in the same transaction (the demo, an
    import) leaves no "waiting for a moderator" notice behind that its decision could not settle."""
    campaign = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.PENDING).first()
    if campaign is not None:
        moderators_notify(
            actor=actor, queue="campaigns", target=campaign, dedupe_key=f"campaign:{campaign.pk}:{round_key}"
        )


def _settle_for_moderators(campaign: Campaign) -> None:
    moderators_settle(target=campaign)


def campaign_approve(*, actor: User, campaign: Campaign, reason: str = "") -> Campaign:
    """Open a campaign that waited for review (once the platform it brought is decided)."""
    require_moderator(actor)
    if Platform.objects.filter(pk=campaign.platform_id, status=Platform.Status.PENDING).exists():
        raise CampaignError(_("Decide on the platform this campaign brought first."))
    with transaction.atomic():
        updated = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.PENDING).update(
            status=Campaign.Status.OPEN, reviewed_at=timezone.now(), last_activity_at=timezone.now()
        )
        if updated != 1:
            raise CampaignError(_("This campaign is no longer waiting for review."))
        audit_record(actor=actor, action="campaign.approve", target=campaign, reason=reason)
    campaign.refresh_from_db()
    _settle_for_moderators(campaign)
    _notify_organizers(actor, campaign, "CAMPAIGN_APPROVED", {})
    return campaign


def campaign_reject(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    """Turn a campaign down with a reason its organizer sees."""
    require_moderator(actor)
    if not reason.strip():
        raise CampaignError(_("Give the organizer a reason."))
    with transaction.atomic():
        updated = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.PENDING).update(
            status=Campaign.Status.REJECTED, rejection_reason=reason.strip(), reviewed_at=timezone.now()
        )
        if updated != 1:
            raise CampaignError(_("This campaign is no longer waiting for review."))
        audit_record(actor=actor, action="campaign.reject", target=campaign, reason=reason)
    campaign.refresh_from_db()
    _settle_for_moderators(campaign)
    _notify_organizers(actor, campaign, "CAMPAIGN_REJECTED", {"reason": reason.strip()})
    return campaign


def campaign_hide(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    """A moderator hides a reported campaign. Moderation audits the decision (with the hidden text) and
    tells the organizer; this is the campaign's side of it."""
    require_moderator(actor)
    # Rejected campaigns are seen only by their members and moderators, with the reason.
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.REJECTED, rejection_reason=reason)
    search.index_campaigns([campaign.pk])
    return campaign


def campaign_restore(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    """A moderator puts a campaign they hid back in public: open again, or closed if it had been closed.
    (A campaign turned down at review is corrected and resubmitted by its organizer instead.)"""
    require_moderator(actor)
    if not reason.strip():
        raise CampaignError(_("Give a reason."))
    with transaction.atomic():
        locked = _lock(campaign.pk)
        if locked.status != Campaign.Status.REJECTED:
            raise CampaignError(_("Only a hidden campaign can be restored."))
        status = Campaign.Status.CLOSED if locked.closed_at else Campaign.Status.OPEN
        Campaign.objects.filter(pk=locked.pk).update(status=status, rejection_reason="")
        search.index_campaigns([locked.pk])
        audit_record(actor=actor, action="campaign.restore", target=locked, reason=reason.strip())
    campaign.refresh_from_db()
    return campaign


def campaign_resubmit(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    summary: str,
    demands: str,
    platform: PlatformProposal | None = None,
    title_translation: str | None = None,
    summary_translation: str | None = None,
    demands_translation: str | None = None,
) -> Campaign:
    """An organizer corrects a rejected campaign (and the platform it named, when that was rejected too) and
    sends it back to the moderators. The earlier reason stays on both, so the queue shows what was asked."""
    with transaction.atomic():
        locked = _lock(campaign.pk)
        if not Membership.objects.filter(
            campaign=locked, user=actor, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
        ).exists():
            raise PermissionDenied
        if locked.status != Campaign.Status.REJECTED:
            raise CampaignError(_("Only a campaign that was not approved can be corrected and sent again."))
        named = Platform.objects.select_for_update().get(pk=locked.platform_id)
        earlier_name = named.name
        if named.status == Platform.Status.REJECTED:
            if platform is None or not platform.name.strip():
                raise CampaignError(_("Correct the platform's name, as the moderator asked."))
            where = platform.where.strip()
            named.name, named.legal_entity = platform.name.strip()[:120], platform.company.strip()[:200]
            named.aliases = [where[:120]] if where and where != named.name else []
            named.status = Platform.Status.PENDING
            named.save(update_fields=["name", "legal_entity", "aliases", "status"])
        texts = _page_texts(
            title=title,
            summary=summary,
            demands=demands,
            title_translation=title_translation,
            summary_translation=summary_translation,
            demands_translation=demands_translation,
        )
        Campaign.objects.filter(pk=locked.pk).update(
            **texts, status=Campaign.Status.PENDING, last_activity_at=timezone.now()
        )
        search.index_campaigns([locked.pk])
        # A new round of review: the moderators are told again (the first notice was settled by the rejection).
        round_key = f"resubmitted:{timezone.now():%Y%m%d%H%M%S%f}"
        transaction.on_commit(partial(_tell_moderators_if_pending, actor, locked.pk, round_key=round_key))
        audit_record(
            actor=actor,
            action="campaign.resubmit",
            target=locked,
            data={"earlier_reason": locked.rejection_reason}
            | ({"platform_renamed": [earlier_name, named.name]} if named.name != earlier_name else {}),
        )
    campaign.refresh_from_db()
    return campaign


def _notify_organizers(actor: User, campaign: Campaign, kind: str, params: dict) -> None:

    notify(
        actor=actor,
        kind=Kind[kind],
        audience="campaign_organizers",
        audience_args={"campaign": campaign.pk},
        params={"campaign": campaign.title, **params},
        target=campaign,
        # One message per review decision: a campaign resubmitted and rejected again is told again.
        dedupe_key=f"campaign:{campaign.pk}:{campaign.reviewed_at.isoformat() if campaign.reviewed_at else ''}",
    )


def campaign_update_hide(*, actor: User, update: CampaignUpdate, reason: str) -> None:
    """A moderator hid a reported organizer update: its text leaves the page (the moderator's audit event
    keeps it for moderators)."""
    CampaignUpdate.objects.filter(pk=update.pk).update(title=HIDDEN_NOTICE, body=HIDDEN_TEXT)
