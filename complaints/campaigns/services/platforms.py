"""Platforms: one named at intake and a moderator's decision on it (accept, merge into another, reject), one
saved by an admin, and the search index of their campaigns."""

from __future__ import annotations

import secrets
from functools import partial

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.accounts.permissions import require_moderator
from complaints.campaigns import search
from complaints.campaigns.models import Campaign, Platform
from complaints.campaigns.search import platform_reindex_task
from complaints.campaigns.services.common import CampaignError, PlatformProposal
from complaints.campaigns.services.moderation import campaign_reject
from complaints.core.services import audit_record


def platform_propose(*, actor: User, proposal: PlatformProposal) -> Platform:
    """Add a platform nobody has named yet, pending review with the campaign that brought it."""
    where = proposal.where.strip()
    is_site = "." in where and " " not in where
    website = where if "://" in where else f"https://{where}" if is_site else ""
    aliases = [where] if where and not is_site and where != proposal.name else []
    base = slugify(proposal.name)[:50].strip("-") or "platform"
    slug = f"{base}-{secrets.token_hex(3)}"
    with transaction.atomic():
        platform = Platform.objects.create(
            slug=slug,
            name=proposal.name.strip()[:120],
            legal_entity=proposal.company.strip()[:200],
            website=website[:200],
            aliases=aliases,
            status=Platform.Status.PENDING,
            proposed_by=actor,
        )
        audit_record(actor=actor, action="platform.propose", target=platform)
    return platform


def platform_save(*, actor: User | None, platform: Platform) -> Platform:
    """Save a platform (admin); its campaigns are re-indexed so a new alias finds them."""
    with transaction.atomic():
        platform.save()
        transaction.on_commit(partial(platform_reindex_task.delay, platform.pk))
    return platform


def platform_reindex(*, platform_id: int) -> int:
    """Re-index the search text of every campaign of a platform."""
    return search.platform_reindex(platform_id)


# --- A moderator's decisions on a platform named at intake (each one audited) ---------------------------


def _pending(platform: Platform) -> Platform:
    locked = Platform.objects.select_for_update().get(pk=platform.pk)
    if locked.status != Platform.Status.PENDING:
        raise CampaignError(_("This platform is no longer waiting for review."))
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
        raise CampaignError(_("Choose a platform that is in the directory."))
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
        raise CampaignError(_("Give the person who named it a reason."))
    with transaction.atomic():
        locked = _pending(platform)
        locked.status, locked.rejection_reason = Platform.Status.REJECTED, reason.strip()
        locked.save(update_fields=["status", "rejection_reason"])
        audit_record(actor=actor, action="platform.reject", target=locked, reason=reason)
        for campaign in Campaign.objects.filter(platform=locked, status=Campaign.Status.PENDING):
            campaign_reject(actor=actor, campaign=campaign, reason=reason)
    return locked
