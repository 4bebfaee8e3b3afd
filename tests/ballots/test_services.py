"""Offers and votes through the services: who may vote, once, until when; the count and its publication."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from complaints.ballots import services
from complaints.ballots.models import Acceptance, Ballot, Offer, VoterRoll
from complaints.ballots.selectors import offer_electorate
from complaints.ballots.services import BallotError, Tally
from complaints.campaigns.models import Membership
from complaints.core.models import AuditEvent
from complaints.filings.models import Outcome
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Broadcast, Notification
from tests.ballots.conftest import record_offer
from tests.factories import join

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages in English, so assertions read like the source strings."""
    with translation.override("en"):
        yield


def _vote(membership, offer, choice="accept") -> str:
    return services.offer_vote(actor=membership.user, offer=offer, membership=membership, choice=choice)


def test_opening_fixes_the_electorate_and_a_deadline_in_working_days(
    campaign, organizer, voters, django_capture_on_commit_callbacks
):
    draft = record_offer(campaign, organizer, working_days=3)
    assert draft.status == Offer.Status.DRAFT and draft.closes_at is None
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.offer_open(actor=organizer, offer=draft)
    assert offer.status == Offer.Status.OPEN
    assert offer.electorate_count == 5
    assert offer.closes_at > timezone.now() + timedelta(days=3)
    # Every eligible member is told, in one broadcast to the electorate.
    broadcast = Broadcast.objects.get(kind=Kind.OFFER_OPENED)
    assert broadcast.audience == "offer_electorate"
    assert Notification.objects.filter(kind=Kind.OFFER_OPENED).count() == 5
    assert AuditEvent.objects.filter(action="offer.open", target_id=str(offer.pk)).exists()
    with pytest.raises(BallotError):
        services.offer_open(actor=organizer, offer=offer)


def test_deadline_skips_weekends():
    friday = timezone.make_aware(datetime(2026, 12, 4, 15, 0))
    closes = timezone.localtime(services.voting_closes_at(friday, 1))
    # One working day after Friday is Monday 7 December; voting ends when Tuesday begins.
    assert (closes.date(), closes.hour, closes.minute) == (datetime(2026, 12, 8).date(), 0, 0)


def test_only_an_organizer_records_an_offer(campaign, organizer, member):
    with pytest.raises(BallotError):
        record_offer(campaign, member)
    with pytest.raises(BallotError):
        record_offer(campaign, organizer, formula="percent", formula_value=Decimal("120"))
    assert not Offer.objects.exists()


def test_a_member_votes_once_and_a_second_ballot_is_refused(offer, voters):
    code = _vote(voters[0], offer, "accept")
    with pytest.raises(BallotError, match="already voted"):
        _vote(voters[0], offer, "reject")
    assert Ballot.objects.filter(offer=offer).count() == 1
    assert Ballot.objects.get().choice == "accept"
    assert VoterRoll.objects.filter(offer=offer).count() == 1
    assert services.receipt_counted(offer, code)
    offer.refresh_from_db()
    assert offer.voted_count == 1


def test_a_member_who_joined_after_voting_opened_cannot_vote(offer, campaign):
    late = join(campaign, amount="50")
    assert not offer_electorate(offer).filter(pk=late.pk).exists()
    with pytest.raises(BallotError, match="joined before"):
        _vote(late, offer)
    assert not Ballot.objects.exists() and not VoterRoll.objects.exists()


def test_a_member_who_left_cannot_vote(offer, voters):
    Membership.objects.filter(pk=voters[0].pk).update(status=Membership.Status.LEFT)
    voters[0].refresh_from_db()
    with pytest.raises(BallotError):
        _vote(voters[0], offer)
    assert not Ballot.objects.exists()


def test_nobody_votes_for_someone_else(offer, voters):
    with pytest.raises(BallotError):
        services.offer_vote(actor=voters[1].user, offer=offer, membership=voters[0], choice="accept")
    assert not Ballot.objects.exists()


def test_a_vote_after_the_deadline_is_refused(offer, voters):
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(BallotError, match="closed"):
        _vote(voters[0], offer)
    assert not Ballot.objects.exists() and not VoterRoll.objects.exists()


def test_forged_choice_is_refused(offer, voters):
    with pytest.raises(BallotError):
        _vote(voters[0], offer, "accept'; DROP TABLE")
    assert not VoterRoll.objects.exists()


def test_receipt_codes_check_whatever_the_case_and_dashes(offer, voters):
    code = _vote(voters[0], offer)
    assert services.receipt_counted(offer, code.lower().replace("-", " "))
    assert not services.receipt_counted(offer, services.receipt_code_new())
    assert Ballot.objects.get().receipt_hash == services.receipt_hash(offer.pk, code)
    assert code not in Ballot.objects.get().receipt_hash


@pytest.mark.parametrize(
    ("electorate", "accept", "reject", "abstain", "quorum", "threshold", "met", "passed"),
    [
        (10, 3, 1, 1, 50, 60, True, True),  # 5 of 10 voted: quorum of 5 met; 3 of 4 decided = 75%
        (10, 3, 1, 0, 50, 60, False, False),  # 4 of 10: no quorum, however many accept
        (10, 3, 2, 0, 50, 60, True, True),  # 60% exactly meets a 60% threshold
        (10, 2, 2, 1, 50, 51, True, False),  # a tie does not pass a majority threshold
        (10, 0, 0, 5, 50, 50, True, False),  # only abstentions: quorum, nothing accepted
        (7, 2, 0, 2, 50, 50, True, True),  # quorum of 7 at 50% rounds up to 4
        (7, 2, 0, 1, 50, 50, False, False),
    ],
)
def test_quorum_and_threshold(electorate, accept, reject, abstain, quorum, threshold, met, passed):
    tally = Tally(electorate, accept, reject, abstain, quorum, threshold)
    assert (tally.quorum_met, tally.passed) == (met, passed)


def test_close_counts_publishes_to_members_and_is_idempotent(
    offer, voters, organizer, campaign, django_capture_on_commit_callbacks
):
    for membership, choice in zip(voters, ["accept", "accept", "reject", "abstain"], strict=True):
        _vote(membership, offer, choice)
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_close_due() == 1
        assert services.offers_close_due() == 0
        assert services.offer_close(offer_id=offer.pk) is None
    offer.refresh_from_db()
    assert offer.status == Offer.Status.CLOSED
    assert (offer.accept_count, offer.reject_count, offer.abstain_count) == (2, 1, 1)
    assert offer.passed is True  # 4 of 5 voted (quorum 3); 2 of 3 decided accept = 67% >= 60%
    assert Broadcast.objects.filter(kind=Kind.OFFER_RESULT).count() == 1
    assert Notification.objects.filter(kind=Kind.OFFER_RESULT).count() == campaign.memberships.count()
    event = AuditEvent.objects.get(action="offer.close")
    assert event.data["accept"] == 2 and event.data["passed"] is True
    with pytest.raises(BallotError, match="closed"):
        _vote(Membership.objects.get(campaign=campaign, user=organizer), offer)


def test_the_last_eligible_ballot_closes_the_vote(
    offer, voters, organizer, django_capture_on_commit_callbacks
):
    everyone = [*voters, Membership.objects.get(user=organizer, campaign=offer.campaign)]
    for membership in everyone:
        with django_capture_on_commit_callbacks(execute=True):
            _vote(membership, offer, "reject")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.CLOSED and offer.passed is False
    assert offer.reject_count == 5


def test_reminder_goes_once_to_eligible_members_who_have_not_voted(
    offer, voters, organizer, django_capture_on_commit_callbacks
):
    _vote(voters[0], offer)
    assert services.offers_remind_due() == 0  # not yet the last day
    Offer.objects.filter(pk=offer.pk).update(closes_at=timezone.now() + timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_remind_due() == 1
        assert services.offers_remind_due() == 0
    reminded = set(
        Notification.objects.filter(kind=Kind.OFFER_REMINDER).values_list("recipient_id", flat=True)
    )
    assert reminded == {v.user_id for v in voters[1:]} | {organizer.pk}


def test_member_accepts_for_their_own_case_and_confirms_what_they_received(offer, voters):
    member = voters[1]  # claimed 200.00; the offer gives 80%
    assert services.member_share(offer, member) == Decimal("160.00")
    with pytest.raises(BallotError):
        services.offer_received(
            actor=member.user, offer=offer, membership=member, result="made_whole", amount_received=None
        )
    services.offer_accept(actor=member.user, offer=offer, membership=member, decision="accept")
    outcome = services.offer_received(
        actor=member.user, offer=offer, membership=member, result="partly", amount_received=Decimal("160")
    )
    assert isinstance(outcome, Outcome) and outcome.amount_received == Decimal("160")
    assert Acceptance.objects.get(membership=member).decision == "accept"
    assert AuditEvent.objects.filter(action="outcome.confirm").exists()
