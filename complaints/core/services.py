"""Services of the core app: the audit log and outgoing email."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from complaints.core.middleware import current_request_id
from complaints.core.models import AuditEvent, OutboundEmail
from complaints.core.text import single_line


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
        target_label=single_line(str(target) if target is not None else "", limit=300),
        reason=single_line(reason, limit=2000),
        request_id=current_request_id(),
        data=data or {},
    )


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
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())
        body_text = render_to_string(f"emails/{template}.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}.html", context)
        except Exception:
            body_html = ""
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


def email_send(*, email_id: int) -> bool:
    """Send one queued email exactly once; returns False when someone else has it or it is done."""
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
    if claimed != 1:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmail.Status.PENDING if email.attempts < 5 else OutboundEmail.Status.FAILED,
            last_error=single_line(exc, limit=500),
            updated_at=timezone.now(),
        )
        raise
    # The body may hold a one-time code or a link: once delivered we keep only the envelope.
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), body_text="", body_html="", last_error=""
    )
    return True
