"""The daily digest: one email a day with what is unread, to those who chose it, never twice a day."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from complaints.core.models import OutboundEmail
from complaints.notifications import services
from complaints.notifications.kinds import Kind, Mode
from complaints.notifications.models import Digest, Notification, NotificationPreference
from complaints.notifications.services import digest_send_due, notify
from complaints.notifications.tasks import broadcast_fan_out_task, digest_send_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _update(users, key):
    broadcast = notify(
        actor=None,
        kind=Kind.UPDATE_POSTED,
        audience="users",
        audience_args={"ids": [u.pk for u in users]},
        params={"campaign": "某钱包冻结资金", "update": key},
        dedupe_key=key,
    )
    broadcast_fan_out_task(broadcast.pk)


@pytest.fixture
def daily_readers():
    readers = [UserFactory(preferred_language="en"), UserFactory(preferred_language="zh-hans")]
    for reader in readers:
        NotificationPreference.objects.create(user=reader, kind=Kind.UPDATE_POSTED, mode=Mode.DAILY)
    return readers


def test_digest_sends_one_email_per_person_per_day_in_their_language(daily_readers):
    english, chinese = daily_readers
    at_once = UserFactory()
    _update([english, chinese, at_once], "第一次集体投诉已提交")
    _update([english, chinese, at_once], "监管局已受理")
    OutboundEmail.objects.all().delete()  # the immediate emails of `at_once`

    assert digest_send_due() == 2
    emails = {e.to: e for e in OutboundEmail.objects.all()}
    assert set(emails) == {english.email, chinese.email}
    assert "2 unread notifications" in emails[english.email].subject
    assert "监管局已受理" in emails[english.email].body_text
    assert "未读" in emails[chinese.email].subject
    assert emails[chinese.email].headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Digest.objects.count() == 2
    assert not Notification.objects.filter(digest_pending=True).exists()

    # Run again the same day (beat fired twice, a retry): nothing more, even with something new.
    _update([english], "又一条")
    assert digest_send_due() == 0
    assert digest_send_task() == 0
    assert OutboundEmail.objects.count() == 2
    # The next day it goes out.
    assert digest_send_due(day=timezone.localdate() + datetime.timedelta(days=1)) == 1


def test_digest_leaves_out_what_was_already_read(daily_readers):
    english, chinese = daily_readers
    _update([english, chinese], "第一次集体投诉已提交")
    Notification.objects.filter(recipient=english).update(read_at=timezone.now())
    assert digest_send_due() == 1
    assert OutboundEmail.objects.get().to == chinese.email


def test_digest_lists_at_most_twenty_and_says_how_many_more(daily_readers):
    english, _ = daily_readers
    for n in range(23):
        _update([english], f"update {n}")
    assert digest_send_due() == 1
    body = OutboundEmail.objects.get(to=english.email).body_text
    assert "23 unread notifications" in body and "…and 3 more." in body
    assert "update 22" in body and "update 2\n" not in body


def test_digest_batches_cover_everyone(daily_readers):
    extra = [UserFactory() for _ in range(5)]
    for person in extra:
        NotificationPreference.objects.create(user=person, kind=Kind.UPDATE_POSTED, mode=Mode.DAILY)
    _update([*daily_readers, *extra], "批量")
    assert digest_send_due(batch_size=2) == 7
    assert services.digest_send_due(batch_size=2) == 0
