"""A task enqueued after commit is picked up by a real Celery worker process on the configured broker."""

from __future__ import annotations

import pytest
from django.db import transaction

from complaints.core.models import OutboundEmail
from complaints.core.services import email_queue_rendered
from portal.celery import app as celery_app
from tests.processes import start_worker, stop, wait_for
from tests.smtp import LocalSMTPServer


@pytest.mark.django_db(transaction=True)
def test_email_enqueued_after_commit_is_sent_by_a_real_worker_over_smtp():
    celery_app.conf.task_always_eager = False
    with LocalSMTPServer() as smtp:
        worker = start_worker(queues="email", EMAIL_URL=smtp.url)
        try:
            with transaction.atomic():
                email = email_queue_rendered(
                    to="member@example.org", subject="更新 · Update", body_text="第一次集体投诉已提交。"
                )
                # Nothing may leave before the row that describes it is committed.
                assert smtp.messages == []
            delivered = wait_for(lambda: smtp.messages, timeout=60)
        finally:
            log = stop(worker)
    assert delivered, f"worker never delivered the email; worker log:\n{log[-3000:]}"
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "member@example.org"
    assert "第一次集体投诉已提交" in message.get_body(("plain",)).get_content()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.body_text == "", "a delivered body (it may hold a code) is not kept"


@pytest.mark.django_db(transaction=True)
def test_rolled_back_work_is_never_enqueued():
    celery_app.conf.task_always_eager = False
    with pytest.raises(RuntimeError), transaction.atomic():
        email_queue_rendered(to="member@example.org", subject="never", body_text="never")
        raise RuntimeError("the request failed")
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_bad_files_in_the_embedded_queue_do_not_stop_a_real_worker(settings):
    if settings.CELERY_BROKER_URL != "filesystem://":
        pytest.skip("the embedded broker only")
    celery_app.conf.task_always_eager = False
    from tests.core.test_broker import _plant_bad_files

    planted = _plant_bad_files(settings.BROKER_DIR / "queue", "notifications")
    with LocalSMTPServer() as smtp:
        worker = start_worker(queues="notifications,email", EMAIL_URL=smtp.url)
        try:
            email_queue_rendered(to="member@example.org", subject="after", body_text="后续通知。")
            delivered = wait_for(lambda: smtp.messages, timeout=60)
            alive = worker.poll() is None
        finally:
            log = stop(worker)
    assert delivered and alive, f"the worker stopped on a bad file; worker log:\n{log[-3000:]}"
    rejected = settings.BROKER_DIR / "rejected"
    assert planted <= {p.name for p in rejected.iterdir()}
    assert "moved bad message file" in log
