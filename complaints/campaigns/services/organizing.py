"""Starting a campaign and running it: its page, closing it, and the updates on its timeline."""

from __future__ import annotations

import secrets
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.campaigns import search
from complaints.campaigns.matching import text_language
from complaints.campaigns.models import (
    Campaign,
    CampaignUpdate,
    Membership,
    Platform,
)
from complaints.campaigns.services.common import (
    DOUBLE_SUBMIT_WINDOW,
    CampaignError,
    CaseFacts,
    PlatformProposal,
    _case_from,
    _page_texts,
)
from complaints.campaigns.services.figures import _apply_figures, _contribution, _lock
from complaints.campaigns.services.moderation import _tell_moderators_if_pending
from complaints.campaigns.services.platforms import platform_propose
from complaints.core.services import audit_record
from complaints.notifications.kinds import Kind
from complaints.notifications.services import Target, notify

RESERVED_SLUGS = {"new", "mine", "search", "start", "edit"}


def _unique_slug(title: str, platform: Platform, category: str) -> str:
    base = slugify(title)[:60].strip("-")
    if len(base) < 4:
        base = f"{platform.slug}-{category.replace('_', '-')}"[:60]
    candidate = base
    for _attempt in range(5):
        if candidate not in RESERVED_SLUGS and not Campaign.objects.filter(slug=candidate).exists():
            return candidate
        candidate = f"{base}-{secrets.token_hex(3)}"
    return f"{base}-{secrets.token_hex(6)}"


def campaign_start(
    *,
    actor: User,
    platform: Platform | None,
    category: str,
    title: str,
    summary: str,
    demands: str,
    facts: CaseFacts | None = None,
    share_with_group: bool = False,
    include_in_filings: bool = False,
    new_platform: PlatformProposal | None = None,
) -> Campaign:
    """Open a new campaign for moderation; the starter becomes its organizer with their own case. A platform
    they named (`new_platform`) is added pending, and reviewed with the campaign."""
    with transaction.atomic():
        if platform is None:
            platform = platform_propose(actor=actor, proposal=new_platform)
        campaign = Campaign.objects.create(
            slug=_unique_slug(title, platform, category),
            title=title.strip(),
            platform=platform,
            category=category,
            summary=summary.strip(),
            demands=demands.strip(),
            language=text_language(f"{title} {summary}"),
            status=Campaign.Status.PENDING,
            created_by=actor,
            pseudonym_counter=1,
        )
        membership = Membership.objects.create(
            campaign=campaign,
            user=actor,
            role=Membership.Role.ORGANIZER,
            pseudonym_number=1,
            share_with_group=share_with_group,
            include_in_filings=include_in_filings,
            consent_updated_at=timezone.now(),
        )
        case = _case_from(facts or CaseFacts(), membership)
        case.save()
        _apply_figures(_lock(campaign.pk), None, _contribution(membership, case))
        search.index_campaigns([campaign.pk])
        audit_record(actor=actor, action="campaign.start", target=campaign)
    transaction.on_commit(partial(_tell_moderators_if_pending, actor, campaign.pk))
    campaign.refresh_from_db()
    return campaign


def campaign_edit(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    summary: str,
    demands: str,
    title_translation: str | None = None,
    summary_translation: str | None = None,
    demands_translation: str | None = None,
) -> Campaign:
    """Change the campaign page: title, summary and demands, and (when given) their translation."""
    changes = _page_texts(
        title=title,
        summary=summary,
        demands=demands,
        title_translation=title_translation,
        summary_translation=summary_translation,
        demands_translation=demands_translation,
    )
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(**changes, last_activity_at=timezone.now())
        search.index_campaigns([campaign.pk])
        audit_record(actor=actor, action="campaign.edit", target=campaign)
    campaign.refresh_from_db()
    return campaign


def campaign_close(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    """An organizer ends an open campaign with a closing note the members receive as an update.

    A closed campaign stays readable but takes no new members; the evidence retention clock
    (complaints/evidence/retention.py) starts at `closed_at`.
    """
    reason = reason.strip()
    if not reason:
        raise CampaignError(_("Tell the members why the campaign ends and what came of it."))
    with transaction.atomic():
        locked = _lock(campaign.pk)
        if not Membership.objects.filter(
            campaign=locked, user=actor, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
        ).exists():
            raise PermissionDenied
        now = timezone.now()
        updated = Campaign.objects.filter(pk=locked.pk, status=Campaign.Status.OPEN).update(
            status=Campaign.Status.CLOSED, closed_at=now, last_activity_at=now
        )
        if updated != 1:
            raise CampaignError(_("Only an open campaign can be closed."))
        audit_record(actor=actor, action="campaign.close", target=locked, reason=reason)
    campaign.refresh_from_db()
    campaign_post_update(actor=actor, campaign=campaign, title=_("The campaign is closed"), body=reason)
    return campaign


def campaign_post_update(*, actor: User, campaign: Campaign, title: str, body: str) -> CampaignUpdate:
    """Post an organizer's update on the campaign timeline."""
    with transaction.atomic():
        _lock(campaign.pk)
        # A double click or a resent form posts the same update twice: the members get it once.
        update = CampaignUpdate.objects.filter(
            campaign=campaign, author=actor, title=title.strip(), body=body.strip(),
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).first()  # fmt: skip
        if update is not None:
            return update
        update = CampaignUpdate.objects.create(
            campaign=campaign, author=actor, title=title.strip(), body=body.strip()
        )
        Campaign.objects.filter(pk=campaign.pk).update(last_activity_at=timezone.now())

    notify(
        actor=actor,
        kind=Kind.UPDATE_POSTED,
        audience="campaign_members",
        audience_args={"campaign": campaign.pk},
        params={"campaign": campaign.title, "update": update.title},
        target=Target(
            type=update._meta.label_lower,
            id=str(update.pk),
            url=reverse("campaigns:updates", args=[campaign.slug]) + f"#update-{update.pk}",
        ),
        dedupe_key=f"update:{update.pk}",
    )
    return update
