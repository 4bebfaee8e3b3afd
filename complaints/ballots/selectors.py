"""Reads of the ballots app: who may vote on an offer, and what the pages show."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from complaints.ballots.models import Acceptance, Ballot, Offer, VoterRoll
from complaints.campaigns.models import Membership
from complaints.mandates.selectors import current_text, represented, signing_open


def _on_roll(campaign_id, opened_at) -> Q:
    """The one rule of eligibility, as a filter of memberships (values, or `OuterRef`s to an offer's fields).

    Active members of the campaign who joined before voting opened. A campaign that uses mandates (its
    organizers published a mandate text) counts only those who had signed it when voting opened and still
    hold a valid mandate of the current version: those are the ones who authorized someone to act for them,
    so only they decide on a settlement. A signature after voting opened does not add anyone to the roll,
    which is fixed then (its size is the quorum's base). Before voting opens, everyone who qualifies now.
    """
    rule = Q(campaign_id=campaign_id, status=Membership.Status.ACTIVE)
    if opened_at is not None:
        rule &= Q(joined_at__lt=opened_at)
    return rule & represented(signed_by=opened_at)


def voted_on_now() -> QuerySet[Offer]:
    """Offers being voted on now: open, their deadline still ahead (their rolls are fixed)."""
    return Offer.objects.filter(status=Offer.Status.OPEN, closes_at__gt=timezone.now())


def offer_electorate(offer: Offer) -> QuerySet[Membership]:
    """The members who may vote on `offer` (the roll: see `_on_roll`)."""
    return Membership.objects.filter(_on_roll(offer.campaign_id, offer.opened_at))


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
    # Off the roll because they joined after voting opened (rather than for want of a mandate).
    joined_late: bool = False
    # Before voting opens, a member the mandate rule would keep out who can still sign (the page links to it).
    can_sign: bool = False


def member_view(offer: Offer, membership: Membership | None) -> MemberView:
    if membership is None or not membership.is_active:
        return MemberView(False, None, None, is_member=False)
    on_roll = offer_electorate(offer).filter(pk=membership.pk).exists()
    roll = VoterRoll.objects.filter(offer=offer, membership=membership).values_list("voted_at", flat=True)
    acceptance = Acceptance.objects.filter(offer=offer, membership=membership).first()
    not_opened = offer.opened_at is None
    return MemberView(
        eligible=on_roll and offer.status != Offer.Status.DRAFT,
        voted_at=next(iter(roll), None),
        acceptance=acceptance,
        joined_late=not not_opened and membership.joined_at >= offer.opened_at,
        # Once voting opens the roll is fixed: signing then would not give a vote, so no link to sign.
        can_sign=not_opened and not on_roll and uses_mandates(offer) and signing_open(offer.campaign),
    )


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


@dataclass(frozen=True)
class OpenVote:
    """An open vote a member is on the roll of (the dashboard's line), and whether they voted."""

    offer_id: int
    membership_id: int
    last_day: object
    voted: bool


def open_votes(memberships: list[Membership]) -> list[OpenVote]:
    """The open votes these memberships are on the roll of, soonest deadline first: one query for them all."""
    mine = Membership.objects.filter(pk__in=[m.pk for m in memberships], campaign_id=OuterRef("campaign_id"))
    on_roll = mine.filter(_on_roll(OuterRef("campaign_id"), OuterRef("opened_at"))).values("pk")[:1]
    offers = (
        voted_on_now()
        .filter(campaign_id__in={m.campaign_id for m in memberships})
        .annotate(member=Subquery(on_roll))
        .filter(member__isnull=False)
        .annotate(
            voted=Exists(VoterRoll.objects.filter(offer_id=OuterRef("pk"), membership_id=OuterRef("member")))
        )
        .order_by("closes_at", "pk")
        .only("pk", "closes_at")
    )
    return [OpenVote(o.pk, o.member, o.last_day, o.voted) for o in offers]
