"""The SMTP receiver for replies to filings (aiosmtpd): it parses and hands each message to the inbound service.

It accepts mail only for filing+<token>@ addresses of a sent filing and refuses every other recipient at RCPT
time (550), so the sender's own server tells its user, and we never accept what we cannot deliver. While the
database is unreachable it answers 451 and the sending server tries again later.
"""

from __future__ import annotations

import logging
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from asgiref.sync import sync_to_async
from django.db import close_old_connections

from complaints.filings.inbound import message_read
from complaints.filings.responses import submission_for_reply_address
from complaints.filings.services.inbound import inbound_email_receive

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_RECIPIENTS = 10

UNKNOWN_RECIPIENT = (
    "550 5.1.1 No filing answers at this address. To answer a filing, use the response link in its email"
)
# SMTP reply text is ASCII (RFC 5321) unless the client declared SMTPUTF8 for this message (RFC 6531): then the
# refusal says it in Chinese first, on the same line. A client that did not gets the English one.
UNKNOWN_RECIPIENT_UTF8 = (
    "550 5.1.1 此地址不接收投诉文书的答复，请使用文书邮件中的答复链接。"
    " No filing answers at this address. To answer a filing, use the response link in its email"
)


def _recipient_known(address: str) -> bool:
    close_old_connections()
    try:
        return submission_for_reply_address(address) is not None
    finally:
        close_old_connections()


def _deliver(content: bytes, recipients: list[str], envelope_sender: str) -> str:
    close_old_connections()
    try:
        message = BytesParser(policy=policy.default).parsebytes(content)
        read = message_read(message, recipients=recipients, envelope_sender=envelope_sender)
        return str(inbound_email_receive(message=read, source="smtp"))
    finally:
        close_old_connections()


class InboundHandler:
    """aiosmtpd's handler: the database work runs in a worker thread (Django's ORM is synchronous)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        try:
            known = await sync_to_async(_recipient_known)(address)
        except Exception:
            logger.exception("inbound SMTP: could not look up a recipient")
            return "451 4.3.0 Temporary failure, try again later"
        if not known:
            return UNKNOWN_RECIPIENT_UTF8 if envelope.smtp_utf8 else UNKNOWN_RECIPIENT
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        try:
            result = await sync_to_async(_deliver)(
                envelope.content, envelope.rcpt_tos, envelope.mail_from or ""
            )
        except Exception:
            logger.exception("inbound SMTP: a message could not be recorded")
            return "451 4.3.0 Temporary failure, try again later"
        logger.info("inbound SMTP: message for %d recipient(s): %s", len(envelope.rcpt_tos), result)
        return "250 Message accepted"


def inbound_controller(*, host: str, port: int) -> Controller:
    """The receiver, not started yet (`start()` runs it in a thread; `stop()` ends it)."""
    return Controller(
        InboundHandler(),
        hostname=host,
        port=port,
        data_size_limit=MAX_MESSAGE_BYTES,
        # Mail from Chinese servers may carry UTF-8 addresses and headers; without it such mail is refused.
        enable_SMTPUTF8=True,
    )
