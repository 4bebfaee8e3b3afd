"""The notification list is kept per person (complaints.core.pieces) and still shows what changed at once:
something new arrives, something is read. Nobody ever gets another person's list, and the forms in a kept
list carry the token of the request serving it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.notifications.kinds import Kind
from tests.factories import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

LIST = "/notifications/"


def _items(page: str) -> dict[int, bool]:
    """id → unread, for each row of the list."""
    return {
        int(pk): "unread" in classes
        for pk, classes in re.findall(r'<li id="notification-(\d+)" class="notification([^"]*)"', page)
    }


def _signed_in(user, **kwargs) -> Client:
    client = Client(headers={"Accept-Language": "en"}, **kwargs)
    client.force_login(user)
    return client


def test_a_second_look_is_served_from_what_was_kept(user):
    NotificationFactory.create_batch(3, recipient=user)
    client = _signed_in(user)
    first = client.get(LIST).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(LIST).content.decode()
    assert _items(again) == _items(first) and len(_items(again)) == 3
    assert not [
        q for q in ctx.captured_queries if 'FROM "notifications_notification"' in q["sql"].split("WHERE")[0]
    ]


def test_what_arrives_and_what_is_read_shows_at_once(user, django_capture_on_commit_callbacks):
    old = NotificationFactory(recipient=user)
    client = _signed_in(user)
    assert _items(client.get(LIST).content.decode()) == {old.pk: True}
    new = NotificationFactory(recipient=user, kind=Kind.UPDATE_POSTED)
    assert _items(client.get(LIST).content.decode()) == {old.pk: True, new.pk: True}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:mark_read", args=[old.pk]))
    assert _items(client.get(LIST).content.decode()) == {old.pk: False, new.pk: True}
    assert _items(client.get(LIST + "?unread=1").content.decode()) == {new.pk: True}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:mark_all_read"))
    page = client.get(LIST).content.decode()
    assert _items(page) == {old.pk: False, new.pk: False}
    assert "Mark all as read" not in page
    assert _items(client.get(LIST + "?unread=1").content.decode()) == {}


def test_nobody_gets_another_persons_kept_list(user, other_user):
    mine = NotificationFactory(recipient=user)
    theirs = NotificationFactory(recipient=other_user)
    for _ in range(2):
        assert set(_items(_signed_in(user).get(LIST).content.decode())) == {mine.pk}
        assert set(_items(_signed_in(other_user).get(LIST).content.decode())) == {theirs.pk}


def test_the_forms_of_a_kept_list_carry_this_requests_token(user):
    note = NotificationFactory(recipient=user)
    _signed_in(user).get(LIST)  # another session of the same person fills the cache
    client = _signed_in(user, enforce_csrf_checks=True)
    page = client.get(LIST).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1 and "\x00" not in page
    response = client.post(
        reverse("notifications:mark_read", args=[note.pk]), {"csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
