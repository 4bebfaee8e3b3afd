"""A read compiled once runs with each caller's own values and gives what the queryset would: one person's
session never loads another, and a thread runs it on its own connection. An insert built once writes the
rows the ORM would write, and with a conflict key gives back the row that was already there."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse

from complaints.accounts.models import User
from complaints.campaigns.models import Case, Membership
from complaints.core.prepared import PreparedInsert, PreparedRead
from complaints.notifications.models import Broadcast
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


def _row(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}


@pytest.mark.django_db
def test_a_prepared_insert_writes_the_rows_the_orm_would_write():
    campaign = CampaignFactory()
    people = UserFactory.create_batch(2)
    insert = PreparedInsert(Membership)
    ours = Membership(campaign=campaign, user=people[0], pseudonym_number=7, share_with_group=True)
    insert([ours])
    theirs = Membership.objects.create(
        campaign=campaign, user=people[1], pseudonym_number=8, share_with_group=True
    )
    assert ours.pk is not None and not ours._state.adding
    stored, reference = Membership.objects.get(pk=ours.pk), Membership.objects.get(pk=theirs.pk)
    differs = {"user_id", "pseudonym_number", "joined_at", "consent_updated_at"}
    assert {k: v for k, v in _row(stored).items() if k not in differs} == {
        k: v for k, v in _row(reference).items() if k not in differs
    }
    assert (stored.user_id, stored.pseudonym_number, stored.role, stored.status) == (
        people[0].pk,
        7,
        "member",
        "active",
    )
    case = Case(membership=ours, amount=Decimal("188.00"), currency="CNY")
    PreparedInsert(Case)([case])
    assert Case.objects.get(membership=ours).amount == Decimal("188.00") == case.amount
    assert case.updated_at is not None, "auto_now filled in, as save() does"


def _broadcast(key: str, audience: str = "users") -> Broadcast:
    return Broadcast(
        kind="member_joined",
        params={"detail": {"en": "Member #3 joined.", "zh-hans": "3号成员加入了。"}},
        audience=audience,
        audience_args={"ids": [1]},
        dedupe_key=key,
    )


@pytest.mark.django_db
def test_with_a_conflict_key_a_row_already_there_is_not_written_again_and_its_key_comes_back():
    insert = PreparedInsert(Broadcast, conflict_key="dedupe_key")
    first, second = _broadcast("k:1"), _broadcast("k:2")
    insert([first, second])
    assert first.pk != second.pk and Broadcast.objects.count() == 2
    again, third = _broadcast("k:2", audience="campaign_organizers"), _broadcast("k:3")
    insert([again, third])  # two rows, the first one's key taken: another statement text
    assert again.pk == second.pk and third.pk not in (first.pk, second.pk)
    assert Broadcast.objects.count() == 3
    assert Broadcast.objects.get(pk=second.pk).audience == "users", "the row already there is left as it was"
    stored = Broadcast.objects.get(pk=first.pk)
    assert stored.params["detail"]["zh-hans"] == "3号成员加入了。" and stored.created_at and stored.updated_at


@pytest.mark.django_db
def test_a_failed_prepared_insert_writes_nothing_and_says_why():
    from django.db import IntegrityError, transaction

    campaign, person = CampaignFactory(), UserFactory()
    insert = PreparedInsert(Membership)
    insert([Membership(campaign=campaign, user=person, pseudonym_number=1)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert([Membership(campaign=campaign, user=person, pseudonym_number=2)])
    assert list(Membership.objects.filter(campaign=campaign).values_list("pseudonym_number", flat=True)) == [
        1
    ]


def test_a_model_without_an_auto_primary_key_is_refused():
    from django.contrib.sessions.models import Session

    with pytest.raises(ImproperlyConfigured):
        PreparedInsert(Session)([Session(session_key="x", session_data="", expire_date=None)])


@pytest.mark.django_db
def test_a_prepared_update_sets_and_adds_as_update_with_f_would():
    from django.db.models import F

    from complaints.campaigns.models import Campaign
    from complaints.core.prepared import PreparedUpdate

    ours, theirs = CampaignFactory(), CampaignFactory()
    update = PreparedUpdate(Campaign)
    for _round in range(2):  # the second round runs the kept statement
        values = {"amount_histogram": {"3": 2}, "joins_by_month": {"2026-12": 1}, "first_incident_on": None}
        growth = {"members_count": 2, "total_claimed": Decimal("188.05")}
        assert update(ours.pk, set=values, add=growth) == 1
        Campaign.objects.filter(pk=theirs.pk).update(**values, **{k: F(k) + v for k, v in growth.items()})
    fields = ["amount_histogram", "joins_by_month", "first_incident_on", "members_count", "total_claimed"]
    ours_row, theirs_row = (Campaign.objects.values(*fields).get(pk=c.pk) for c in (ours, theirs))
    assert ours_row == theirs_row
    assert ours_row["members_count"] == 4 and ours_row["total_claimed"] == Decimal("376.10")
    assert update(10**9, add={"members_count": 1}) == 0, "no such row: nothing changed"
    assert update(ours.pk) == 0
