"""Approval and submission: only the approved bytes leave, through each channel, exactly once."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from complaints.core.models import AuditEvent
from complaints.filings import services
from complaints.filings.channels import TransportError
from complaints.filings.channels.http import HttpTransport
from complaints.filings.models import Filing, Submission, SubmissionAttempt
from complaints.filings.tasks import sweep_submissions
from complaints.notifications.models import Broadcast
from tests.factories import RegulatorFactory
from tests.filings.conftest import add_evidence, approved_filing, make_filing, regenerate
from tests.filings.regulator_server import RegulatorServer
from tests.smtp import LocalSMTPServer

pytestmark = pytest.mark.django_db


def _smtp_settings(smtp):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp.port,
    )


def _send(submission):
    """What the task does, once; a RetryLater is what makes Celery retry."""
    try:
        return services.submission_send(submission_id=submission.pk)
    except services.RetryLater:
        return "retry"


def test_unapproved_version_is_refused(campaign, organizer, member, regulator):
    filing = make_filing(campaign, organizer, regulator)
    with pytest.raises(services.FilingError):
        services.filing_submit(actor=organizer.user, filing=filing)
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    with pytest.raises(services.FilingError):
        services.filing_submit(actor=organizer.user, filing=filing)
    assert not Submission.objects.exists()


def test_version_changed_after_approval_is_refused(campaign, organizer, member, regulator, moderator):
    filing = approved_filing(campaign, organizer, regulator, moderator)
    version = filing.current_version
    # Someone swaps the PDF bytes behind the approval.
    with version.pdf.storage.open(version.pdf.name, "wb") as fh:
        fh.write(b"%PDF-1.7 tampered")
    with translation.override("en"), pytest.raises(services.FilingError, match="changed after"):
        services.filing_submit(actor=organizer.user, filing=filing)
    assert not Submission.objects.exists()


def test_regenerating_after_approval_needs_a_new_approval(campaign, organizer, member, regulator, moderator):
    filing = approved_filing(campaign, organizer, regulator, moderator)
    regenerate(filing, organizer, narrative="新的事实", demands="退款")
    assert filing.status == Filing.Status.DRAFT
    with pytest.raises(services.FilingError):
        services.filing_submit(actor=organizer.user, filing=filing)


def test_withdrawn_consent_blocks_submission_until_regenerated(
    campaign, organizer, member, regulator, moderator
):
    from complaints.campaigns.models import Membership

    filing = approved_filing(campaign, organizer, regulator, moderator)
    Membership.objects.filter(pk=member.pk).update(include_in_filings=False)
    with translation.override("en"), pytest.raises(services.FilingError, match="consent"):
        services.filing_submit(actor=organizer.user, filing=filing)


def test_only_moderators_approve_and_every_decision_is_audited(
    campaign, organizer, member, regulator, moderator
):
    filing = make_filing(campaign, organizer, regulator)
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    with pytest.raises(services.FilingError):
        services.filing_approve(actor=organizer.user, filing=filing)
    services.filing_return(actor=moderator, filing=filing, comment="请删除第二段的手机号")
    filing.refresh_from_db()
    assert filing.status == Filing.Status.RETURNED
    actions = set(AuditEvent.objects.filter(target_type="filings.filing").values_list("action", flat=True))
    assert {"filing.create", "filing.generate", "filing.send_for_approval", "filing.return"} <= actions


def test_checklist_shows_personal_data_in_the_narrative(campaign, organizer, member, regulator):
    filing = make_filing(campaign, organizer, regulator)
    regenerate(filing, organizer, narrative="联系人电话 13812345678，邮箱 zhang@example.com", demands="退款")
    checklist = services.review_checklist(filing)
    assert checklist["ready"] and {f["type"] for f in checklist["findings"]} >= {"PHONE", "EMAIL"}
    assert checklist["consents_unchanged"]


def test_email_channel_sends_pdf_and_annexes_with_stable_message_id_and_reply_to(
    campaign, organizer, member, moderator, django_capture_on_commit_callbacks
):
    regulator = RegulatorFactory(channel="email", email="tousu@regulator.example.org")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    with LocalSMTPServer() as smtp, _smtp_settings(smtp):
        with django_capture_on_commit_callbacks(execute=True):
            submission = services.filing_submit(actor=organizer.user, filing=filing)
        assert _send(submission) == "skipped", "a second run of the task sends nothing"
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SENT and submission.due_at is not None
    to_regulator = [m for m in smtp.messages if m["To"] == "tousu@regulator.example.org"]
    assert len(to_regulator) == 1, "the members' notifications are the other messages"
    message = to_regulator[0]
    assert message["Message-ID"] == submission.stable_message_id == submission.message_id
    assert message["Reply-To"] == f"filing+{submission.response_token}@tongsu.localhost"
    names = {part.get_filename() for part in message.iter_attachments()}
    assert names == {f"{campaign.slug}-v1.pdf", "annex.csv", "annex.json"}
    pdf = next(p for p in message.iter_attachments() if p.get_filename().endswith(".pdf"))
    import hashlib

    assert hashlib.sha256(pdf.get_content()).hexdigest() == filing.approved_pdf_sha256
    assert submission.version.frozen_at is not None
    attempt = SubmissionAttempt.objects.get(submission=submission)
    assert attempt.status == SubmissionAttempt.Status.HANDED_OVER
    assert Broadcast.objects.filter(kind="filing_submitted").exists()


def test_interrupted_email_send_is_not_repeated(campaign, organizer, member, moderator):
    regulator = RegulatorFactory(channel="email")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    # A worker claimed it, wrote its attempt row and died before learning what SMTP did.
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.QUEUED)
    SubmissionAttempt.objects.create(submission=submission, number=1)
    with LocalSMTPServer() as smtp, _smtp_settings(smtp):
        assert _send(submission) == Submission.Status.NEEDS_MANUAL
    assert not [m for m in smtp.messages if m["To"] == regulator.email]


def test_the_sweep_takes_over_a_send_whose_worker_went_silent_but_not_a_slow_one(
    campaign, organizer, member, moderator
):
    regulator = RegulatorFactory(channel="email")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    now = timezone.now()
    sending = Submission.objects.filter(pk=submission.pk)
    # A slow regulator: claimed an hour ago, but the worker still beats.
    sending.update(
        status=Submission.Status.SENDING,
        claimed_at=now - timedelta(hours=1),
        heartbeat_at=now - timedelta(seconds=10),
    )
    assert sweep_submissions() == 0, "a send whose worker is alive is not handed out twice"
    # A killed worker: silent for over a minute, long before the ten-minute sweep window.
    sending.update(claimed_at=now - timedelta(seconds=90), heartbeat_at=now - timedelta(seconds=70))
    with LocalSMTPServer() as smtp, _smtp_settings(smtp):
        assert sweep_submissions() == 1
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SENT
    assert [m["To"] for m in smtp.messages].count(regulator.email) == 1


def test_http_retry_after_503_sends_the_same_key_and_is_accepted_once(campaign, organizer, member, moderator):
    with RegulatorServer("s3cret", fail_first=1) as server:
        regulator = RegulatorFactory(channel="http", api_url=server.url, api_secret="s3cret", email="")
        filing = approved_filing(campaign, organizer, regulator, moderator)
        submission = services.filing_submit(actor=organizer.user, filing=filing)
        assert _send(submission) == "retry"
        submission.refresh_from_db()
        assert submission.status == Submission.Status.QUEUED
        assert _send(submission) == Submission.Status.SENT
    keys = [r["key"] for r in server.requests]
    assert keys == [str(submission.idempotency_key)] * 2
    assert all(r["signed"] for r in server.requests)
    assert server.accepted == {str(submission.idempotency_key): 1}
    body = json.loads(server.requests[-1]["body"])
    assert body["pdf"]["sha256"] == filing.approved_pdf_sha256
    statuses = list(submission.attempt_rows.values_list("status", flat=True))
    assert statuses == [SubmissionAttempt.Status.TEMPORARY_FAILURE, SubmissionAttempt.Status.HANDED_OVER]


def test_http_permanent_4xx_fails_and_tells_the_organizers_and_moderators(
    campaign, organizer, member, moderator
):
    with RegulatorServer("right-secret") as server:
        regulator = RegulatorFactory(channel="http", api_url=server.url, api_secret="wrong-secret", email="")
        filing = approved_filing(campaign, organizer, regulator, moderator)
        submission = services.filing_submit(actor=organizer.user, filing=filing)
        assert _send(submission) == Submission.Status.FAILED
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED and "401" in submission.last_error
    assert submission.failure_code == "http_status" and submission.failure_detail == "401"
    broadcast = Broadcast.objects.get(kind="filing_failed", audience="filings.organizers")
    from complaints.filings.audiences import organizers_audience
    from complaints.moderation.audiences import moderators_audience

    assert organizers_audience(broadcast.audience_args, 0, 10) == [organizer.user_id]
    to_moderators = Broadcast.objects.get(kind="filing_failed", audience="moderators")
    assert moderators_audience(to_moderators.audience_args, 0, 10) == [moderator.pk]


def test_http_transport_classifies_errors(campaign, organizer, member, moderator):
    regulator = RegulatorFactory(channel="http", api_url="http://127.0.0.1:9/none", api_secret="x", email="")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    with pytest.raises(TransportError) as info:
        HttpTransport().send(submission)
    assert info.value.permanent is False


def test_postal_needs_a_tracking_number_then_starts_the_deadline(campaign, organizer, member, moderator):
    regulator = RegulatorFactory(channel="postal", postal_address="北京市西城区成方街32号", email="")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    assert _send(submission) == Submission.Status.NEEDS_MANUAL
    submission.refresh_from_db()
    assert submission.due_at is None
    services.submission_record_tracking(
        actor=organizer.user, submission=submission, tracking_number="EMS123CN"
    )
    assert submission.status == Submission.Status.SENT and submission.due_at is not None
    assert submission.tracking_number == "EMS123CN"


def test_submit_task_is_enqueued_after_commit(
    campaign, organizer, member, moderator, django_capture_on_commit_callbacks
):
    regulator = RegulatorFactory(channel="postal", postal_address="地址", email="")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission = services.filing_submit(actor=organizer.user, filing=filing)
    assert len(callbacks) == 1
    submission.refresh_from_db()
    assert submission.status == Submission.Status.NEEDS_MANUAL


def test_evidence_of_members_without_filing_consent_is_left_out(campaign, organizer, member, regulator):
    from complaints.campaigns.models import Membership

    add_evidence(member)
    Membership.objects.filter(pk=member.pk).update(include_in_filings=False)
    filing = make_filing(campaign, organizer, regulator, with_exhibit=False)
    assert filing.current_version.content["figures"]["exhibits"] == 0
    assert filing.current_version.content["figures"]["members"] == 1


def test_checklist_flags_evidence_withdrawn_after_generation(campaign, organizer, member, regulator):
    from complaints.evidence.models import EvidenceItem

    item = add_evidence(member)
    filing = make_filing(campaign, organizer, regulator)
    assert services.review_checklist(filing)["only_approved_evidence"] is True
    EvidenceItem.objects.filter(pk=item.pk).update(needs_moderation=True)  # reported since
    checklist = services.review_checklist(filing)
    assert checklist["only_approved_evidence"] is False and checklist["consents_unchanged"] is False


def test_retry_delay_grows_exponentially_with_jitter_and_a_ceiling():
    for retries in range(8):
        ceiling = min(600, 15 * 2**retries)
        delays = {services.retry_delay(retries) for _ in range(50)}
        assert all(ceiling // 2 <= d <= ceiling for d in delays)
    assert len({services.retry_delay(3) for _ in range(50)}) > 1, "jitter spreads retries"


def test_task_retries_a_temporary_failure_with_backoff(campaign, organizer, member, moderator):
    from celery.exceptions import Retry

    from complaints.filings.tasks import submission_send_task

    with RegulatorServer("s", fail_first=5) as server:
        regulator = RegulatorFactory(channel="http", api_url=server.url, api_secret="s", email="")
        filing = approved_filing(campaign, organizer, regulator, moderator)
        submission = services.filing_submit(actor=organizer.user, filing=filing)
        with (
            mock.patch.object(submission_send_task, "retry", autospec=True, side_effect=Retry()) as retry,
            pytest.raises(Retry),
        ):
            submission_send_task.run(submission.pk)
    countdown = retry.call_args.kwargs["countdown"]
    assert 7 <= countdown <= 15
    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED and "503" in submission.last_error
