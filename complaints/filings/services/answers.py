"""Answers to submissions: through the one-time link or recorded by an organizer."""

from __future__ import annotations

from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.core.review import HIDDEN_NOTICE
from complaints.core.services import audit_record
from complaints.filings.models import Response, Submission
from complaints.filings.responses import check_attachment, submission_for_link
from complaints.filings.services.common import FilingError, _announce

# --- Answers -------------------------------------------------------------------------------------------------


def _response_store(*, submission: Submission, source: str, text: str, attachment, actor) -> Response:
    try:
        content_type = check_attachment(attachment) if attachment else ""
    except ValidationError as exc:
        raise FilingError(exc.messages[0]) from exc
    response = Response(
        submission=submission,
        source=source,
        text=text.strip(),
        recorded_by=actor,
        attachment_type=content_type,
    )
    if attachment:
        extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[content_type]
        # A random name: the sender's file name never reaches the path.
        response.attachment.save(
            f"responses/{submission.pk}/{uuid4().hex}.{extension}", attachment, save=False
        )
    response.save()
    filing = submission.version.filing
    audit_record(actor=actor, action="response.receive", target=submission, data={"source": source})
    _announce(
        actor=actor,
        kind="response_received",
        filing=filing,
        audience="campaign_members",
        dedupe_key=f"response:{response.pk}",
    )
    return response


def response_receive(*, token: str, text: str, attachment=None) -> Response:
    """An outside party answers through the one-time link; the link works once and expires."""
    if not text.strip():
        raise FilingError(_("Write the answer."))
    submission = submission_for_link(token)
    if submission is None:
        raise FilingError(_("This response link is invalid, has expired or was already used."))
    with transaction.atomic():
        if not Submission.objects.filter(pk=submission.pk, response_link_used_at__isnull=True).update(
            response_link_used_at=timezone.now()
        ):
            raise FilingError(_("This response link is invalid, has expired or was already used."))
        return _response_store(
            submission=submission, source=Response.Source.LINK, text=text, attachment=attachment, actor=None
        )


def response_record(*, actor, submission: Submission, text: str, attachment=None) -> Response:
    """An organizer records an answer that came by post, phone or the regulator's own portal."""
    if not text.strip():
        raise FilingError(_("Write the answer."))
    with transaction.atomic():
        return _response_store(
            submission=submission,
            source=Response.Source.ORGANIZER,
            text=text,
            attachment=attachment,
            actor=actor,
        )


def response_receive_email(*, submission: Submission, text: str, attachment=None, actor=None) -> Response:
    """A regulator's reply by email becomes an answer (filings/services/inbound.py matched and checked it;
    `actor` is the moderator who released a held one)."""
    with transaction.atomic():
        return _response_store(
            submission=submission, source=Response.Source.EMAIL, text=text, attachment=attachment, actor=actor
        )


def response_hide(*, actor, response: Response, reason: str) -> None:
    """A moderator hid a reported regulator response: its text gives way to a notice (the moderator's audit
    event keeps it for moderators)."""
    Response.objects.filter(pk=response.pk).update(text=HIDDEN_NOTICE)
