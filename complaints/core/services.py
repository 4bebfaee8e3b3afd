"""Services of the core app: the audit log and outgoing email."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from celery import signature
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connection, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from complaints.core import heartbeat
from complaints.core.mail import is_permanent, outbound_message_id, wait_for_send_slot
from complaints.core.middleware import current_request_id
from complaints.core.models import AuditEvent, OutboundEmail
from complaints.core.text import single_line

logger = logging.getLogger(__name__)

# Queued by name: core/tasks.py calls these services, so the services do not import it back.
EMAIL_SEND_TASK = "complaints.notifications.email_send_task"
EMAIL_BATCH_TASK = "complaints.notifications.email_send_batch_task"


def _enqueue(task_name: str, *args) -> None:
    signature(task_name, args=args).delay()


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
    to: str | None,
    template: str,
    context: dict,
    language: str | None = None,
    kind: str = "",
    headers: dict | None = None,
) -> OutboundEmail | None:
    """Render templates/emails/<template>.{subject.txt,txt,html} in the recipient's language and queue it.

    A person who signed up with a mobile number only has no address: nothing is queued (None)."""
    if not to:
        logger.info("no email queued: the person has no email address (%s)", kind or template)
        return None
    subject, body_text, body_html = email_render(template=template, context=context, language=language)
    return email_queue_rendered(
        to=to, subject=subject, body_text=body_text, body_html=body_html, kind=kind, headers=headers
    )


def email_queue_rendered(
    *,
    to: str | None,
    subject: str,
    body_text: str,
    body_html: str = "",
    kind: str = "",
    headers: dict | None = None,
) -> OutboundEmail | None:
    """Store an already rendered email and hand it to the worker once the transaction commits (nothing,
    and None, for an empty address)."""
    if not to:
        logger.info("no email queued: the person has no email address (%s)", kind)
        return None
    with transaction.atomic():
        email = OutboundEmail.objects.create(
            to=to,
            subject=single_line(subject, limit=300),
            body_text=body_text,
            body_html=body_html,
            kind=kind,
            headers=headers or {},
        )
        transaction.on_commit(partial(_enqueue, EMAIL_SEND_TASK, email.pk))
    return email


def email_queue_many(*, drafts: Iterable[EmailDraft]) -> list[int]:
    """Store many rendered emails in one query; after commit, workers send them in batches over one connection."""
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
        if draft.to  # a phone-only person is told in the portal only
    ]
    if not rows:
        return []
    with transaction.atomic():
        ids = [email.pk for email in OutboundEmail.objects.bulk_create(rows)]
        size = settings.TONGSU_EMAIL_BATCH_SIZE  # one SMTP session each; many servers refuse more per session
        for start in range(0, len(ids), size):
            transaction.on_commit(partial(_enqueue, EMAIL_BATCH_TASK, ids[start : start + size]))
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
            # A row in SENDING is taken over only once its heartbeat stopped (the worker died mid-send).
            models.Q(status=OutboundEmail.Status.PENDING)
            | models.Q(updated_at__lt=heartbeat.stale_before(timezone.now()))
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
        headers=_email_headers(email),
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _email_headers(email: OutboundEmail) -> dict:
    """The row's headers, with a Message-ID that is the same on every try (a re-send after a killed worker is
    recognizably the same email) unless the row brings its own."""
    if any(key.lower() == "message-id" for key in email.headers):
        return email.headers
    return {"Message-ID": outbound_message_id(email.pk), **email.headers}


def _email_failed(email: OutboundEmail, exc: BaseException) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=(
            OutboundEmail.Status.FAILED
            if is_permanent(exc) or email.attempts >= 5
            else OutboundEmail.Status.PENDING
        ),
        last_error=single_line(exc, limit=500),
        updated_at=timezone.now(),
    )


def _email_sent(email_id: int) -> None:
    """Mark one email delivered, right after the server accepted it: no claim can take it again. The body
    may hold a one-time code or a link: once delivered we keep only the envelope. One plain UPDATE
    (the ORM's update() built a query and its compiler for every email: a third of the sender's CPU per email)."""
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(OutboundEmail._meta.db_table)} SET status = %s, sent_at = %s, updated_at = %s, "  # noqa: S608  # nosec B608 - names from the model, values bound
        "body_text = '', body_html = '', last_error = '' WHERE id = %s"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(sql, [OutboundEmail.Status.SENT, now, now, email_id])


@contextmanager
def _marks_commit_without_waiting() -> Iterator[None]:
    """While a batch is sent, its claims and sent marks commit without waiting for the WAL flush
    (PostgreSQL's synchronous_commit off, this session, reset after): visible to every worker at once, so a
    killed worker never causes a repeat; only a crash of PostgreSQL itself within about half a second could
    lose a mark and send that email again. Waiting for the disk cost 20-35 ms an email, most of the time of
    sending one."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with suppress(DatabaseError), connection.cursor() as cursor:  # a broken connection is dropped anyway
            cursor.execute("RESET synchronous_commit")


def _email_beat(email_ids: list[int]) -> int:
    """The sending worker is alive: refresh the claim of the emails it still holds."""
    return OutboundEmail.objects.filter(pk__in=email_ids, status=OutboundEmail.Status.SENDING).update(
        updated_at=timezone.now()
    )


def email_send(*, email_id: int) -> bool:
    """Send one queued email exactly once; returns False when someone else has it or it is done."""
    if not _email_claim(email_id):
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        with heartbeat.beating(partial(_email_beat, [email_id])):
            _email_message(email).send()
    except Exception as exc:
        _email_failed(email, exc)
        if is_permanent(exc):  # failed for good, visibly: no retry will change a 5xx
            logger.warning("email %s refused for good: %s", email.pk, single_line(exc, limit=300))
            return False
        raise
    with _marks_commit_without_waiting():
        _email_sent(email_id)
    return True


def _mail_connection():
    mailers = getattr(mail, "mailers", None)  # Django 6.1+: named mailers; 6.0: the EMAIL_* settings
    return mailers.default if mailers is not None else mail.get_connection()


def _email_claim_batch(email_ids: list[int]) -> list[OutboundEmail]:
    """Take every still-unsent email of the batch in one UPDATE ... RETURNING; each row is won by one worker.

    Like _email_claim: pending rows, or rows in SENDING whose heartbeat stopped (a worker died).
    """
    if not email_ids:
        return []
    quote = connection.ops.quote_name
    table = quote(OutboundEmail._meta.db_table)
    columns = ", ".join(quote(f.column) for f in OutboundEmail._meta.concrete_fields)
    marks = ", ".join(["%s"] * len(email_ids))
    now = timezone.now()
    stuck_before = heartbeat.stale_before(now)
    where = f"id IN ({marks}) AND attempts < 5 AND (status = %s OR (status = %s AND updated_at < %s))"
    sql = f"UPDATE {table} SET status = %s, attempts = attempts + 1, updated_at = %s WHERE {where} RETURNING {columns}"  # noqa: S608  # nosec B608 - names from the model, values bound as parameters
    params = [OutboundEmail.Status.SENDING, now, *email_ids, OutboundEmail.Status.PENDING]
    params += [OutboundEmail.Status.SENDING, stuck_before]
    return sorted(OutboundEmail.objects.raw(sql, params), key=lambda email: email.pk)


def _email_release(email_ids: list[int]) -> None:
    """Hand back claimed emails that were not tried (the server asked us to wait): no attempt used."""
    if email_ids:
        OutboundEmail.objects.filter(pk__in=email_ids, status=OutboundEmail.Status.SENDING).update(
            status=OutboundEmail.Status.PENDING, attempts=models.F("attempts") - 1, updated_at=timezone.now()
        )


def email_send_batch(*, email_ids: list[int]) -> int:
    """Send queued emails over one connection: one claim for the batch, one sent mark per email (so a
    message the server accepted is never sent again); returns how many went out.

    A permanent refusal (5xx) marks that email failed and the others still go. A temporary one (4xx, lost
    connection) puts it and the rest of the batch back and raises, so the task retries with backoff.
    """
    with _marks_commit_without_waiting():
        emails = _email_claim_batch(email_ids)
        if not emails:
            return 0
        mailer = _mail_connection()
        try:
            mailer.open()
            with heartbeat.beating(partial(_email_beat, [e.pk for e in emails])):
                return _email_send_claimed(mailer, emails)
        except Exception:
            _email_release([e.pk for e in emails])  # only those still claimed: sent and failed ones stay
            raise
        finally:
            mailer.close()


def _email_send_claimed(connection, emails: list[OutboundEmail]) -> int:
    """Send claimed emails over an open connection; a temporary refusal hands the rest back and raises."""
    sent = 0
    for position, email in enumerate(emails):
        wait_for_send_slot()
        try:
            connection.send_messages([_email_message(email)])
        except Exception as exc:
            _email_failed(email, exc)
            if not is_permanent(exc):
                _email_release([e.pk for e in emails[position + 1 :]])
                raise
            logger.warning("email %s refused for good: %s", email.pk, single_line(exc, limit=300))
            continue
        _email_sent(email.pk)
        sent += 1
    return sent
