"""Notification audiences of a filing's campaign: its active members, or only its organizers."""

from __future__ import annotations

from complaints.campaigns.models import Membership
from complaints.notifications.audiences import register_audience


def _members(args: dict, after_id: int, limit: int, *, organizers: bool = False) -> list[int]:
    rows = Membership.objects.filter(
        campaign_id=args["campaign"], status=Membership.Status.ACTIVE, user_id__gt=after_id
    )
    if organizers:
        rows = rows.filter(role=Membership.Role.ORGANIZER)
    return list(rows.order_by("user_id").values_list("user_id", flat=True)[:limit])


def members_audience(args: dict, after_id: int, limit: int) -> list[int]:
    return _members(args, after_id, limit)


def organizers_audience(args: dict, after_id: int, limit: int) -> list[int]:
    return _members(args, after_id, limit, organizers=True)


def register() -> None:
    register_audience("filings.members", members_audience)
    register_audience("filings.organizers", organizers_audience)
