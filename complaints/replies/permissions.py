"""Who may do what with representatives and replies.

A representative is approved by a moderator for one platform and speaks only on that platform's public
campaigns; the role gives no sight of members: not their names, not their pseudonyms, not their cases.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from complaints.accounts.permissions import is_moderator
from complaints.campaigns.models import Campaign, Platform
from complaints.campaigns.permissions import is_active_member, is_organizer, viewer_membership
from complaints.replies.models import InfoRequest, Reply, Representative


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def representative_of(user, platform: Platform | int) -> Representative | None:
    """The user's approved representation of the platform, if any (asked afresh: a revocation counts at once)."""
    if not _signed_in(user):
        return None
    platform_id = platform if isinstance(platform, int) else platform.pk
    return Representative.objects.filter(
        user_id=user.pk, platform_id=platform_id, status=Representative.Status.APPROVED
    ).first()


def is_representative(user, platform: Platform | int) -> bool:
    return representative_of(user, platform) is not None


def can_reply_on_campaign(user, campaign: Campaign) -> bool:
    """The platform's approved representatives on its public campaigns; organizers for a follow-up."""
    if not campaign.is_public:
        return False
    return is_representative(user, campaign.platform_id) or is_organizer(user, campaign)


def can_ask_members(user, campaign: Campaign) -> bool:
    return campaign.is_public and is_representative(user, campaign.platform_id)


def can_see_info_requests(user, campaign: Campaign) -> bool:
    return is_organizer(user, campaign) or can_ask_members(user, campaign)


def can_mark_reply(user, reply: Reply) -> bool:
    return reply.from_platform and not reply.is_hidden and is_active_member(user, reply.campaign)


def get_representation_for_user(user, pk: int) -> Representative:
    """The person's own request or representation; anyone else's is not found."""
    if not _signed_in(user):
        raise Http404
    found = Representative.objects.select_related("platform").filter(pk=pk, user_id=user.pk).first()
    if found is None:
        raise Http404
    return found


def get_representation_for_moderator(user, pk: int) -> Representative:
    if not is_moderator(user):
        raise PermissionDenied
    found = Representative.objects.select_related("platform", "user").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_reply_for_member(user, pk: int) -> Reply:
    """A visible platform reply on a campaign the user is an active member of (404 otherwise)."""
    reply = Reply.objects.select_related("campaign", "platform").filter(pk=pk).first()
    if reply is None or not reply.campaign.is_public:
        raise Http404
    if not can_mark_reply(user, reply):
        raise Http404 if viewer_membership(user, reply.campaign) is None else PermissionDenied
    return reply


def get_info_request_for_organizer(user, pk: int) -> InfoRequest:
    found = InfoRequest.objects.select_related("campaign", "campaign__platform").filter(pk=pk).first()
    if found is None or not can_see_info_requests(user, found.campaign):
        raise Http404
    if not is_organizer(user, found.campaign):
        raise PermissionDenied
    return found
