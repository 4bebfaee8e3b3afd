"""The bell, the list, mark read (plain POST and htmx), preferences: each person sees only their own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.core.models import AuditEvent
from complaints.notifications.kinds import Kind, Mode
from complaints.notifications.models import Broadcast, Notification, NotificationPreference
from complaints.notifications.selectors import notification_preferences_for_user
from tests.factories import NotificationFactory, users_in_bulk

pytestmark = pytest.mark.django_db

LIST = "/notifications/"


def test_every_page_needs_a_login(client):
    note = NotificationFactory()
    for method, url in [
        ("get", LIST),
        ("get", reverse("notifications:preferences")),
        ("post", reverse("notifications:mark_read", args=[note.pk])),
        ("post", reverse("notifications:open", args=[note.pk])),
        ("post", reverse("notifications:mark_all_read")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("account_login") in response.url
    note.refresh_from_db()
    assert note.read_at is None


def test_list_shows_only_my_notifications_in_my_language(client, user, other_user):
    NotificationFactory(recipient=user)
    NotificationFactory(recipient=other_user, params={"campaign": "别人的活动", "update": "x"})
    user.preferred_language = "en"
    user.save()
    client.force_login(user)
    page = client.get(LIST).content.decode()
    assert "New update in “某钱包冻结资金”" in page
    assert "别人的活动" not in page

    user.preferred_language = "zh-hans"
    user.save()
    page = client.get(LIST).content.decode()
    assert "“某钱包冻结资金”有新动态" in page, "the same row reads in the reader's current language"


def test_bell_in_the_navigation_shows_the_unread_count(client, user):
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at="2026-01-01T00:00:00Z")
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'id="notification-bell"' in page
    assert '<span class="bell-count" aria-hidden="true">3</span>' in page


def test_bell_caps_its_count(client, user):
    Notification.objects.bulk_create(
        [Notification(recipient=user, kind=Kind.UPDATE_POSTED, dedupe_key=f"k{n}") for n in range(120)]
    )
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert '<span class="bell-count" aria-hidden="true">99+</span>' in page


@pytest.mark.parametrize("count", [5, 80])
def test_list_page_has_a_fixed_query_budget(client, user, count, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=Kind.FILING_SUBMITTED,
                params={"regulator": "市场监管局"},
                dedupe_key=f"k{n}",
            )
            for n in range(count)
        ]
    )
    client.force_login(user)
    # the session; the user with its moderator flag and unread count (one query, accounts/backends.py); the page
    with django_assert_max_num_queries(3):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count('class="notification ') == min(count, 25)


def test_rows_escape_what_people_wrote(client, user):
    # Campaign titles and task names come from organizers; the rows are built in Python, not by the template.
    NotificationFactory(recipient=user, params={"campaign": '<script>alert(1)</script>"', "update": "x"})
    client.force_login(user)
    page = client.get(LIST).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in page


def test_list_pages_by_id_without_gaps_or_repeats(client, user):
    notes = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=Kind.TASK_DUE, params={"task": f"任务{n}"}, dedupe_key=f"k{n}")
            for n in range(30)
        ]
    )
    client.force_login(user)
    first = client.get(LIST)
    second = client.get(LIST, {"before": first.context["next_before"]})
    seen = [n.pk for n in first.context["notifications"]] + [n.pk for n in second.context["notifications"]]
    assert seen == sorted((n.pk for n in notes), reverse=True)
    assert second.context["next_before"] is None


def test_mark_read_without_javascript_redirects_back(client, user):
    note = NotificationFactory(recipient=user)
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), {"next": f"{LIST}?unread=1"})
    assert response.status_code == 302 and response.url == f"{LIST}?unread=1"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_read_with_htmx_returns_the_item_and_the_bell(client, user):
    note, _other = NotificationFactory.create_batch(2, recipient=user)
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[note.pk]), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<li id="notification-{note.pk}" class="notification">' in body, "the item, now read"
    assert 'hx-swap-oob="true"' in body and '<span class="bell-count" aria-hidden="true">1</span>' in body


def test_nobody_can_mark_or_open_someone_elses_notification(client, user, other_user):
    note = NotificationFactory(recipient=other_user)
    client.force_login(user)
    assert client.post(reverse("notifications:mark_read", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_open_marks_read_and_goes_to_the_target(client, user):
    note = NotificationFactory(recipient=user, target_url="/campaigns/wallet/")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == "/campaigns/wallet/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_all_read_touches_only_my_notifications(client, user, other_user):
    mine = NotificationFactory.create_batch(3, recipient=user)
    theirs = NotificationFactory(recipient=other_user)
    client.force_login(user)
    response = client.post(reverse("notifications:mark_all_read"), {"next": "https://evil.example.com/"})
    assert response.status_code == 302 and response.url == LIST, "no open redirect"
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_getting_a_mutation_url_is_refused(client, user):
    note = NotificationFactory(recipient=user)
    client.force_login(user)
    assert client.get(reverse("notifications:mark_read", args=[note.pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_preferences_page_saves_choices_and_offers_no_way_to_silence_security_mail(client, user):
    client.force_login(user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="update_posted"' in page
    assert 'name="account_password"' not in page and 'name="account_deletion"' not in page

    data = {kind: mode for kind, mode in notification_preferences_for_user(user.pk).items()}
    data.update({Kind.UPDATE_POSTED: Mode.DAILY, Kind.TASK_DUE: Mode.OFF, Kind.ACCOUNT_PASSWORD: Mode.OFF})
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    prefs = notification_preferences_for_user(user.pk)
    assert prefs[Kind.UPDATE_POSTED] == Mode.DAILY and prefs[Kind.TASK_DUE] == Mode.OFF
    assert prefs[Kind.ACCOUNT_PASSWORD] == Mode.IMMEDIATELY
    assert not NotificationPreference.objects.filter(kind=Kind.ACCOUNT_PASSWORD).exists()
    assert set(NotificationPreference.objects.values_list("kind", flat=True)) == {"update_posted", "task_due"}
    assert AuditEvent.objects.filter(action="notification_preferences.update").count() == 1


def test_preferences_reject_an_unknown_mode(client, user):
    client.force_login(user)
    data = dict(notification_preferences_for_user(user.pk), update_posted="hourly")
    data.pop("account_email")
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_request_that_notifies_costs_the_same_for_10_and_2500_recipients(
    client, user, settings, crowd_audience, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    settings.ROOT_URLCONF = "tests.notifications.urls"
    users_in_bulk(10, domain="few.example.org")
    users_in_bulk(2500, domain="many.example.org")
    client.force_login(user)
    counts = {}
    for domain in ("few.example.org", "many.example.org"):
        with (
            django_assert_max_num_queries(8) as queries,
            django_capture_on_commit_callbacks(execute=False) as callbacks,
        ):
            response = client.post("/test/announce/", {"domain": domain, "update": "第二次", "key": domain})
        assert response.status_code == 204
        assert len(callbacks) == 1, "one message to the queue, whatever the audience size"
        counts[domain] = len(queries.captured_queries)
    assert counts["few.example.org"] == counts["many.example.org"]
    assert Notification.objects.count() == 0, "the request fans nothing out itself"

    # The queued work then reaches everyone.
    for callback in callbacks:
        callback()
    assert Broadcast.objects.get(dedupe_key="update_posted:many.example.org").notified == 2500
