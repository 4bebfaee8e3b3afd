"""A real Celery worker process fans a broadcast out and delivers it to a real SMTP server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import transaction

from complaints.core.models import OutboundEmail
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Broadcast, Notification
from complaints.notifications.services import notify
from portal.celery import app as celery_app
from tests.factories import users_in_bulk
from tests.processes import start_worker, stop, wait_for
from tests.smtp import LocalSMTPServer


@pytest.mark.django_db(transaction=True)
def test_real_worker_fans_out_and_mails_each_member_once_in_their_language(client):
    celery_app.conf.task_always_eager = False
    english = users_in_bulk(20, domain="en.example.org", preferred_language="en")
    chinese = users_in_bulk(20, domain="zh.example.org", preferred_language="zh-hans")
    members = english + chinese
    with LocalSMTPServer() as smtp:
        worker = start_worker(queues="notifications,email", EMAIL_URL=smtp.url)
        try:
            with transaction.atomic():
                notify(
                    actor=None,
                    kind=Kind.FILING_SUBMITTED,
                    audience="users",
                    audience_args={"ids": [m.pk for m in members]},
                    params={"campaign": "某钱包冻结资金", "regulator": "上海市市场监督管理局"},
                    dedupe_key="filing:1:submitted",
                )
                assert smtp.messages == [], "nothing leaves before the broadcast is committed"
            wait_for(lambda: len(smtp.messages) >= len(members), timeout=90)
        finally:
            log = stop(worker)
    assert len(smtp.messages) == len(members), f"worker log:\n{log[-3000:]}"
    assert sorted(m["To"] for m in smtp.messages) == sorted(m.email for m in members)
    subjects = {m["To"]: str(m["Subject"]) for m in smtp.messages}
    assert subjects[english[0].email] == "The group filing was submitted to 上海市市场监督管理局"
    assert subjects[chinese[0].email] == "集体投诉文书已提交给上海市市场监督管理局"
    message = smtp.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    unsubscribe = urlsplit(message["List-Unsubscribe"].strip("<>")).path
    assert client.post(unsubscribe).status_code == 200
    assert Notification.objects.count() == len(members)
    assert Broadcast.objects.get().status == Broadcast.Status.DONE
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
