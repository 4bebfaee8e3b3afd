"""A killed worker's emails and fan-outs are taken over in about a minute, not after the ten-minute sweep
window: a live worker keeps its claim fresh (a heartbeat), so only a silent claim is handed out again."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from complaints.core import tasks as core_tasks
from complaints.core.models import OutboundEmail
from complaints.core.services import EmailDraft, email_queue_many, email_send_batch
from complaints.notifications.models import Broadcast
from complaints.notifications.tasks import sweep_broadcasts
from tests.smtp import LocalSMTPServer

pytestmark = pytest.mark.django_db


def _sending(address: str, *, silent_for: int) -> OutboundEmail:
    [pk] = email_queue_many(drafts=[EmailDraft(to=address, subject="Update", body_text="A new update.")])
    OutboundEmail.objects.filter(pk=pk).update(
        status=OutboundEmail.Status.SENDING,
        attempts=1,
        updated_at=timezone.now() - timedelta(seconds=silent_for),
    )
    return OutboundEmail.objects.get(pk=pk)


def test_an_email_whose_worker_went_silent_for_a_minute_is_sent_again_but_not_a_live_one(settings):
    settings.TONGSU_SWEEP_AFTER_SECONDS = 600
    dead = _sending("dead@example.org", silent_for=75)
    live = _sending("live@example.org", silent_for=5)
    with mock.patch.object(core_tasks.email_send_batch_task, "delay", autospec=True) as delay:
        assert core_tasks.sweep_outbound_email() == 1
    delay.assert_called_once_with([dead.pk])

    with LocalSMTPServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        assert email_send_batch(email_ids=[dead.pk, live.pk]) == 1
    assert [m["To"] for m in smtp.messages] == ["dead@example.org"], "the live worker's email is left to it"


@pytest.mark.django_db(transaction=True)
def test_a_batch_keeps_its_claim_fresh_while_it_sends(settings):
    settings.TONGSU_HEARTBEAT_SECONDS = 0.05
    # Rows written directly: queueing would send them at once here (tasks run eagerly on commit).
    ids = [
        OutboundEmail.objects.create(to=f"m{n}@example.org", subject="Update", body_text="A new update.").pk
        for n in range(3)
    ]
    claimed_at = timezone.now()
    last_unsent_refresh: list = []

    def newest_claim_refresh():
        # What another worker sees while this one sends: the claim of the emails not yet sent.
        rows = OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.SENDING)
        return max(rows.values_list("updated_at", flat=True), default=None)

    with LocalSMTPServer() as smtp:
        accept = smtp.handler.handle_DATA

        async def slow_accept(server, session, envelope):
            await asyncio.sleep(0.3)
            last_unsent_refresh.append(await asyncio.to_thread(newest_claim_refresh))
            return await accept(server, session, envelope)

        smtp.handler.handle_DATA = slow_accept
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        assert email_send_batch(email_ids=ids) == 3
    later = [t for t in last_unsent_refresh if t is not None]
    assert later and max(later) > claimed_at + timedelta(seconds=0.3), "the claim was refreshed while sending"


def test_a_fan_out_whose_worker_went_silent_for_a_minute_is_resumed_but_not_a_live_one():
    def running(key: str, silent_for: int) -> Broadcast:
        broadcast = Broadcast.objects.create(
            kind="update_posted", audience="campaign_members", dedupe_key=key, status=Broadcast.Status.RUNNING
        )
        Broadcast.objects.filter(pk=broadcast.pk).update(
            updated_at=timezone.now() - timedelta(seconds=silent_for)
        )
        return broadcast

    dead = running("dead", 75)
    running("live", 5)
    with mock.patch("complaints.notifications.tasks.broadcast_fan_out_task.delay", autospec=True) as delay:
        assert sweep_broadcasts() == 1
    delay.assert_called_once_with(dead.pk)
