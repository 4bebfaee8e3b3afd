"""Replies by email to filing+<token>@: one service for the SMTP receiver and the provider's webhook.

A reply is matched by the token in its address and recorded once per Message-ID. From the regulator on
file it becomes an answer through the same service as a link answer (members are told, the timeline shows
it); from anyone else it waits for a moderator. Mail to an unknown address gets one short, rate-limited
reply in both languages, and robots, lists and bounces get none, so the portal never feeds backscatter.
"""

from __future__ import annotations

import enum
import hashlib
import logging
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.accounts.security import rate_limit_hit
from complaints.campaigns.permissions import is_moderator
from complaints.core.review import moderators_notify, moderators_settle
from complaints.core.services import audit_record, email_queue
from complaints.core.text import single_line
from complaints.filings.inbound import InboundAttachment, InboundMessage
from complaints.filings.models import InboundEmail, Submission
from complaints.filings.responses import check_attachment, sender_is_regulator, submission_for_reply_address
from complaints.filings.services.answers import response_receive_email
from complaints.filings.services.common import FilingError

logger = logging.getLogger(__name__)

# Stored as the text of an answer that is only an attachment; every reader sees both languages.
ATTACHMENT_ONLY = "（见附件）(See the attachment.)"
# Which accepted attachment an answer keeps when a mail carries several: the letter before a picture.
_PREFERENCE = {"application/pdf": 0, "image/png": 1, "image/jpeg": 1}
_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


class InboundResult(enum.StrEnum):
    ACCEPTED = "accepted"
    HELD = "held"
    DUPLICATE = "duplicate"
    UNKNOWN = "unknown"
    EMPTY = "empty"


def _bounce_window() -> int:
    return int(getattr(settings, "TONGSU_INBOUND_BOUNCE_SECONDS", 86400))


def _bounces_per_hour() -> int:
    return int(getattr(settings, "TONGSU_INBOUND_BOUNCES_PER_HOUR", 30))


def _submission_for(recipients: tuple[str, ...]) -> Submission | None:
    for recipient in recipients:
        submission = submission_for_reply_address(recipient)
        if submission is not None:
            return submission
    return None


def _message_key(message: InboundMessage, submission: Submission) -> str:
    if message.message_id:
        return hashlib.sha256(message.message_id.strip().lower().encode()).hexdigest()
    # No Message-ID (rare, but RFC 5322 only says "should"): the same words to the same filing count once.
    content = "\n".join([str(submission.pk), message.sender, message.subject, message.text])
    content += "".join(hashlib.sha256(a.content).hexdigest() for a in message.attachments)
    return hashlib.sha256(content.encode()).hexdigest()


def _pick_attachment(attachments: tuple[InboundAttachment, ...]) -> tuple[ContentFile | None, str, int]:
    """The attachment the answer keeps (sniffed like every upload), its type, and how many were refused."""
    accepted: list[tuple[int, int, ContentFile, str]] = []
    refused = 0
    for position, attachment in enumerate(attachments):
        upload = ContentFile(attachment.content, name="attachment")
        try:
            content_type = check_attachment(upload)
        except ValidationError:
            refused += 1
            continue
        accepted.append((_PREFERENCE[content_type], position, upload, content_type))
    if not accepted:
        return None, "", refused
    _rank, _position, upload, content_type = min(accepted, key=lambda row: row[:2])
    return upload, content_type, refused


def _bounce_unknown(message: InboundMessage) -> bool:
    """One short reply in both languages to a person who wrote to an address we do not know; True if sent."""
    address = message.reply_address
    if message.automatic or "@" not in address:
        return False
    if rate_limit_hit(scope="inbound-bounce", key=address, limit=1, seconds=_bounce_window()):
        return False
    if rate_limit_hit(scope="inbound-bounce-all", key="all", limit=_bounces_per_hour(), seconds=3600):
        logger.warning("inbound mail: the hourly limit of replies to unknown addresses is reached")
        return False
    headers = {"Auto-Submitted": "auto-replied"}  # RFC 3834: their robots must not answer this one
    if message.message_id and message.message_id.isascii() and "\n" not in message.message_id:
        headers |= {"In-Reply-To": message.message_id, "References": message.message_id}
    email_queue(
        to=address, template="filing_reply_unknown", context={}, kind="filing_reply_unknown", headers=headers
    )
    return True


def inbound_email_receive(*, message: InboundMessage, source: str) -> InboundResult:
    """A mail to a filing's reply address: matched by token, recorded once, answered or held for a moderator."""
    submission = _submission_for(message.recipients)
    if submission is None:
        bounced = _bounce_unknown(message)
        logger.info(
            "inbound mail via %s to an unknown address (%s)", source, "replied" if bounced else "quiet"
        )
        return InboundResult.UNKNOWN
    key = _message_key(message, submission)
    if InboundEmail.objects.filter(message_key=key).exists():
        return InboundResult.DUPLICATE
    attachment, content_type, refused = _pick_attachment(message.attachments)
    text = message.text or (ATTACHMENT_ONLY if attachment else "")
    try:
        with transaction.atomic():
            inbound = InboundEmail.objects.create(
                message_key=key,
                source=single_line(source, limit=30),
                submission=submission,
                sender=message.sender[:254],
                subject=message.subject,
                attachments_refused=refused,
                status=InboundEmail.Status.EMPTY,
            )
            result = _inbound_sort(inbound, text=text, attachment=attachment, content_type=content_type)
    except IntegrityError:  # the same mail arrived twice at once (a provider's retry, two MX hosts)
        return InboundResult.DUPLICATE
    logger.info("inbound mail via %s for submission %s: %s", source, submission.pk, result)
    return result


def _inbound_sort(inbound: InboundEmail, *, text: str, attachment, content_type: str) -> InboundResult:
    submission = inbound.submission
    data = {"source": inbound.source, "attachments_refused": inbound.attachments_refused}
    if not text:
        audit_record(actor=None, action="inbound_email.empty", target=inbound, data=data)
        return InboundResult.EMPTY
    if sender_is_regulator(submission.regulator, inbound.sender):
        inbound.response = response_receive_email(submission=submission, text=text, attachment=attachment)
        inbound.status = InboundEmail.Status.ACCEPTED
        inbound.save(update_fields=["response", "status"])
        audit_record(actor=None, action="inbound_email.accept", target=inbound, data=data)
        return InboundResult.ACCEPTED
    inbound.status = InboundEmail.Status.HELD
    inbound.text = text
    if attachment is not None:
        inbound.attachment_type = content_type
        inbound.attachment.save(
            f"inbound/{submission.pk}/{uuid4().hex}.{_EXTENSIONS[content_type]}", attachment, save=False
        )
    inbound.save()
    audit_record(actor=None, action="inbound_email.hold", target=inbound, data=data)
    moderators_notify(actor=None, queue="inbound_mail", target=inbound, dedupe_key=f"inbound:{inbound.pk}")
    return InboundResult.HELD


def _decide(*, actor, inbound: InboundEmail, reason: str) -> InboundEmail:
    if not is_moderator(actor):
        raise FilingError(_("Only a moderator can do this."))
    if not reason.strip():
        raise FilingError(_("Give a reason."))
    locked = (
        InboundEmail.objects.select_for_update().select_related("submission__regulator").get(pk=inbound.pk)
    )
    if locked.status != InboundEmail.Status.HELD:
        raise FilingError(_("This email was already decided."))
    return locked


def _forget_held(inbound: InboundEmail, *, actor, status: str) -> None:
    if inbound.attachment:
        # Deleted once the decision is committed: a rolled-back release must still find its file.
        transaction.on_commit(partial(inbound.attachment.storage.delete, inbound.attachment.name))
    inbound.text, inbound.attachment, inbound.attachment_type = "", "", ""
    inbound.status, inbound.decided_by, inbound.decided_at = status, actor, timezone.now()
    inbound.save()
    moderators_settle(target=inbound)


def inbound_email_release(*, actor, inbound: InboundEmail, reason: str) -> InboundEmail:
    """A moderator vouches for a held reply: it becomes the regulator's answer, as if the sender matched."""
    with transaction.atomic():
        inbound = _decide(actor=actor, inbound=inbound, reason=reason)
        attachment = None
        if inbound.attachment:
            with inbound.attachment.open("rb") as held:
                attachment = ContentFile(held.read(), name="attachment")
        inbound.response = response_receive_email(
            submission=inbound.submission, text=inbound.text, attachment=attachment, actor=actor
        )
        _forget_held(inbound, actor=actor, status=InboundEmail.Status.RELEASED)
        audit_record(actor=actor, action="inbound_email.release", target=inbound, reason=reason)
    return inbound


def inbound_email_discard(*, actor, inbound: InboundEmail, reason: str) -> InboundEmail:
    """A moderator finds a held reply is not the regulator's answer: its text and attachment are deleted."""
    with transaction.atomic():
        inbound = _decide(actor=actor, inbound=inbound, reason=reason)
        _forget_held(inbound, actor=actor, status=InboundEmail.Status.DISCARDED)
        audit_record(actor=actor, action="inbound_email.discard", target=inbound, reason=reason)
    return inbound
