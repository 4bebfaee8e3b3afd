"""What replies does when campaigns tells it something (campaigns/hooks.py)."""

from __future__ import annotations

from complaints.campaigns.hooks import membership_left
from complaints.replies.services import reply_figures_recount


def _member_left(sender, *, actor, membership, **kwargs) -> None:
    # A member who left no longer counts among those who confirmed a solution.
    reply_figures_recount(campaign=membership.campaign)


def register() -> None:
    membership_left.connect(_member_left, dispatch_uid="replies.member_left")
