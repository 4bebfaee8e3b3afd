"""The campaigns app's part in what lower apps ask of it: the consent page and its withdraw button
(complaints.accounts.consent), the person's identifiers for erasure (complaints.core.privacy) and the demo
data (complaints.core.demo). Registered in CampaignsConfig.ready()."""

from __future__ import annotations

from complaints.accounts.consent import ConsentRow, register_consent, register_memberships
from complaints.campaigns import permissions
from complaints.campaigns.models import Membership
from complaints.campaigns.privacy import known_identifiers
from complaints.campaigns.services import membership_consent_update
from complaints.core.demo import register_demo
from complaints.core.privacy import register_privacy


def consent_rows(user) -> list[ConsentRow]:
    memberships = (
        Membership.objects.filter(user=user).select_related("campaign").order_by("status", "-joined_at")
    )
    return [ConsentRow(membership=m) for m in memberships]


def membership_for_withdraw(user, slug: str) -> Membership:
    campaign = permissions.get_campaign_for_user(user, slug)
    membership = permissions.get_membership_for_user(user, campaign, write=True)
    membership.campaign = campaign  # the page names it: no second query
    return membership


def consent_withdraw(*, actor, membership: Membership) -> None:
    membership_consent_update(
        actor=actor, membership=membership, share_with_group=False, include_in_filings=False
    )


def register() -> None:
    register_memberships(rows=consent_rows, membership=membership_for_withdraw)
    register_consent("campaigns", withdraw=consent_withdraw, order=10)
    register_privacy("campaign_identifiers", identifiers=known_identifiers)
    register_demo("complaints.campaigns.demo")
