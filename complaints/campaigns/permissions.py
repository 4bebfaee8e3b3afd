"""Who may see and change what in the campaigns app.

`can_*` answer yes or no. `get_*_for_user` fetch an object for a view: 404 when the user may not see it
(so nobody learns that a hidden campaign or someone else's case exists), 403 when they may see but not
change it. Views never fetch a campaign, membership, case or task any other way.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import FilteredRelation, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.accounts import permissions as account_permissions
from complaints.campaigns.models import Campaign, Membership, MemberTask


def _one(queryset):
    """The one row or None; get() leaves out the ORDER BY that first() would add (slugs are unique)."""
    try:
        return queryset.get()
    except ObjectDoesNotExist:
        return None


def _campaign_for_anyone(slug: str) -> Campaign | None:
    return _one(Campaign.objects.select_related("platform").filter(slug=slug))


def _campaign_with_viewer(slug: str, user_id: int) -> Campaign | None:
    """For a signed-in viewer the campaign row comes with their own membership and case (at most one: one per
    person per campaign), so the campaign's pages learn "is this a member, an organizer?" without a second
    query."""
    return _one(
        Campaign.objects.annotate(
            viewer_row=FilteredRelation("memberships", condition=Q(memberships__user_id=user_id))
        )
        .select_related("platform", "viewer_row__case")
        .filter(slug=slug)
    )


def viewer_membership(user, campaign: Campaign) -> Membership | None:
    """The user's own membership (active or left) of the campaign, fetched once per campaign instance."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = campaign.__dict__.setdefault("_viewer_memberships", {})
    if user.pk not in cache:
        cache[user.pk] = _one(
            Membership.objects.filter(campaign_id=campaign.pk, user_id=user.pk).select_related("case")
        )
    return cache[user.pk]


is_moderator = account_permissions.is_moderator


def is_active_member(user, campaign: Campaign) -> bool:
    membership = viewer_membership(user, campaign)
    return membership is not None and membership.is_active


def is_organizer(user, campaign: Campaign) -> bool:
    membership = viewer_membership(user, campaign)
    return membership is not None and membership.is_organizer


def can_view_campaign(user, campaign: Campaign) -> bool:
    # Merged campaigns redirect to where their members went, so their address stays valid for anyone.
    if campaign.is_public or campaign.status == Campaign.Status.MERGED:
        return True
    # Pending and rejected: the people in it (to see the moderator's answer) and the moderators.
    return viewer_membership(user, campaign) is not None or is_moderator(user)


def can_join_campaign(user, campaign: Campaign) -> bool:
    return campaign.is_open and not is_active_member(user, campaign)


def can_view_members(user, campaign: Campaign) -> bool:
    return is_active_member(user, campaign)


def can_manage_campaign(user, campaign: Campaign) -> bool:
    return campaign.status in Campaign.MANAGEABLE_STATUSES and is_organizer(user, campaign)


def can_resubmit_campaign(user, campaign: Campaign) -> bool:
    return campaign.status == Campaign.Status.REJECTED and is_organizer(user, campaign)


def get_campaign_for_resubmit(user, slug: str) -> Campaign:
    """A rejected campaign its organizer may correct and send again."""
    campaign = get_campaign_for_user(user, slug)
    if not can_resubmit_campaign(user, campaign):
        raise PermissionDenied
    return campaign


def can_moderate_campaign(user, campaign: Campaign | None = None) -> bool:
    return is_moderator(user)


def can_view_exact_figures(user, campaign: Campaign) -> bool:
    """Members and moderators see exact small counts; the public sees "fewer than 5"."""
    return is_active_member(user, campaign) or is_moderator(user)


def can_edit_membership(user, membership: Membership) -> bool:
    return getattr(user, "is_authenticated", False) and membership.user_id == user.pk and membership.is_active


def can_complete_task(user, task: MemberTask) -> bool:
    return is_active_member(user, task.campaign)


def _campaign_by_slug(user, slug: str) -> Campaign | None:
    if not getattr(user, "is_authenticated", False):
        return _campaign_for_anyone(slug)
    campaign = _campaign_with_viewer(slug, user.pk)
    if campaign is not None:
        # Django sets the attribute only when there is a row (and points the membership at this campaign).
        campaign.__dict__["_viewer_memberships"] = {user.pk: campaign.__dict__.pop("viewer_row", None)}
    return campaign


def get_campaign_for_user(user, slug: str, *, write: bool = False) -> Campaign:
    campaign = _campaign_by_slug(user, slug)
    if campaign is None or not can_view_campaign(user, campaign):
        raise Http404
    if write and not can_manage_campaign(user, campaign):
        raise PermissionDenied
    return campaign


def get_membership_for_user(user, campaign: Campaign, *, write: bool = False) -> Membership:
    """The user's own membership; another person's is never reachable through this."""
    membership = viewer_membership(user, campaign)
    if membership is None:
        raise Http404
    if write and not can_edit_membership(user, membership):
        raise PermissionDenied
    return membership


def get_member_for_user(user, campaign: Campaign, number: int, *, write: bool = False) -> Membership:
    """Another member, by pseudonym number within the campaign: for members to see, organizers to change."""
    if not can_view_members(user, campaign):
        raise Http404
    membership = get_object_or_404(
        Membership.objects.filter(campaign=campaign, status=Membership.Status.ACTIVE), pseudonym_number=number
    )
    if write and not can_manage_campaign(user, campaign):
        raise PermissionDenied
    return membership


def get_task_for_user(user, campaign: Campaign, task_id: int, *, write: bool = False) -> MemberTask:
    if not is_active_member(user, campaign):
        raise Http404
    task = get_object_or_404(MemberTask.objects.filter(campaign=campaign), pk=task_id)
    task.campaign = campaign
    if write and not can_manage_campaign(user, campaign):
        raise PermissionDenied
    return task
