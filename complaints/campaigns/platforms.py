"""A moderator's decisions on a platform a person named at intake: accept it, make it another name of a
platform in the directory (its campaigns move there), or reject it with a reason its campaigns' organizers
read. Each decision is an audit event."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.accounts.permissions import require_moderator
from complaints.campaigns import search, services
from complaints.campaigns.models import Campaign, Platform
from complaints.core.services import audit_record


def _pending(platform: Platform) -> Platform:
    locked = Platform.objects.select_for_update().get(pk=platform.pk)
    if locked.status != Platform.Status.PENDING:
        raise services.CampaignError(_("This platform is no longer waiting for review."))
    return locked


def platform_accept(*, actor: User, platform: Platform, reason: str = "") -> Platform:
    """Add a named platform to the directory."""
    require_moderator(actor)
    with transaction.atomic():
        locked = _pending(platform)
        locked.status = Platform.Status.ACTIVE
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action="platform.accept", target=locked, reason=reason)
    return locked


def platform_merge(*, actor: User, platform: Platform, target: Platform, reason: str = "") -> Platform:
    """Make a named platform another name of `target`: its names become aliases, its campaigns move."""
    require_moderator(actor)
    if target.pk == platform.pk or target.status != Platform.Status.ACTIVE:
        raise services.CampaignError(_("Choose a platform that is in the directory."))
    with transaction.atomic():
        locked = _pending(platform)
        target = Platform.objects.select_for_update().get(pk=target.pk)
        known = {search.name_key(n) for n in [target.name, target.name_en, *target.aliases]}
        for name in [locked.name, *locked.aliases]:
            if name and search.name_key(name) not in known:
                target.aliases = [*target.aliases, name]
                known.add(search.name_key(name))
        target.save(update_fields=["aliases"])
        moved = list(Campaign.objects.filter(platform=locked).values_list("pk", flat=True))
        Campaign.objects.filter(pk__in=moved).update(platform=target)
        locked.status, locked.merged_into = Platform.Status.MERGED, target
        locked.save(update_fields=["status", "merged_into"])
        search.index_campaigns(moved)
        audit_record(
            actor=actor,
            action="platform.merge",
            target=locked,
            reason=reason or f"→ {target.slug}",
        )
    return target


def platform_reject(*, actor: User, platform: Platform, reason: str) -> Platform:
    """Turn a named platform down; the campaigns waiting with it are rejected with the same reason."""
    require_moderator(actor)
    if not reason.strip():
        raise services.CampaignError(_("Give the person who named it a reason."))
    with transaction.atomic():
        locked = _pending(platform)
        locked.status, locked.rejection_reason = Platform.Status.REJECTED, reason.strip()
        locked.save(update_fields=["status", "rejection_reason"])
        audit_record(actor=actor, action="platform.reject", target=locked, reason=reason)
        for campaign in Campaign.objects.filter(platform=locked, status=Campaign.Status.PENDING):
            services.campaign_reject(actor=actor, campaign=campaign, reason=reason)
    return locked
