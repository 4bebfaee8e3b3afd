"""Services of the outreach app: follow and stop following, and tell followers what happened."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, CampaignUpdate, Platform
from complaints.campaigns.permissions import can_manage_campaign
from complaints.core.privacy import register_privacy
from complaints.core.services import audit_record
from complaints.core.sweeps import register_sweep
from complaints.notifications.kinds import Kind, in_each_language
from complaints.notifications.services import Target, notify
from complaints.outreach import invites
from complaints.outreach.models import CampaignGoal, Follow, RelayMark

KIND_FOR_MODE = {Follow.Mode.INSTANT: Kind.FOLLOWED_NEWS, Follow.Mode.DAILY: Kind.FOLLOWED_DIGEST}
# News is looked for again this far back: a row committed a little after a later one is still found, and
# notify()'s dedupe key makes a second look at the same row tell nobody twice.
RELAY_OVERLAP = timedelta(minutes=5)
RELAY_BATCH = 200


def follow_set(
    *,
    actor: Any,
    campaign: Campaign | None = None,
    platform: Platform | None = None,
    category: str = "",
    mode: str = Follow.Mode.INSTANT,
) -> Follow:
    """Follow a campaign, or a platform (all its harms or one), or change how the news comes; idempotent."""
    if (campaign is None) == (platform is None):
        raise ValueError("follow either a campaign or a platform")
    where = {"campaign": campaign} if campaign is not None else {"platform": platform, "category": category}
    with transaction.atomic():
        follow, _created = Follow.objects.update_or_create(user=actor, **where, defaults={"mode": mode})
    return follow


def goal_set(*, actor: Any, campaign: Campaign, members_wanted: int | None) -> CampaignGoal | None:
    """Set (or, with None, remove) how many members the organizers want before the next filing."""
    if not can_manage_campaign(actor, campaign):
        raise PermissionError("only an organizer sets the campaign's goal")
    with transaction.atomic():
        if members_wanted is None:
            CampaignGoal.objects.filter(campaign=campaign).delete()
            goal = None
        else:
            goal, _created = CampaignGoal.objects.update_or_create(
                campaign=campaign, defaults={"members_wanted": members_wanted}
            )
        audit_record(
            actor=actor, action="campaign.goal_set", target=campaign, data={"members_wanted": members_wanted}
        )
    return goal


def follow_remove(*, actor: Any, follow: Follow) -> None:
    """Stop following; nothing is kept of it."""
    if follow.user_id != actor.pk:
        raise PermissionError("only the follower can stop following")
    follow.delete()


def _has_followers(mode: str, **where: Any) -> bool:
    return Follow.objects.filter(mode=mode, **where).exists()


def _relay_updates(since) -> tuple[int, Any]:
    updates = list(
        CampaignUpdate.objects.filter(
            created_at__gt=since, kind=CampaignUpdate.Kind.POST, campaign__status__in=Campaign.PUBLIC_STATUSES
        )
        .select_related("campaign")
        .order_by("created_at", "pk")[:RELAY_BATCH]
    )
    for update in updates:
        campaign = update.campaign
        for mode, kind in KIND_FOR_MODE.items():
            if _has_followers(mode, campaign=campaign):
                notify(
                    actor=None,
                    kind=kind,
                    audience="campaign_followers",
                    audience_args={
                        "campaign": campaign.pk,
                        "mode": mode,
                        "news_at": update.created_at.isoformat(),
                    },
                    params={
                        "subject": campaign.title,
                        "detail": in_each_language(
                            _("The organizers posted: %(update)s"), update=update.title
                        ),
                    },
                    target=Target(
                        type="campaigns.campaignupdate", id=str(update.pk), url=campaign.get_absolute_url()
                    ),
                    dedupe_key=f"update:{update.pk}:{mode}",
                )
    return len(updates), updates[-1].created_at if updates else None


def _relay_new_campaigns(since) -> tuple[int, Any]:
    campaigns = list(
        Campaign.objects.filter(status=Campaign.Status.OPEN, reviewed_at__gt=since)
        .select_related("platform")
        .order_by("reviewed_at", "pk")[:RELAY_BATCH]
    )
    for campaign in campaigns:
        for mode, kind in KIND_FOR_MODE.items():
            if not _has_followers(mode, platform=campaign.platform):
                continue
            notify(
                actor=None,
                kind=kind,
                audience="platform_followers",
                audience_args={
                    "platform": campaign.platform_id,
                    "category": campaign.category,
                    "mode": mode,
                    "except": campaign.created_by_id,
                    "news_at": campaign.reviewed_at.isoformat(),
                },
                params={
                    "subject": campaign.platform.name,
                    "detail": in_each_language(
                        _("A campaign you can join has started: %(campaign)s"), campaign=campaign.title
                    ),
                },
                target=campaign,
                dedupe_key=f"campaign:{campaign.pk}:{mode}",
            )
    return len(campaigns), campaigns[-1].reviewed_at if campaigns else None


def follow_news_relay() -> int:
    """Tell followers of new updates and of campaigns opened on platforms they follow; safe to run twice."""
    told = 0
    for name, relay in (("updates", _relay_updates), ("campaigns", _relay_new_campaigns)):
        with transaction.atomic():
            now = timezone.now()
            mark, created = RelayMark.objects.select_for_update().get_or_create(
                name=name, defaults={"last_at": now}
            )
            if created:
                continue  # news from before the relay existed is old news
            count, last = relay(mark.last_at - RELAY_OVERLAP)
            if last is not None and last > mark.last_at:
                mark.last_at = last
                mark.save(update_fields=["last_at"])
            told += count
    return told


def _export(user) -> list[dict]:
    return [
        {
            "campaign": follow.campaign.slug if follow.campaign else None,
            "platform": follow.platform.slug if follow.platform else None,
            "category": follow.category,
            "mode": follow.mode,
            "since": follow.created_at.isoformat(),
        }
        for follow in Follow.objects.filter(user=user).select_related("campaign", "platform")
    ]


def _erase(user) -> None:
    Follow.objects.filter(user=user).delete()


def register() -> None:
    invites.register()
    register_sweep(follow_news_relay)
    register_privacy("outreach", export=_export, erase=_erase)
