"""A bounce or a spam complaint the mail provider reports (Postmark's tracking webhook, through anymail, as a
real HTTP POST) stops the email to that person; a forged report without the webhook's secret changes nothing."""

from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from complaints.core.models import AuditEvent
from complaints.notifications.kinds import SECURITY_KINDS, Kind, Mode
from complaints.notifications.models import EmailStop, Notification
from complaints.notifications.privacy import export
from complaints.notifications.selectors import notification_preferences_for_user
from complaints.notifications.services import notifications_erase, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "postmark:correct-horse-battery"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


def postmark(client, payload: dict, *, credentials: str = SECRET):
    """POST what Postmark's bounce and spam-complaint webhooks send (developer docs, webhooks)."""
    auth = "Basic " + base64.b64encode(credentials.encode()).decode()
    return client.post(
        reverse("anymail:postmark_tracking_webhook"),
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )


def bounce(address: str, kind: str = "HardBounce") -> dict:
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": address,
        "From": "noreply@tongsu.localhost",
        "BouncedAt": "2026-12-06T07:30:00.000Z",
        "Inactive": True,
        "CanActivate": True,
        "Subject": "“某钱包冻结资金”有新动态",
    }


def emailed_kinds(user) -> set[str]:
    return {kind for kind, mode in notification_preferences_for_user(user.pk).items() if mode != Mode.OFF}


def test_a_hard_bounce_stops_the_email_but_not_the_notifications(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    gone, other = UserFactory(email="gone@example.org"), UserFactory(email="here@example.org")

    assert postmark(client, bounce("Gone@Example.org")).status_code == 200

    assert emailed_kinds(gone) == set(SECURITY_KINDS) & emailed_kinds(gone), "only security notices still go"
    assert emailed_kinds(other) - set(SECURITY_KINDS), "nobody else is touched"
    event = AuditEvent.objects.get(action="notification_preferences.email_stopped")
    assert event.target_id == str(gone.pk) and "bounced" in event.reason
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            actor=None,
            kind=Kind.UPDATE_POSTED,
            audience="users",
            audience_args={"ids": [gone.pk, other.pk]},
            params={"campaign": "某钱包冻结资金", "update": "第一次集体投诉已提交"},
            dedupe_key="update:bounce",
        )
    assert [m.to for m in mailoutbox] == [["here@example.org"]]
    assert Notification.objects.filter(recipient=gone).count() == 1, "the bell still shows it"


def test_a_spam_complaint_stops_the_email(client):
    person = UserFactory(email="annoyed@example.org")
    complaint = {**bounce("annoyed@example.org"), "RecordType": "SpamComplaint", "Type": "SpamComplaint"}

    assert postmark(client, complaint).status_code == 200
    assert not emailed_kinds(person) - set(SECURITY_KINDS)


def test_a_temporary_failure_changes_nothing(client):
    person = UserFactory(email="full@example.org")
    before = emailed_kinds(person)

    assert postmark(client, bounce("full@example.org", kind="Transient")).status_code == 200
    assert emailed_kinds(person) == before


@pytest.mark.parametrize("credentials", ["postmark:guessed", ""])
def test_a_report_without_the_webhook_secret_changes_nothing(client, credentials):
    person = UserFactory(email="target@example.org")
    before = emailed_kinds(person)

    response = postmark(client, bounce("target@example.org"), credentials=credentials)
    assert response.status_code >= 400
    assert emailed_kinds(person) == before
    assert not AuditEvent.objects.filter(action="notification_preferences.email_stopped").exists()


def settings_page(client, language: str) -> str:
    return client.get(reverse("notifications:preferences"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_the_person_is_told_why_their_email_stopped_until_they_choose_again(client):
    person = UserFactory(email="gone@example.org")
    client.force_login(person)
    assert "gone@example.org" not in settings_page(client, "en"), "no notice before any report"

    assert postmark(client, bounce("gone@example.org")).status_code == 200

    page = settings_page(client, "zh-hans")
    assert "发往 gone@example.org 的邮件无法送达，因此已暂停给你发邮件" in page
    assert reverse("account_email") in page, "the way to correct the address"
    page = settings_page(client, "en")
    assert "email to gone@example.org could not be delivered, so we have paused emailing you" in page

    # Saving the settings, with the emails the person wants again, settles the stop.
    data = dict(notification_preferences_for_user(person.pk), update_posted=Mode.IMMEDIATELY)
    for kind in SECURITY_KINDS:
        data.pop(kind)
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert Kind.UPDATE_POSTED in emailed_kinds(person)
    assert "could not be delivered" not in settings_page(client, "en")
    assert "无法送达" not in settings_page(client, "zh-hans")


def test_the_notice_button_gives_back_the_emails_as_they_were(client):
    person = UserFactory(email="gone@example.org")
    client.force_login(person)
    own = dict(notification_preferences_for_user(person.pk), update_posted=Mode.DAILY, task_due=Mode.OFF)
    for kind in SECURITY_KINDS:
        own.pop(kind)
    assert client.post(reverse("notifications:preferences"), own).status_code == 302
    before = notification_preferences_for_user(person.pk)

    assert postmark(client, bounce("gone@example.org")).status_code == 200
    assert postmark(client, bounce("gone@example.org")).status_code == 200, "a second report, all still off"
    assert not emailed_kinds(person) - set(SECURITY_KINDS)
    assert "恢复暂停前的设置" in settings_page(client, "zh-hans")

    response = client.post(reverse("notifications:email_resume"), HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    page = response.content.decode()
    assert notification_preferences_for_user(person.pk) == before, (
        "the person's own choices, not the defaults"
    )
    assert "邮件已重新开启" in page and "无法送达" not in page
    assert AuditEvent.objects.filter(action="notification_preferences.email_resumed").count() == 1
    # Nothing to give back a second time: the choices stay as they are.
    client.post(reverse("notifications:email_resume"))
    assert notification_preferences_for_user(person.pk) == before


def test_after_a_change_of_address_the_notice_names_the_new_one(client):
    person = UserFactory(email="gone@example.org")
    assert postmark(client, bounce("gone@example.org")).status_code == 200
    person.email = "new@example.org"
    person.save(update_fields=["email"])

    client.force_login(person)
    page = settings_page(client, "en")
    assert "email to gone@example.org could not be delivered" in page
    assert "Your address is now new@example.org, and security notices go there" in page
    assert "If the address is wrong" not in page and "may not reach that address" not in page
    assert "你的邮箱地址现在是 new@example.org" in settings_page(client, "zh-hans")


def test_where_a_person_looks_first_points_to_why(client, django_assert_max_num_queries):
    person, other = UserFactory(email="gone@example.org"), UserFactory(email="here@example.org")
    assert postmark(client, bounce("gone@example.org")).status_code == 200
    pages = ["notifications:list", "accounts:profile", "campaigns:dashboard", "account_email", "home"]

    client.force_login(person)
    for name in pages:
        page = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "我们发给你的邮件被退回，已暂停给你发邮件" in page, name
        assert reverse("notifications:preferences") in page, name
    with django_assert_max_num_queries(3):  # what the session loads says it: no query more for the list
        client.get(reverse("notifications:list"))
    client.force_login(other)
    for name in pages:
        assert "paused" not in client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_spam_complaint_is_named_as_one(client):
    person = UserFactory(email="annoyed@example.org")
    complaint = {**bounce("annoyed@example.org"), "RecordType": "SpamComplaint", "Type": "SpamComplaint"}
    assert postmark(client, complaint).status_code == 200

    client.force_login(person)
    assert "被标记为垃圾邮件" in settings_page(client, "zh-hans")
    page = settings_page(client, "en")
    assert "was marked as spam" in page and "could not be delivered" not in page
    assert "If this was a mistake" in page and "If the address is wrong" not in page
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "我们的一封邮件被标记为垃圾邮件，已暂停给你发邮件" in home and "被退回" not in home


def test_saving_with_every_email_still_off_keeps_the_way_back(client):
    person = UserFactory(email="gone@example.org")
    client.force_login(person)
    own = dict(notification_preferences_for_user(person.pk), update_posted=Mode.DAILY)
    for kind in SECURITY_KINDS:
        own.pop(kind)
    client.post(reverse("notifications:preferences"), own)
    assert postmark(client, bounce("gone@example.org")).status_code == 200

    all_off = {kind: mode for kind, mode in notification_preferences_for_user(person.pk).items()}
    for kind in SECURITY_KINDS:
        all_off.pop(kind)
    assert client.post(reverse("notifications:preferences"), all_off).status_code == 302
    page = settings_page(client, "en")
    assert "could not be delivered" in page and "as they were before" in page, (
        "the notice and its button stay"
    )

    client.post(reverse("notifications:email_resume"))
    assert notification_preferences_for_user(person.pk)[Kind.UPDATE_POSTED] == Mode.DAILY


def test_nobody_else_and_no_forged_report_gets_a_notice(client):
    person, other = UserFactory(email="target@example.org"), UserFactory(email="other@example.org")
    assert postmark(client, bounce("target@example.org"), credentials="postmark:guessed").status_code >= 400
    assert postmark(client, bounce("other@example.org", kind="Transient")).status_code == 200

    for someone in (person, other):
        client.force_login(someone)
        assert "paused emailing you" not in settings_page(client, "en")


def test_the_stop_is_in_the_persons_export_and_goes_with_their_account(client):
    person = UserFactory(email="gone@example.org")
    assert postmark(client, bounce("gone@example.org")).status_code == 200

    exported = export(person)["email_stopped"]
    assert [(row["reason"], row["address"], row["provider"]) for row in exported] == [
        ("bounced", "gone@example.org", "Postmark")
    ]
    notifications_erase(user=person)
    assert not EmailStop.objects.filter(user=person).exists()
