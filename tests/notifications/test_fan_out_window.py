"""A gathering window: many events, one task message on the real broker, and every broadcast still delivered."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from complaints.notifications.kinds import Kind
from complaints.notifications.models import Broadcast, Notification
from complaints.notifications.services import FAN_OUT_WINDOW_KEY, Target, notify
from complaints.notifications.tasks import broadcast_fan_out_pending_task, sweep_broadcasts
from portal.celery import app as celery_app
from tests.factories import CampaignFactory, UserFactory, join, organize, users_in_bulk

pytestmark = pytest.mark.django_db
QUEUE = "notifications"
WINDOW = 3


@pytest.fixture
def broker(settings):
    """Messages go to the broker the run uses (a folder, or Redis in the service run) instead of running
    inline; what the test leaves there is purged."""
    # Long enough that twenty joins fit in one window on a busy machine (they took over a second there).
    settings.TONGSU_FAN_OUT_GATHER_SECONDS = WINDOW
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.queue_declare(QUEUE)
        channel.queue_purge(QUEUE)

        def messages() -> list:
            found = []
            while (message := channel.basic_get(QUEUE, no_ack=True)) is not None:
                found.append(message)
            return found

        yield messages
        channel.queue_purge(QUEUE)
    celery_app.conf.task_always_eager = True


def _told(kind: str) -> list[int]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_twenty_joins_in_a_window_send_one_message_that_comes_due_after_it_and_delivers_all(
    broker, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    organizer = organize(campaign).user
    newcomers = [UserFactory() for _ in range(20)]
    Notification.objects.all().delete()
    Broadcast.objects.update(status=Broadcast.Status.DONE)  # the organizer's own, from before the window
    before = timezone.now()
    for person in newcomers:
        with django_capture_on_commit_callbacks(execute=True):
            join(campaign, person)
    sent = broker()
    assert len(sent) == 1, "one message for the window, not one per join"
    assert sent[0].headers["task"] == broadcast_fan_out_pending_task.name
    eta = timezone.datetime.fromisoformat(sent[0].headers["eta"])
    assert eta >= before + timedelta(seconds=WINDOW), "it comes due when the window closes"
    assert Notification.objects.count() == 0

    # What the worker does when the message comes due:
    assert (
        broadcast_fan_out_pending_task() == 20
    )  # each join: the organizers' notice (the joiner is not told)
    assert _told(Kind.MEMBERSHIP_CHANGED) == []
    assert _told(Kind.MEMBER_JOINED) == [organizer.pk], "one grouped notice, not twenty"
    assert Notification.objects.get(kind=Kind.MEMBER_JOINED).params["count"] == 20
    assert not Broadcast.objects.exclude(status=Broadcast.Status.DONE).exists()

    # Once the window has closed, the next event opens a new one with its own message.
    time.sleep(WINDOW + 0.1)
    with django_capture_on_commit_callbacks(execute=True):
        join(campaign, UserFactory())
    assert len(broker()) == 1


def test_a_lost_window_message_delays_the_notifications_and_the_sweep_delivers_them(
    broker, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    organizer = organize(campaign).user
    Broadcast.objects.update(status=Broadcast.Status.DONE)  # the organizer's own, from before
    Notification.objects.all().delete()
    newcomer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        join(campaign, newcomer)
    assert len(broker()) == 1  # taken off the broker and never run: a broker that lost it
    cache.delete(FAN_OUT_WINDOW_KEY)
    Broadcast.objects.update(updated_at=timezone.now() - timedelta(minutes=2))
    celery_app.conf.task_always_eager = True  # the sweep's own messages run here, as a worker would
    assert sweep_broadcasts() == 1  # the organizers' notice
    assert _told(Kind.MEMBER_JOINED) == [organizer.pk]


def test_a_big_broadcast_goes_on_in_its_own_message_after_its_first_batch(broker, crowd_audience):
    users_in_bulk(1500)
    small_campaign = CampaignFactory()
    small = organize(small_campaign)
    join(small_campaign)
    big = notify(
        actor=None,
        kind=Kind.UPDATE_POSTED,
        audience=crowd_audience,
        audience_args={"domain": "crowd.example.org"},
        params={"campaign": "某钱包冻结资金", "update": "进展"},
        target=Target(type="campaigns.campaignupdate", id="1", url="/campaigns/wallet/updates/1/"),
        dedupe_key="update:big",
    )
    broker()
    Notification.objects.all().delete()
    started = broadcast_fan_out_pending_task()
    big.refresh_from_db()
    assert started == Broadcast.objects.count()
    assert big.status == Broadcast.Status.RUNNING and big.notified == 1000, "the first batch only"
    assert Notification.objects.filter(recipient=small.user, kind=Kind.MEMBER_JOINED).exists()
    rest = broker()
    assert [m.headers["task"] for m in rest] == ["complaints.notifications.broadcast_fan_out_task"]
    assert rest[0].headers["argsrepr"] == f"({big.pk},)"
