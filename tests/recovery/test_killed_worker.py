# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""kill -9 a real worker in the middle of anonymizing a screenshot; after a restart and the sweep it is done once.

Filings get the same treatment in tests/filings/test_worker.py (the regulator counts requests by key).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings

from complaints.core.sweeps import run_sweeps
from complaints.evidence.models import EvidenceItem
from portal.celery import app as celery_app
from tests.evidence.support import campaign, organizer, owner_membership, upload, upload_file  # noqa: F401
from tests.processes import start_worker, stop, wait_for
from tests.recovery.figures import report

SCREENSHOT = Path(settings.SHARED_DIR) / "data/evidence/screenshots/chat-11-3.png"


def _screenshot() -> bytes:
    if SCREENSHOT.exists():
        return SCREENSHOT.read_bytes()
    from tests.evidence.support import png_with_text

    return png_with_text([f"客服：请提供手机号 1381234567{i}，订单 2024-05-0{i}" for i in range(10)])


@pytest.mark.slow
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_processing_finishes_the_item_exactly_once(owner_membership, capsys):
    celery_app.conf.task_always_eager = False
    worker = start_worker(queues="evidence")
    log = ""
    try:
        item = upload(owner_membership, [upload_file("chat.png", _screenshot(), "image/png")]).items[0]
        # Kill it once a pipeline step is under way (the progress bar's stage is set).
        running = wait_for(
            lambda: (
                EvidenceItem.objects.filter(pk=item.pk, status=EvidenceItem.Status.PROCESSING)
                .exclude(stage="")
                .first()
            ),
            timeout=90,
            interval=0.05,
        )
        assert running, f"the worker never started the item:\n{stop(worker)[-3000:]}"
        os.kill(worker.pid, signal.SIGKILL)
        killed_log = worker.communicate(timeout=10)[0].decode(errors="replace")
        item.refresh_from_db()
        assert (item.status, item.attempts) == (EvidenceItem.Status.PROCESSING, 1), "killed too late"
        killed_at_stage = item.stage

        # No clock is moved: the killed run's heartbeat goes silent, and the sweep (beat runs it every
        # minute; here every few seconds) hands the item to a restarted worker about a minute later.
        started = time.monotonic()
        worker = start_worker(queues="evidence")
        assert run_sweeps()["complaints.evidence.tasks.sweep_evidence"] == 0, "too early to call it dead"
        swept = wait_for(
            lambda: run_sweeps()["complaints.evidence.tasks.sweep_evidence"],
            timeout=settings.TONGSU_HEARTBEAT_STALE_SECONDS + 30,
            interval=5,
        )
        assert swept == 1, "a dead worker's claim must be taken over in about a minute, not ten"
        picked_up = time.monotonic() - started
        done = wait_for(
            lambda: EvidenceItem.objects.filter(pk=item.pk, status=EvidenceItem.Status.NEEDS_REVIEW).first(),
            timeout=120,
        )
        recovery = time.monotonic() - started
        # A second sweep finds nothing left to do: the item is not processed again.
        assert run_sweeps()["complaints.evidence.tasks.sweep_evidence"] == 0
        time.sleep(2)
    finally:
        log = stop(worker)
    assert done, f"the item was never finished; worker log:\n{log[-3000:]}"
    done.refresh_from_db()
    assert done.attempts == 2, "one killed run, one finished run"
    assert done.redacted and done.sha256_redacted
    assert f"evidence item {item.pk}: processing failed" not in log, log[-3000:]
    # Runs that finished the item: the task returns True only for the run that moved it to review.
    finished = [line for line in (killed_log + log).splitlines() if "evidence_process_task" in line]
    finished = [line for line in finished if "succeeded" in line and line.rstrip().endswith(": True")]
    assert len(finished) == 1, finished
    report(
        capsys,
        f"evidence processing, worker killed during {killed_at_stage!r}, taken over after {picked_up:.0f}s",
        kills=1,
        lost=0,
        duplicates=len(finished) - 1,
        seconds=recovery,
    )
    assert picked_up < settings.TONGSU_HEARTBEAT_STALE_SECONDS + 25, picked_up
