"""Notification audiences of a campaign: its active members (all, those a task is for, those moved in by a
merge) and its organizers. Each page is one keyset query over the memberships, in user id order."""

from __future__ import annotations

from django.db.models import Q

from complaints.campaigns.hooks import task_members
from complaints.campaigns.models import Membership, MemberTask
from complaints.notifications.audiences import register_audience


def _task_filter(audience: str) -> Q:
    """The members a task is for, as a filter (the SQL twin of MemberTask.applies_to)."""
    match audience:
        case MemberTask.Audience.MISSING_AMOUNT:
            return Q(case__isnull=True) | Q(case__amount__isnull=True)
        case MemberTask.Audience.MISSING_DATE:
            return Q(case__isnull=True) | Q(case__incident_date__isnull=True)
        case MemberTask.Audience.MISSING_EVIDENCE:
            return Q(evidence_count=0)
        case MemberTask.Audience.MISSING_CONSENT:
            return Q(include_in_filings=False)
        case MemberTask.Audience.EVIDENCE_NOT_IN_FILINGS | MemberTask.Audience.NOT_NAMED:
            # Evidence and filings decide these (they sit above this app): see campaigns/hooks.py.
            return task_members(audience)
    return Q()


def campaign_members_audience(args: dict, after_id: int, limit: int) -> list[int]:
    """Active members of {"campaign": pk}; optionally only {"task_audience": ...}, those who have not done
    {"not_done": task pk}, {"merged_from": pk}, or {"organizers": true}."""
    rows = Membership.objects.filter(
        campaign_id=args["campaign"], status=Membership.Status.ACTIVE, user_id__gt=after_id
    )
    if args.get("organizers"):
        rows = rows.filter(role=Membership.Role.ORGANIZER)
    if args.get("merged_from"):
        rows = rows.filter(merged_from_id=args["merged_from"])
    if args.get("task_audience"):
        rows = rows.filter(_task_filter(args["task_audience"]))
    if args.get("not_done"):
        rows = rows.exclude(task_completions__task_id=args["not_done"])
    return list(rows.order_by("user_id").values_list("user_id", flat=True)[:limit])


def campaign_organizers_audience(args: dict, after_id: int, limit: int) -> list[int]:
    return campaign_members_audience({**args, "organizers": True}, after_id, limit)


def register() -> None:
    register_audience("campaign_members", campaign_members_audience)
    register_audience("campaign_organizers", campaign_organizers_audience)
