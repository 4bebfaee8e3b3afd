"""The signed-in person is loaded in one query, with the moderator flag and the bell's count, and neither
is remembered past the request: a revoked moderator loses the console on their next page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.accounts.models import MODERATORS_GROUP
from complaints.notifications.models import Notification
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _user_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(path).content.decode()
    touching = [
        q["sql"]
        for q in ctx.captured_queries
        if "accounts_user_groups" in q["sql"] or "notifications_notification" in q["sql"]
    ]
    return page, touching


def test_one_query_answers_who_is_signed_in_whether_they_moderate_and_how_much_is_unread(client, moderator):
    NotificationFactory.create_batch(2, recipient=moderator)
    client.force_login(moderator)
    page, queries = _user_queries(client, reverse("home"))
    assert reverse("moderation:index") in page, "the header links the console for a moderator"
    assert '<span class="bell-count" aria-hidden="true">2</span>' in page
    assert len(queries) == 1 and '"accounts_user"."id"' in queries[0], queries


def test_a_revoked_moderator_loses_the_console_on_the_next_request(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("moderation:index")).status_code == 200
    moderator.groups.remove(Group.objects.get(name=MODERATORS_GROUP))
    assert client.get(reverse("moderation:index")).status_code == 404
    assert reverse("moderation:index") not in client.get(reverse("home")).content.decode()


def test_the_bell_counts_anew_on_every_page(client, user):
    note = NotificationFactory(recipient=user)
    client.force_login(user)
    assert (
        '<span class="bell-count" aria-hidden="true">1</span>' in client.get(reverse("home")).content.decode()
    )
    Notification.objects.filter(pk=note.pk).update(read_at="2026-01-01T00:00:00Z")
    assert 'class="bell-count"' not in client.get(reverse("home")).content.decode()


def test_a_suspended_or_deactivated_person_is_signed_out(client, user):
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("account_login") in response.url
