"""A read compiled once runs with each caller's own values and gives what the queryset would: one person's
session never loads another, and a thread runs it on its own connection."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse

from complaints.accounts.models import User
from complaints.campaigns.models import Membership
from complaints.core.prepared import PreparedRead
from tests.factories import CampaignFactory, NotificationFactory, UserFactory, join


@pytest.mark.django_db
def test_the_compiled_read_answers_for_the_values_it_is_given(user, other_user):
    read = PreparedRead(lambda pk: User.objects.filter(pk=pk, is_active=True))
    assert [u.pk for u in read(user.pk)] == [user.pk]
    assert [u.pk for u in read(other_user.pk)] == [other_user.pk]
    assert read(10**9) == []


@pytest.mark.django_db
def test_related_objects_and_values_of_both_kinds_come_back_as_the_queryset_gives_them():
    first, second = CampaignFactory(), CampaignFactory()
    person = UserFactory()
    join(first, person, amount="12.30")
    join(second, person, amount="45.60")
    read = PreparedRead(
        lambda slug, user_id: Membership.objects.select_related("case", "campaign").filter(
            campaign__slug=slug, user_id=user_id
        ),
        str,
        int,
    )
    for campaign, amount in ((second, "45.60"), (first, "12.30")):
        (membership,) = read(campaign.slug, person.pk)
        with django_queries() as queries:
            assert membership.case.amount == Decimal(amount) and membership.campaign.slug == campaign.slug
        assert queries == [], "the case and the campaign came with the membership"
    assert read("no-such-campaign", person.pk) == []


def django_queries():
    from django.test.utils import CaptureQueriesContext

    class _Captured(CaptureQueriesContext):
        def __enter__(self):
            super().__enter__()
            return self.captured_queries

    return _Captured(connection)


@pytest.mark.django_db
def test_a_read_whose_values_are_not_each_in_one_place_is_refused(user):
    with pytest.raises(ImproperlyConfigured):
        PreparedRead(lambda pk: User.objects.filter(is_active=True))(user.pk)
    with pytest.raises(ImproperlyConfigured):
        PreparedRead(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(pk=pk))(user.pk)
    with pytest.raises(TypeError):
        PreparedRead(lambda pk: User.objects.filter(pk=pk))(user.pk, 2)


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_the_read_on_its_own_connection():
    person = UserFactory()
    read = PreparedRead(lambda pk: User.objects.filter(pk=pk))
    assert read(person.pk)[0].pk == person.pk  # compiled on this thread
    answers: list = []

    def elsewhere():
        try:
            answers.append([u.pk for u in read(person.pk)])
        except Exception as exc:
            answers.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert answers == [[person.pk]]


@pytest.mark.django_db
def test_two_people_signed_in_one_after_the_other_each_see_their_own_header(
    client, user, other_user, moderator
):
    NotificationFactory.create_batch(3, recipient=user)
    seen = {}
    for person in (user, moderator, other_user, user):
        client.force_login(person)
        page = client.get(reverse("notifications:list")).content.decode()
        seen[person.pk] = (
            '<span class="bell-count" aria-hidden="true">3</span>' in page,
            reverse("moderation:index") in page,
        )
    assert seen == {user.pk: (True, False), moderator.pk: (False, True), other_user.pk: (False, False)}
