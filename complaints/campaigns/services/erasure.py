"""Erasing a person from campaigns (complaints/campaigns/privacy.py calls this at the end of the grace period).

Every membership row stays, so member counts, totals and pseudonym numbers stay right; what identifies the
person goes: the private facts of their cases, their consents, and their own known details wherever they
wrote them into campaign text others still read."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from complaints.accounts.models import User
from complaints.campaigns import search
from complaints.campaigns.cache import roster_changed
from complaints.campaigns.models import Campaign, CampaignUpdate, Case, Membership, MemberTask
from complaints.campaigns.scrubbing import known_identifiers, mentions, scrub


def campaigns_erase_person(*, user: User) -> None:
    """Erase what identifies the person in every campaign; they stay as anonymous counts."""
    identifiers = known_identifiers(user)
    with transaction.atomic():
        Case.objects.filter(membership__user=user).update(references="", account="")
        # The membership stays as an anonymous count (figures stay right); its consents end, so no
        # filing not yet submitted uses the case of a person who left the portal.
        Membership.objects.filter(user=user).update(
            share_with_group=False, include_in_filings=False, role=Membership.Role.MEMBER
        )
        roster_changed(*Membership.objects.filter(user=user).values_list("campaign_id", flat=True))
        _scrub_writings(user, identifiers)


def _scrub_writings(user: User, identifiers: list[str]) -> None:
    """Their details leave the updates, tasks and campaign pages they wrote, which stay without an author."""
    for update in CampaignUpdate.objects.filter(Q(author=user) | Q(author__isnull=True)).filter(
        mentions("title", identifiers) | mentions("body", identifiers)
    ):
        CampaignUpdate.objects.filter(pk=update.pk).update(
            title=scrub(update.title, identifiers)[:160], body=scrub(update.body, identifiers)
        )
    CampaignUpdate.objects.filter(author=user).update(author=None)
    for task in MemberTask.objects.filter(created_by=user):
        MemberTask.objects.filter(pk=task.pk).update(
            title=scrub(task.title, identifiers)[:160],
            description=scrub(task.description, identifiers),
            created_by=None,
        )
    started = list(Campaign.objects.filter(created_by=user))
    for campaign in started:
        Campaign.objects.filter(pk=campaign.pk).update(
            title=scrub(campaign.title, identifiers)[:160],
            summary=scrub(campaign.summary, identifiers),
            demands=scrub(campaign.demands, identifiers),
            created_by=None,
        )
    if started:
        search.index_campaigns([c.pk for c in started])
