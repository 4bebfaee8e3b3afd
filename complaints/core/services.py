"""Services of the core app: the audit log and outgoing email."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from complaints.core.middleware import current_request_id
from complaints.core.models import AuditEvent, OutboundEmail
from complaints.core.text import single_line


def _label(target: models.Model | None) -> str:
    if target is None:
        return ""
    return target.audit_label() if hasattr(target, "audit_label") else str(target)


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    reason: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one audit event; text that could forge log lines is flattened to one line."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_label=single_line(actor_obj.audit_label() if actor_obj else "system", limit=200),
        action=single_line(action, limit=80),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=single_line(_label(target), limit=300),
        reason=single_line(reason, limit=2000),
        request_id=current_request_id(),
        data=data or {},
    )


# One SMTP connection carries at most this many messages; many servers refuse more per session.
EMAIL_BATCH_SIZE = 100


@dataclass(frozen=True)
class EmailDraft:
    """A rendered email not stored yet; `email_queue_many` stores many in one query."""

    to: str
    subject: str
    body_text: str
    body_html: str = ""
    kind: str = ""
    headers: dict = field(default_factory=dict)


def email_render(*, template: str, context: dict, language: str | None = None) -> tuple[str, str, str]:
    """Render templates/emails/<template>.{subject.txt,txt,html} in one language: (subject, text, html)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())
        body_text = render_to_string(f"emails/{template}.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}.html", context)
        except Exception:
            body_html = ""
    return subject, body_text, body_html


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    kind: str = "",
    headers: dict | None = None,
) -> OutboundEmail:
    """Render templates/emails/<template>.{subject.txt,txt,html} in the recipient's language and queue it."""
    subject, body_text, body_html = email_render(template=template, context=context, language=language)
    return email_queue_rendered(
        to=to, subject=subject, body_text=body_text, body_html=body_html, kind=kind, headers=headers
    )


def email_queue_rendered(
    *, to: str, subject: str, body_text: str, body_html: str = "", kind: str = "", headers: dict | None = None
) -> OutboundEmail:
    """Store an already rendered email and hand it to the worker once the transaction commits."""
    from complaints.core.tasks import email_send_task

    with transaction.atomic():
        email = OutboundEmail.objects.create(
            to=to,
            subject=single_line(subject, limit=300),
            body_text=body_text,
            body_html=body_html,
            kind=kind,
            headers=headers or {},
        )
        transaction.on_commit(partial(email_send_task.delay, email.pk))
    return email


def email_queue_many(*, drafts: Iterable[EmailDraft]) -> list[int]:
    """Store many rendered emails in one query; after commit, workers send them in batches over one connection."""
    from complaints.core.tasks import email_send_batch_task

    rows = [
        OutboundEmail(
            to=draft.to,
            subject=single_line(draft.subject, limit=300),
            body_text=draft.body_text,
            body_html=draft.body_html,
            kind=draft.kind,
            headers=draft.headers or {},
        )
        for draft in drafts
    ]
    if not rows:
        return []
    with transaction.atomic():
        ids = [email.pk for email in OutboundEmail.objects.bulk_create(rows)]
        for start in range(0, len(ids), EMAIL_BATCH_SIZE):
            transaction.on_commit(partial(email_send_batch_task.delay, ids[start : start + EMAIL_BATCH_SIZE]))
    return ids


def _email_claim(email_id: int) -> bool:
    """Take one email for sending; only one worker wins, so nothing is sent twice."""
    claimed = (
        OutboundEmail.objects.filter(
            pk=email_id,
            status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING],
            attempts__lt=5,
        )
        .filter(
            # A row stuck in SENDING (worker died mid-send) may be retried only after the sweep window.
            models.Q(status=OutboundEmail.Status.PENDING)
            | models.Q(
                updated_at__lt=timezone.now()
                - timezone.timedelta(seconds=settings.TONGSU_SWEEP_AFTER_SECONDS)
            )
        )
        .update(
            status=OutboundEmail.Status.SENDING, attempts=models.F("attempts") + 1, updated_at=timezone.now()
        )
    )
    return claimed == 1


def _email_message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _email_failed(email: OutboundEmail, exc: BaseException) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.PENDING if email.attempts < 5 else OutboundEmail.Status.FAILED,
        last_error=single_line(exc, limit=500),
        updated_at=timezone.now(),
    )


def _email_sent(email_id: int) -> None:
    # The body may hold a one-time code or a link: once delivered we keep only the envelope.
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), body_text="", body_html="", last_error=""
    )


def email_send(*, email_id: int) -> bool:
    """Send one queued email exactly once; returns False when someone else has it or it is done."""
    if not _email_claim(email_id):
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        _email_message(email).send()
    except Exception as exc:
        _email_failed(email, exc)
        raise
    _email_sent(email_id)
    return True


def _mail_connection():
    mailers = getattr(mail, "mailers", None)  # Django 6.1+: named mailers; 6.0: the EMAIL_* settings
    return mailers.default if mailers is not None else mail.get_connection()


def email_send_batch(*, email_ids: list[int]) -> int:
    """Send queued emails over one connection, each claimed on its own; returns how many went out.

    A failed message is put back for a retry and the others still go; the first error is raised at the
    end so the task retries with backoff (sent ones are not claimed again).
    """
    emails = OutboundEmail.objects.filter(
        pk__in=email_ids, status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING]
    ).order_by("pk")
    sent = 0
    first_error: Exception | None = None
    connection = _mail_connection()
    connection.open()
    try:
        for email in emails:
            if not _email_claim(email.pk):
                continue
            email.attempts += 1
            try:
                connection.send_messages([_email_message(email)])
            except Exception as exc:
                _email_failed(email, exc)
                first_error = first_error or exc
                # The session may be broken; the next message gets a fresh one.
                connection.close()
                connection.open()
                continue
            _email_sent(email.pk)
            sent += 1
    finally:
        connection.close()
    if first_error is not None:
        raise first_error
    return sent
