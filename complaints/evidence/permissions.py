"""Who may see and change evidence.

Tiers (design): the original and the normalized file are the owner's alone; a moderator opens an
original only through an audited action. The redacted file is seen by the other active members of the
campaign only once the owner approved it and chose to share it, and no moderator question is open on it.
Moderators see the redacted file of items the owner released to the group or to filings.

`get_evidence_for_user` 404s when the user may not know the item exists and 403s when they may see it
but not change it. Views never fetch an item any other way.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.campaigns import permissions as campaign_permissions
from complaints.campaigns.models import Membership
from complaints.evidence.models import EvidenceItem


def is_owner(user, item: EvidenceItem) -> bool:
    return bool(getattr(user, "is_authenticated", False) and item.owner_id == user.pk)


def is_moderator(user) -> bool:
    return campaign_permissions.is_moderator(user)


def _is_active_member(user, item: EvidenceItem) -> bool:
    return campaign_permissions.is_active_member(user, item.campaign)


def is_visible_to_group(item: EvidenceItem) -> bool:
    return item.is_shared_with_group and item.membership.is_active


def is_released(item: EvidenceItem) -> bool:
    """The owner let the approved redacted version go beyond themselves (group or filings), or it is already
    a moderator's case (reported, decided); an item kept private is nobody's business but the owner's."""
    if item.reports_count or item.moderated_at is not None:
        return True
    return item.status == EvidenceItem.Status.APPROVED and (item.share_with_group or item.include_in_filings)


def can_moderate_evidence(user, item: EvidenceItem) -> bool:
    return is_moderator(user) and is_released(item)


def can_view_evidence(user, item: EvidenceItem) -> bool:
    """Knows the item exists and sees its redacted version."""
    if is_owner(user, item):
        return True
    if can_moderate_evidence(user, item):
        return True
    return is_visible_to_group(item) and _is_active_member(user, item)


def can_view_redacted(user, item: EvidenceItem) -> bool:
    return bool(item.redacted) and can_view_evidence(user, item)


def can_view_thumbnail(user, item: EvidenceItem) -> bool:
    return bool(item.thumbnail) and can_view_evidence(user, item)


def can_view_original(user, item: EvidenceItem) -> bool:
    """The plain download: the owner only. Moderators go through evidence_open_original."""
    return is_owner(user, item)


def can_view_normalized(user, item: EvidenceItem) -> bool:
    return is_owner(user, item) and bool(item.normalized)


def can_edit_evidence(user, item: EvidenceItem) -> bool:
    """Review, redact, approve, reject, delete: the owner."""
    return is_owner(user, item)


def can_report_evidence(user, item: EvidenceItem) -> bool:
    return not is_owner(user, item) and is_visible_to_group(item) and _is_active_member(user, item)


def can_open_original_as_moderator(user, item: EvidenceItem) -> bool:
    return can_moderate_evidence(user, item)


def can_upload_evidence(user, membership: Membership) -> bool:
    return campaign_permissions.can_edit_membership(user, membership)


def can_view_pooled_evidence(user, campaign) -> bool:
    return campaign_permissions.can_view_members(user, campaign)


def get_evidence_for_user(user, pk: int, *, write: bool = False) -> EvidenceItem:
    item = get_object_or_404(EvidenceItem.objects.select_related("membership", "campaign"), pk=pk)
    if not can_view_evidence(user, item):
        raise Http404
    if write and not can_edit_evidence(user, item):
        raise PermissionDenied
    return item


def get_evidence_for_moderator(user, pk: int) -> EvidenceItem:
    """Moderation pages: an item the owner released; to anyone else the page does not exist."""
    item = get_object_or_404(EvidenceItem.objects.select_related("membership", "campaign"), pk=pk)
    if not can_moderate_evidence(user, item):
        raise Http404
    return item
