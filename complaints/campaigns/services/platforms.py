"""Platforms: one named at intake, saved by an admin, and the search index of their campaigns."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.text import slugify

from complaints.accounts.models import User
from complaints.campaigns import search
from complaints.campaigns.models import (
    Platform,
)
from complaints.campaigns.search import platform_reindex_task
from complaints.core.services import audit_record


@dataclass(frozen=True)
class PlatformProposal:
    """A platform as a person named it at intake: the name they know, the app or website, the company."""

    name: str
    where: str = ""
    company: str = ""


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
