"""Reads of the ballots app: who may vote on an offer, and what the pages show."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from complaints.ballots.models import Acceptance, Ballot, Offer, VoterRoll
from complaints.campaigns.models import Membership
from complaints.mandates.selectors import current_text, mandate_signers, signing_open


def offer_electorate(offer: Offer) -> QuerySet[Membership]:
    """The members who may vote on `offer`: active in its campaign and joined before voting opened.

    The one rule of eligibility. A campaign that uses mandates (its organizers published a mandate text)
    counts only the members who signed the current version and have not revoked it: those are the ones
    who authorized someone to act for them, so only they decide on a settlement. Before voting opens,
    everyone active now would be eligible.
    """
    members = Membership.objects.filter(campaign_id=offer.campaign_id, status=Membership.Status.ACTIVE)
    if offer.opened_at is not None:
        members = members.filter(joined_at__lt=offer.opened_at)
    if uses_mandates(offer):
        members = members.filter(pk__in=mandate_signers(offer.campaign))
    return members


def uses_mandates(offer: Offer) -> bool:
    """Only mandate signers vote on the offer (offer_electorate's rule; the pages say which rule holds)."""
    return current_text(offer.campaign) is not None


def offer_non_voters(offer: Offer) -> QuerySet[Membership]:
    """Eligible members with no entry in the voter roll (for the reminder)."""
    voted = VoterRoll.objects.filter(offer_id=offer.pk, membership_id=OuterRef("pk"))
    return offer_electorate(offer).exclude(Exists(voted))


def campaign_offers(campaign, *, drafts: bool) -> QuerySet[Offer]:
    offers = Offer.objects.filter(campaign=campaign)
    if not drafts:
        offers = offers.exclude(status=Offer.Status.DRAFT)
    return offers.order_by("-created_at", "-id")


@dataclass(frozen=True)
class MemberView:
    """What one member sees of an offer: may they vote, did they, their own answer."""

    eligible: bool
    voted_at: object | None
    acceptance: Acceptance | None
    is_member: bool = True
    # A member the mandate rule keeps out who could sign it now (the page links to the sign page).
    can_sign: bool = False


def member_view(offer: Offer, membership: Membership | None) -> MemberView:
    if membership is None or not membership.is_active:
        return MemberView(False, None, None, is_member=False)
    eligible = (
        offer.status != Offer.Status.DRAFT and offer_electorate(offer).filter(pk=membership.pk).exists()
    )
    roll = VoterRoll.objects.filter(offer=offer, membership=membership).values_list("voted_at", flat=True)
    acceptance = Acceptance.objects.filter(offer=offer, membership=membership).first()
    can_sign = not eligible and uses_mandates(offer) and signing_open(offer.campaign)
    if can_sign and offer.opened_at is not None:
        can_sign = membership.joined_at < offer.opened_at  # signing would make them eligible
    return MemberView(eligible, next(iter(roll), None), acceptance, can_sign=can_sign)


def receipt_hashes(offer: Offer) -> list[str]:
    """Every counted ballot's receipt hash, in hash order (which says nothing about when it was cast)."""
    return list(
        Ballot.objects.filter(offer=offer).order_by("receipt_hash").values_list("receipt_hash", flat=True)
    )


def acceptance_counts(offer: Offer) -> dict[str, int]:
    """How many members accepted or declined the offer for their own case (one aggregate query)."""
    return Acceptance.objects.filter(offer=offer).aggregate(
        **{decision: Count("pk", filter=Q(decision=decision)) for decision in Acceptance.Decision.values}
    )
