# ruff: noqa: F811 - fixtures are imported from tests.filings.conftest and named as parameters
"""Redis is flushed while work is queued (it keeps nothing on disk): the sweep re-enqueues everything and it completes.

Three kinds of queued work are lost at once: an evidence item to anonymize, a notification fan-out and a
filing submission to the local HTTP regulator. The database is the to-do list; the real sweep (as beat runs
it every minute) hands the work out again, and each piece finishes exactly once.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from complaints.core.sweeps import run_sweeps
from complaints.evidence.models import EvidenceItem
from complaints.filings import services as filings
from complaints.filings.models import Submission
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Broadcast, Notification
from complaints.notifications.services import notify
from portal.celery import app as celery_app
from tests.evidence.support import upload, upload_file
from tests.factories import RegulatorFactory, join
from tests.filings.conftest import approved_filing, campaign, member, organizer  # noqa: F401
from tests.filings.regulator_server import RegulatorServer
from tests.processes import start_worker, stop, wait_for
from tests.recovery.figures import report

PDF = Path(settings.SHARED_DIR) / "data/evidence/pdfs/statement-21-0.pdf"
QUEUES = ("evidence", "notifications", "filings")


def _pdf() -> bytes:
    if PDF.exists():
        return PDF.read_bytes()
    from tests.evidence.support import pdf_with_lines

    return pdf_with_lines(["Statement 2024-05-01", "Top-up 35.00 yuan failed", "Phone 13812345678"])


def _queued(broker: redis.Redis) -> int:
    return sum(broker.llen(name) for name in QUEUES)


@pytest.mark.slow
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_flushed_broker_loses_nothing_after_the_sweep(campaign, organizer, member, moderator, capsys):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "this test is about losing the Redis broker"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    crowd = [join(campaign).user for _ in range(5)]
    with RegulatorServer("flush-secret") as server:
        regulator = RegulatorFactory(channel="http", api_url=server.url, api_secret="flush-secret", email="")
        filing = approved_filing(campaign, organizer, regulator, moderator)  # generated inline (eager)

        # From here on tasks go to Redis; no worker is running, so the three messages wait in the broker.
        celery_app.conf.task_always_eager = False
        broker.delete(*QUEUES)
        item = upload(member, [upload_file("statement.pdf", _pdf(), "application/pdf")]).items[0]
        broadcast = notify(
            actor=organizer.user,
            kind=Kind.UPDATE_POSTED,
            audience="filings.members",
            audience_args={"campaign": campaign.pk},
            params={"campaign": campaign.title, "update": "第一次集体投诉已提交"},
            dedupe_key=f"recovery-flush:{campaign.pk}",
        )
        submission = filings.filing_submit(actor=organizer.user, filing=filing)
        assert _queued(broker) == 3, {name: broker.llen(name) for name in QUEUES}

        broker.flushdb()  # Redis restarted without persistence: every queued message is gone
        worker = start_worker()
        try:
            time.sleep(3)  # a live worker finds nothing to do: the work exists only in the database
            item.refresh_from_db()
            assert item.status == EvidenceItem.Status.RECEIVED
            assert Broadcast.objects.get(pk=broadcast.pk).status == Broadcast.Status.PENDING
            assert Submission.objects.get(pk=submission.pk).status == Submission.Status.QUEUED

            # Time passes beyond each sweep window, then beat runs the real sweep.
            past = timezone.now() - timedelta(seconds=settings.TONGSU_SWEEP_AFTER_SECONDS + 5)
            EvidenceItem.objects.filter(pk=item.pk).update(updated_at=past)
            Broadcast.objects.filter(pk=broadcast.pk).update(updated_at=past)
            Submission.objects.filter(pk=submission.pk).update(updated_at=past)
            started = time.monotonic()
            swept = run_sweeps()
            swept_names = [
                "complaints.evidence.tasks.sweep_evidence",
                "complaints.notifications.tasks.sweep_broadcasts",
                "complaints.filings.tasks.sweep_submissions",
            ]
            assert swept["complaints.evidence.tasks.sweep_evidence"] == 1, swept
            assert swept["complaints.notifications.tasks.sweep_broadcasts"] == 1, swept
            assert swept["complaints.filings.tasks.sweep_submissions"] == 1, swept

            def finished() -> dict[str, bool]:
                return {
                    "evidence": EvidenceItem.objects.filter(
                        pk=item.pk, status=EvidenceItem.Status.NEEDS_REVIEW
                    ).exists(),
                    "fan-out": Broadcast.objects.filter(
                        pk=broadcast.pk, status=Broadcast.Status.DONE
                    ).exists(),
                    "filing": Submission.objects.filter(
                        pk=submission.pk, status=Submission.Status.SENT
                    ).exists(),
                }

            wait_for(lambda: all(finished().values()), timeout=150)
            recovery = time.monotonic() - started
            state = finished()
            if all(state.values()):  # nothing left for the next sweep to hand out
                again = run_sweeps()
                assert [again[name] for name in swept_names] == [0, 0, 0], again
        finally:
            log = stop(worker)
    lost = [name for name, done in state.items() if not done]
    assert not lost, f"lost {lost}; worker log:\n{log[-3000:]}"

    members = [member.user, *crowd]  # everyone but the organizer who posted it
    per_person = (
        Notification.objects.filter(broadcast=broadcast).values("recipient_id").annotate(n=Count("id"))
    )
    assert {row["recipient_id"] for row in per_person} == {u.pk for u in members}
    duplicate_notifications = sum(row["n"] - 1 for row in per_person)
    key = str(submission.idempotency_key)
    assert server.accepted == {key: 1}
    item.refresh_from_db()
    assert item.attempts == 1 and item.sha256_redacted
    duplicates = duplicate_notifications + sum(server.accepted.values()) - len(server.accepted)
    assert duplicates == 0
    report(
        capsys,
        "broker flushed with evidence, a fan-out and a filing queued",
        flushes=1,
        lost=len(lost),
        duplicates=duplicates,
        seconds=recovery,
    )
