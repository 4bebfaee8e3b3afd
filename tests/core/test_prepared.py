"""A read compiled once runs with each caller's own value: one person's session never loads another."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from complaints.accounts.models import User
from complaints.core.prepared import PreparedRead
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_compiled_read_answers_for_the_value_it_is_given(user, other_user):
    read = PreparedRead(lambda pk: User.objects.filter(pk=pk, is_active=True))
    assert [u.pk for u in read(user.pk)] == [user.pk]
    assert [u.pk for u in read(other_user.pk)] == [other_user.pk]
    assert read(10**9) == []


def test_a_read_whose_value_is_not_in_exactly_one_place_is_refused(user):
    with pytest.raises(ImproperlyConfigured):
        PreparedRead(lambda pk: User.objects.filter(is_active=True))(user.pk)
    with pytest.raises(ImproperlyConfigured):
        PreparedRead(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(pk=pk))(user.pk)


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
