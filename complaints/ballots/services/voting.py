"""A member's secret ballot, its receipt, and their own answer to the offer (accept it, then what they got)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.ballots.models import Acceptance, Ballot, Offer, VoterRoll
from complaints.ballots.selectors import offer_electorate, uses_mandates
from complaints.ballots.services.common import (
    CLOSE_TASK,
    BallotError,
    enqueue,
    receipt_code_new,
    receipt_hash,
)
from complaints.campaigns.models import Membership
from complaints.core.services import audit_record
from complaints.filings.models import Outcome
from complaints.filings.services import FilingError, outcome_confirm
from complaints.notifications.kinds import Kind
from complaints.notifications.services import notifications_settle


def _own(actor, membership: Membership, offer: Offer) -> None:
    if (
        membership.user_id != actor.pk
        or membership.campaign_id != offer.campaign_id
        or not membership.is_active
    ):
        raise BallotError(_("Only a member of this campaign can answer its offer."))


def offer_vote(*, actor, offer: Offer, membership: Membership, choice: str) -> str:
    """Cast the member's one secret ballot; returns the receipt code (shown once, stored only as a hash).

    The roll entry and the ballot are written in one transaction, but nothing ties one to the other: the
    ballot has a random id, no time and no voter. The roll's unique constraint refuses a second ballot,
    also from two requests at once. The audit log records that the member voted, never how.
    """
    _own(actor, membership, offer)
    if choice not in Ballot.Choice.values:
        raise BallotError(_("Choose accept, reject or abstain."))
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if locked.status != Offer.Status.OPEN or timezone.now() >= locked.closes_at:
            raise BallotError(_("Voting on this offer is closed."))
        if not offer_electorate(locked).filter(pk=membership.pk).exists():
            if membership.joined_at < locked.opened_at and uses_mandates(locked):
                raise BallotError(
                    _("Only members who had signed the mandate (授权委托书) when voting opened can vote.")
                )
            raise BallotError(_("Only members who joined before voting opened can vote on this offer."))
        try:
            with transaction.atomic():
                VoterRoll.objects.create(offer=locked, membership=membership)
        except IntegrityError:
            raise BallotError(_("You have already voted on this offer. Each member votes once.")) from None
        code = receipt_code_new()
        Ballot.objects.create(offer=locked, choice=choice, receipt_hash=receipt_hash(locked.pk, code))
        Offer.objects.filter(pk=locked.pk).update(voted_count=F("voted_count") + 1)
        audit_record(actor=actor, action="offer.vote", target=locked)
        if locked.voted_count + 1 >= locked.electorate_count:
            transaction.on_commit(partial(enqueue, CLOSE_TASK, locked.pk))
    notifications_settle(
        target=offer, kinds=[Kind.OFFER_OPENED, Kind.OFFER_REMINDER], recipient_ids=[membership.user_id]
    )
    return code


def receipt_counted(offer: Offer, code: str) -> bool:
    """Whether a ballot with this receipt code is in the count (anyone holding the code may ask)."""
    return Ballot.objects.filter(offer=offer, receipt_hash=receipt_hash(offer.pk, code)).exists()


def offer_accept(*, actor, offer: Offer, membership: Membership, decision: str) -> Acceptance:
    """A member's own answer to the offer for their case (named, unlike the ballot); they may change it."""
    _own(actor, membership, offer)
    if decision not in Acceptance.Decision.values:
        raise BallotError(_("Choose whether you accept the offer for your own case."))
    if offer.status == Offer.Status.DRAFT:
        raise BallotError(_("This offer has not been put to the members yet."))
    with transaction.atomic():
        acceptance, _created = Acceptance.objects.update_or_create(
            offer=offer, membership=membership, defaults={"decision": decision}
        )
        audit_record(actor=actor, action="offer.accept", target=offer, data={"decision": decision})
    return acceptance


def member_share(offer: Offer, membership: Membership) -> Decimal | None:
    """What the offer gives this member, in the case's currency (None: their case has no amount)."""
    if offer.formula == Offer.Formula.FIXED:
        return offer.formula_value
    amount = getattr(getattr(membership, "case", None), "amount", None)
    if amount is None:
        return None
    return (amount * offer.formula_value / 100).quantize(Decimal("0.01"))


def offer_received(
    *, actor, offer: Offer, membership: Membership, result: str, amount_received: Decimal | None
) -> Outcome:
    """A member who accepted the offer confirms what they received, through the filings app's outcome."""
    _own(actor, membership, offer)
    accepted = Acceptance.objects.filter(
        offer=offer, membership=membership, decision=Acceptance.Decision.ACCEPT
    ).exists()
    if not accepted:
        raise BallotError(_("Accept the offer for your own case first."))
    try:
        outcome = outcome_confirm(
            actor=actor, membership=membership, result=result, amount_received=amount_received
        )
    except FilingError as exc:
        raise BallotError(str(exc)) from exc
    audit_record(actor=actor, action="offer.received", target=offer, data={"result": result})
    return outcome
