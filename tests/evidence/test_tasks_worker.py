# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""An upload is processed by a real Celery worker listening only on the evidence queue."""

from __future__ import annotations

import pytest
from django.conf import settings

from complaints.evidence.models import EvidenceItem
from portal.celery import app as celery_app
from tests.evidence.support import CHAT, PHONE, campaign, organizer, owner_membership, upload, upload_file  # noqa: F401
from tests.processes import start_worker, stop, wait_for


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_upload_is_anonymized_by_a_worker_on_the_evidence_queue(owner_membership):
    from complaints.evidence.files import read_file

    celery_app.conf.task_always_eager = False
    worker = start_worker(queues="evidence", TONGSU_PRIVATE_DIR=str(settings.PRIVATE_STORAGE_DIR))
    try:
        item = upload(owner_membership, [upload_file("chat.txt", CHAT)]).items[0]
        done = wait_for(
            lambda: EvidenceItem.objects.filter(pk=item.pk, status=EvidenceItem.Status.NEEDS_REVIEW).first(),
            timeout=90,
        )
    finally:
        log = stop(worker)
    assert done, f"the worker never processed the item; worker log:\n{log[-3000:]}"
    assert PHONE not in read_file(done.redacted.name).decode()
    assert done.attempts == 1
