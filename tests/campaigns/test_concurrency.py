"""Joins racing each other (real transactions, one connection per thread)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.services import campaign_join
from tests.factories import CampaignFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_joins_get_distinct_numbers_and_one_membership_per_person():
    campaign = CampaignFactory()
    people = [UserFactory() for _ in range(6)]
    # Each person clicks twice at the same moment.
    attempts = [p for p in people for _ in range(2)]
    barrier = threading.Barrier(len(attempts))
    errors: list[BaseException] = []

    def attempt(user):
        try:
            barrier.wait(timeout=10)
            campaign_join(actor=user, campaign=campaign)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Membership.objects.filter(campaign=campaign).values_list("pseudonym_number", flat=True))
    assert numbers == list(range(1, len(people) + 1))
    assert Campaign.objects.get(pk=campaign.pk).members_count == len(people)
