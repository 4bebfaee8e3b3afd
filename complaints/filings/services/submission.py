"""Submission: the approved version frozen and handed to its channel exactly once."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.accounts.models import MODERATORS_GROUP, User
from complaints.campaigns.models import Membership
from complaints.core import heartbeat
from complaints.core.services import audit_record
from complaints.core.text import single_line
from complaints.evidence.services import evidence_mark_filed
from complaints.filings import generation
from complaints.filings.channels import TransportError, transport_for
from complaints.filings.models import (
    Filing,
    FilingVersion,
    Regulator,
    Submission,
    SubmissionAttempt,
)
from complaints.filings.services.common import (
    MAX_SEND_ATTEMPTS,
    SEND_TASK,
    FilingError,
    _announce,
    _lock,
    enqueue,
)
from complaints.filings.workdays import add_working_days
from complaints.notifications.kinds import Kind
from complaints.notifications.services import notifications_settle

# --- Submission --------------------------------------------------------------------------------------------


def _file_sha256(field) -> str:
    import hashlib

    digest = hashlib.sha256()
    with field.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def filing_submit(*, actor, filing: Filing) -> Submission:
    """Freeze the approved version and queue one submission through the regulator's channel."""
    with transaction.atomic():
        filing = _lock(filing)
        version = filing.current_version
        if (
            filing.status != Filing.Status.APPROVED
            or version is None
            or filing.approved_version_id != version.pk
        ):
            raise FilingError(_("Only the version a moderator approved can be submitted."))
        # The approval holds for exactly the bytes the moderator saw.
        if (
            not version.pdf
            or _file_sha256(version.pdf) != filing.approved_pdf_sha256
            or (version.pdf_sha256 != filing.approved_pdf_sha256)
        ):
            raise FilingError(_("The filing changed after it was approved; it needs a new approval."))
        # Withdrawing consent takes effect for every filing not yet submitted.
        if version.content.get("consent_fingerprint") != generation.consent_fingerprint(filing):
            raise FilingError(_("Members changed their consent since this version was made; regenerate it."))
        now = timezone.now()
        FilingVersion.objects.filter(pk=version.pk).update(frozen_at=now)
        # Its exhibits are now frozen content: erasure and evidence retention keep their redacted copies.
        evidence_mark_filed(campaign=filing.campaign, at=now)
        filing.status = Filing.Status.SUBMITTED
        filing.submitted_at = now
        filing.save(update_fields=["status", "submitted_at", "updated_at"])
        submission = Submission.objects.create(
            version=version, regulator=filing.regulator, channel=filing.regulator.channel, created_by=actor
        )
        audit_record(
            actor=actor,
            action="filing.submit",
            target=filing,
            data={"version": version.number, "pdf_sha256": version.pdf_sha256, "submission": submission.pk},
        )
        transaction.on_commit(partial(enqueue, SEND_TASK, submission.pk))
    return submission


def dead_send(now) -> models.Q:
    """A SENDING row whose worker died: its heartbeat stopped (a claim from before heartbeats: the sweep window)."""
    return models.Q(status=Submission.Status.SENDING) & (
        models.Q(heartbeat_at__lt=heartbeat.stale_before(now))
        | models.Q(
            heartbeat_at__isnull=True,
            claimed_at__lt=now - timezone.timedelta(seconds=settings.TONGSU_SWEEP_AFTER_SECONDS),
        )
    )


def _claim(submission_id: int) -> bool:
    """Take a submission for sending; one worker wins. A SENDING row is taken again only once it is dead."""
    now = timezone.now()
    return (
        Submission.objects.filter(pk=submission_id)
        .filter(models.Q(status=Submission.Status.QUEUED) | dead_send(now))
        .update(
            status=Submission.Status.SENDING,
            claimed_at=now,
            heartbeat_at=now,
            attempts=models.F("attempts") + 1,
        )
        == 1
    )


def _beat(submission_id: int) -> int:
    return Submission.objects.filter(pk=submission_id, status=Submission.Status.SENDING).update(
        heartbeat_at=timezone.now()
    )


class RetryLater(Exception):
    """A temporary failure: the task retries after `delay` seconds (backoff with jitter)."""

    def __init__(self, message: str, *, delay: int = 0, code: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.delay = delay
        self.code = code
        self.detail = detail


def _audit_attempt(
    submission: Submission, number: int, result: str, *, code: str = "", detail: str = "", error: str = ""
) -> None:
    data = {"number": number, "result": result, "channel": submission.channel}
    if code:
        data["code"] = code
    if detail:
        data["detail"] = detail[:40]
    audit_record(actor=None, action="submission.attempt", target=submission, reason=error, data=data)


def submission_send(*, submission_id: int) -> str:
    """Hand one submission to its channel exactly once; returns the resulting status.

    The attempt row is committed before the outside call and updated after it. If a worker died after
    the call started (an attempt still "started"), an at-most-once channel (email) is not called again:
    a person checks it instead. The HTTP channel sends again with the same Idempotency-Key.
    Every attempt is an audit event; pages say its failure code in the reader's language (delivery.py).
    """
    if not _claim(submission_id):
        return "skipped"
    submission = Submission.objects.select_related("version__filing__campaign", "regulator").get(
        pk=submission_id
    )
    transport = transport_for(submission.channel)
    previous = submission.attempt_rows.order_by("-number").first()
    if previous is not None and previous.status == SubmissionAttempt.Status.HANDED_OVER:
        _mark_sent(submission, message_id=submission.message_id, reference=submission.remote_reference)
        return Submission.Status.SENT
    if (
        previous is not None
        and previous.status == SubmissionAttempt.Status.STARTED
        and transport.at_most_once
    ):
        _mark_needs_manual(
            submission,
            "A send was interrupted; check with the regulator whether it arrived before sending again.",
            code="interrupted",
        )
        return Submission.Status.NEEDS_MANUAL
    attempt = SubmissionAttempt.objects.create(
        submission=submission, number=(previous.number + 1) if previous else 1
    )
    try:
        with heartbeat.beating(partial(_beat, submission.pk)):
            delivery = transport.send(submission)
    except TransportError as exc:
        return _attempt_failed(submission, attempt, exc)
    SubmissionAttempt.objects.filter(pk=attempt.pk).update(
        status=SubmissionAttempt.Status.HANDED_OVER,
        finished_at=timezone.now(),
        detail=delivery.remote_reference,
    )
    _audit_attempt(submission, attempt.number, "handed_over")
    if delivery.needs_manual_step:
        _mark_needs_manual(submission, "Print the letter, post it and record the tracking number.")
        return Submission.Status.NEEDS_MANUAL
    _mark_sent(submission, message_id=delivery.message_id, reference=delivery.remote_reference)
    return Submission.Status.SENT


def _attempt_failed(submission: Submission, attempt: SubmissionAttempt, exc: TransportError) -> str:
    """Record a failed try; fail the submission when it is permanent or the last, else schedule the next."""
    final = exc.permanent or submission.attempts >= MAX_SEND_ATTEMPTS
    error = single_line(exc, limit=500)
    SubmissionAttempt.objects.filter(pk=attempt.pk).update(
        status=SubmissionAttempt.Status.PERMANENT_FAILURE
        if exc.permanent
        else SubmissionAttempt.Status.TEMPORARY_FAILURE,
        finished_at=timezone.now(),
        detail=error,
        code=exc.code,
    )
    _audit_attempt(
        submission,
        attempt.number,
        "failed" if final else "will_retry",
        code=exc.code,
        detail=exc.detail,
        error=error,
    )
    if final:
        _mark_failed(submission, error, code=exc.code, detail=exc.detail)
        return Submission.Status.FAILED
    delay = retry_delay(max(submission.attempts - 1, 0))
    Submission.objects.filter(pk=submission.pk, status=Submission.Status.SENDING).update(
        status=Submission.Status.QUEUED,
        last_error=error,
        failure_code=exc.code,
        failure_detail=exc.detail[:40],
        next_attempt_at=timezone.now() + timezone.timedelta(seconds=delay),
        updated_at=timezone.now(),
    )
    raise RetryLater(str(exc), delay=delay, code=exc.code, detail=exc.detail) from exc


def _due_date(submission: Submission):
    return add_working_days(
        timezone.localdate(),
        submission.regulator.response_days,
        jurisdiction=submission.regulator.jurisdiction,
    )


def _mark_sent(submission: Submission, *, message_id: str, reference: str) -> None:
    with transaction.atomic():
        updated = Submission.objects.filter(
            pk=submission.pk, status__in=[Submission.Status.SENDING, Submission.Status.NEEDS_MANUAL]
        ).update(
            status=Submission.Status.SENT,
            message_id=message_id,
            remote_reference=reference,
            sent_at=timezone.now(),
            due_at=_due_date(submission),
            last_error="",
            failure_code="",
            failure_detail="",
            next_attempt_at=None,
        )
        if not updated:
            return
        filing = submission.version.filing
        audit_record(
            actor=None, action="submission.sent", target=submission, data={"channel": submission.channel}
        )
        _announce(
            actor=None,
            kind="filing_submitted",
            filing=filing,
            audience="campaign_members",
            dedupe_key=f"submission:{submission.pk}",
        )
        _settle_failure_notices(filing)


def _settle_failure_notices(filing) -> None:
    """Delivered after all: the "sending failed" notices stop asking organizers and moderators to act."""
    organizers = Membership.objects.filter(
        campaign_id=filing.campaign_id, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
    ).values_list("user_id", flat=True)
    moderators = User.objects.filter(groups__name=MODERATORS_GROUP, is_active=True).values_list(
        "pk", flat=True
    )
    notifications_settle(target=filing, kinds=[Kind.FILING_FAILED], recipient_ids=[*organizers, *moderators])


def _mark_needs_manual(submission: Submission, reason: str, *, code: str = "") -> None:
    Submission.objects.filter(pk=submission.pk, status=Submission.Status.SENDING).update(
        status=Submission.Status.NEEDS_MANUAL,
        last_error=single_line(reason, limit=500),
        failure_code=code,
        next_attempt_at=None,
    )
    audit_record(
        actor=None,
        action="submission.needs_manual",
        target=submission,
        reason=reason,
        data={"channel": submission.channel, **({"code": code} if code else {})},
    )


def _mark_failed(submission: Submission, error: str, *, code: str = "", detail: str = "") -> None:
    """The submission gave up: organizers and moderators are told, and the filing page offers what to do."""
    with transaction.atomic():
        updated = (
            Submission.objects.filter(pk=submission.pk)
            .exclude(status=Submission.Status.SENT)
            .update(
                status=Submission.Status.FAILED,
                last_error=single_line(error, limit=500),
                failure_code=code or "error",
                failure_detail=detail[:40],
                next_attempt_at=None,
            )
        )
        if not updated:
            return
        audit_record(
            actor=None,
            action="submission.failed",
            target=submission,
            reason=error,
            data={
                "channel": submission.channel,
                "code": code or "error",
                "detail": detail[:40],
                "attempts": submission.attempts,
            },
        )
        for audience in ("organizers", "moderators"):
            _announce(
                actor=None,
                kind="filing_failed",
                filing=submission.version.filing,
                audience=audience,
                dedupe_key=f"submission:{submission.pk}:failed:{submission.attempts}:{audience}",
            )


def submission_give_up(*, submission_id: int, error: str, code: str = "", detail: str = "") -> None:
    """Retries are exhausted: fail the submission visibly and tell the organizers and moderators."""
    submission = (
        Submission.objects.select_related("version__filing__campaign", "regulator")
        .filter(pk=submission_id)
        .first()
    )
    if submission is not None and submission.status in (Submission.Status.QUEUED, Submission.Status.SENDING):
        _mark_failed(submission, error, code=code, detail=detail)


def submission_record_tracking(*, actor, submission: Submission, tracking_number: str) -> Submission:
    """The organizer posted the letter or handed the filing in: the tracking or case number completes the
    submission and starts the clock."""
    tracking_number = tracking_number.strip()
    if not tracking_number:
        if submission.channel == Regulator.Channel.BY_HAND:
            raise FilingError(_("Enter the case number the regulator gave you."))
        raise FilingError(_("Enter the tracking number."))
    if submission.status != Submission.Status.NEEDS_MANUAL:
        raise FilingError(_("This submission does not wait for a manual step."))
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(tracking_number=tracking_number[:100])
        audit_record(
            actor=actor, action="submission.tracking", target=submission, data={"tracking": tracking_number}
        )
        _mark_sent(submission, message_id="", reference=tracking_number[:100])
    submission.refresh_from_db()
    return submission


def retry_delay(retries: int) -> int:
    """Seconds before the next try: exponential (15 s, 30 s, 1 min, ...) up to 10 minutes, with full jitter."""
    import random

    ceiling = min(600, 15 * 2**retries)
    return ceiling // 2 + random.randint(0, ceiling // 2)  # noqa: S311 - jitter, not security


def submission_channels(regulator) -> list[str]:
    """The channels this regulator can be reached through: those with an address on record, and by hand."""
    channels = []
    if regulator.email:
        channels.append(Regulator.Channel.EMAIL)
    if regulator.api_url and regulator.api_secret:
        channels.append(Regulator.Channel.HTTP)
    if regulator.postal_address:
        channels.append(Regulator.Channel.POSTAL)
    channels.append(Regulator.Channel.BY_HAND)  # the organizers can always hand it in themselves
    return channels


def submission_resend(*, actor, submission: Submission, channel: str) -> Submission:
    """After a failure the organizer tries again, through the same channel or another one on record.

    The same channel sends the same row again (same Idempotency-Key); another channel is a new submission of
    the same frozen version. Nothing is sent while another submission of the filing is under way or delivered.
    """
    if channel not in submission_channels(submission.regulator):
        raise FilingError(_("The regulator has no address for this channel."))
    with transaction.atomic():
        filing = _lock(submission.version.filing)
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.status != Submission.Status.FAILED:
            raise FilingError(_("Only a submission that failed can be sent again."))
        others = Submission.objects.filter(version__filing=filing).exclude(pk=current.pk)
        if others.exclude(status=Submission.Status.FAILED).exists():
            raise FilingError(_("Another submission of this filing is under way or delivered."))
        if channel == current.channel:
            Submission.objects.filter(pk=current.pk).update(
                status=Submission.Status.QUEUED,
                attempts=0,
                claimed_at=None,
                failure_code="",
                failure_detail="",
                next_attempt_at=None,
                updated_at=timezone.now(),
            )
            resent, action = current, "submission.retry"
        else:
            resent = Submission.objects.create(
                version=current.version, regulator=current.regulator, channel=channel, created_by=actor
            )
            action = "submission.change_channel"
        audit_record(
            actor=actor,
            action=action,
            target=resent,
            data={"from": current.channel, "to": channel, "previous": current.pk},
        )
        transaction.on_commit(partial(enqueue, SEND_TASK, resent.pk))
    resent.refresh_from_db()
    return resent
