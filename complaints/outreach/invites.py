"""Invite links: create one, open one, and count the join it leads to.

The token a visitor opened waits in their session (through sign-up and sign-in, which keep the session's
data). PendingInviteMiddleware hands it to this request's context, where the member_joined receiver, which
runs inside campaign_join, finds it: the service knows nothing of requests or invites.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from complaints.campaigns.hooks import member_joined
from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.permissions import is_active_member
from complaints.outreach.models import Invite, InviteJoin

logger = logging.getLogger(__name__)
SESSION_KEY = "outreach.invite"
# {"token": ..., "counted": bool} for the request being handled; None outside a request or without a token.
_pending: ContextVar[dict | None] = ContextVar("outreach_pending_invite", default=None)


def invite_create(*, actor: Any, campaign: Campaign) -> Invite:
    """The member's invite link to the campaign (one per member; asking again gives the same link)."""
    if not (campaign.is_open and is_active_member(actor, campaign)):
        raise PermissionError("only an active member of an open campaign can invite")
    invite = Invite.objects.filter(campaign=campaign, inviter=actor).first()
    if invite is None:
        invite, _created = Invite.objects.get_or_create(
            campaign=campaign, inviter=actor, defaults={"token": secrets.token_urlsafe(18)}
        )
    return invite


def invite_for_token(token: str) -> Invite | None:
    return Invite.objects.filter(token=token).select_related("campaign").first()


def invite_join_count(*, membership: Membership, token: str) -> bool:
    """Count one join for the invite behind `token`: once per member, never the inviter's own, same campaign."""
    invite = Invite.objects.filter(token=token, campaign_id=membership.campaign_id).first()
    if invite is None or invite.inviter_id == membership.user_id:
        return False
    with transaction.atomic():
        _join, created = InviteJoin.objects.get_or_create(
            membership_id=membership.pk, defaults={"invite": invite}
        )
        if created:
            Invite.objects.filter(pk=invite.pk).update(joins_count=F("joins_count") + 1)
    return created


def _on_member_joined(sender, membership: Membership, **kwargs) -> None:
    pending = _pending.get()
    if not pending:
        return
    try:
        with transaction.atomic():  # a savepoint: a failure here never undoes the join itself
            invite_join_count(membership=membership, token=pending["token"])
        pending["counted"] = True
    except Exception:
        logger.exception("could not count a join for an invite")


class PendingInviteMiddleware:
    """Makes the invite token waiting in the session known to the join; forgets it once it was counted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        token = session.get(SESSION_KEY) if session is not None and request.method == "POST" else None
        if not token:
            return self.get_response(request)
        state = {"token": token, "counted": False}
        reset = _pending.set(state)
        try:
            response = self.get_response(request)
        finally:
            _pending.reset(reset)
        if state["counted"]:
            session.pop(SESSION_KEY, None)
        return response


def register() -> None:
    member_joined.connect(_on_member_joined, dispatch_uid="outreach.invites.count_join")
