"""Replayed votes racing each other (real transactions, one connection per thread): one ballot counts."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from complaints.ballots import services
from complaints.ballots.models import Ballot, Offer, VoterRoll
from complaints.ballots.services import BallotError
from tests.ballots.conftest import record_offer
from tests.factories import CampaignFactory, join, organize


@pytest.mark.django_db(transaction=True)
def test_a_ballot_sent_four_times_at_once_counts_once():
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="100").user
    voter = join(campaign, amount="50")
    offer = services.offer_open(actor=organizer, offer=record_offer(campaign, organizer))
    barrier = threading.Barrier(4)
    codes: list[str] = []
    refused: list[BallotError] = []
    errors: list[BaseException] = []

    def attempt(choice: str) -> None:
        try:
            barrier.wait(timeout=10)
            codes.append(services.offer_vote(actor=voter.user, offer=offer, membership=voter, choice=choice))
        except BallotError as exc:
            refused.append(exc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in ("accept", "reject", "accept", "abstain")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(codes) == 1 and len(refused) == 3
    assert Ballot.objects.filter(offer=offer).count() == 1
    assert VoterRoll.objects.filter(offer=offer).count() == 1
    assert Offer.objects.get(pk=offer.pk).voted_count == 1
