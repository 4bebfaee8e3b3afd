"""A real worker killed mid-send: after a restart and the sweep, the regulator has accepted exactly one request."""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.conf import settings
from django.db import transaction

from complaints.filings import services
from complaints.filings.models import Submission, SubmissionAttempt
from complaints.filings.tasks import sweep_submissions
from portal.celery import app as celery_app
from tests.factories import RegulatorFactory
from tests.filings.conftest import approved_filing
from tests.filings.regulator_server import RegulatorServer
from tests.processes import start_worker, stop, wait_for
from tests.recovery.figures import report


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_send_results_in_exactly_one_accepted_request(
    campaign, organizer, member, moderator, capsys
):
    # The first request is accepted by the regulator, then the answer hangs: the worker dies waiting for it.
    with RegulatorServer("kill-secret", delay_first=30) as server:
        regulator = RegulatorFactory(channel="http", api_url=server.url, api_secret="kill-secret", email="")
        filing = approved_filing(campaign, organizer, regulator, moderator)
        celery_app.conf.task_always_eager = False
        worker = start_worker(queues="filings")
        log = ""
        try:
            with transaction.atomic():
                submission = services.filing_submit(actor=organizer.user, filing=filing)
            assert wait_for(lambda: len(server.requests) >= 1, timeout=60), stop(worker)
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
            submission.refresh_from_db()
            assert submission.status == Submission.Status.SENDING
            assert submission.attempt_rows.get().status == SubmissionAttempt.Status.STARTED

            # No clock is moved: the killed send's heartbeat goes silent and the sweep (beat: every minute;
            # here every few seconds) hands it to the restarted worker about a minute later.
            started = time.monotonic()
            worker = start_worker(queues="filings")
            assert sweep_submissions() == 0, "too early to call the send dead"
            swept = wait_for(
                sweep_submissions, timeout=settings.TONGSU_HEARTBEAT_STALE_SECONDS + 30, interval=5
            )
            assert swept == 1, "a dead worker's send must be taken over in about a minute, not ten"
            picked_up = time.monotonic() - started
            sent = wait_for(
                lambda: Submission.objects.filter(pk=submission.pk, status=Submission.Status.SENT).exists(),
                timeout=90,
            )
            recovery = time.monotonic() - started
        finally:
            log = stop(worker)
    assert sent, f"worker log:\n{log[-3000:]}"
    key = str(submission.idempotency_key)
    assert [r["key"] for r in server.requests] == [key, key]
    assert server.accepted == {key: 1}
    statuses = list(submission.attempt_rows.order_by("number").values_list("status", flat=True))
    assert statuses == [SubmissionAttempt.Status.STARTED, SubmissionAttempt.Status.HANDED_OVER]
    report(
        capsys,
        f"filing sent to the regulator, worker killed mid-send, taken over after {picked_up:.0f}s",
        kills=1,
        lost=0 if server.accepted else 1,
        duplicates=sum(server.accepted.values()) - len(server.accepted),
        seconds=recovery,
    )
