"""Replies to filings through the mail provider's inbound webhook (django-anymail's `inbound` signal).

In production the provider receives the mail for the reply domain (its MX) and POSTs each message to
/mail/webhooks/<esp>/inbound/ with the webhook's basic-auth secret (ANYMAIL_WEBHOOK_SECRET); anymail checks
the secret and parses the message, and the same inbound service as the SMTP receiver records it.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from anymail import urls as anymail_urls
from anymail.signals import AnymailInboundEvent, inbound

from complaints.filings.inbound import message_read
from complaints.filings.services.inbound import inbound_email_receive

logger = logging.getLogger(__name__)

# Providers whose inbound webhook anymail authenticates with the basic-auth secret alone (as for bounces);
# Brevo's also needs an API key to fetch attachments, Mailgun's a signing key: not offered.
INBOUND_PROVIDERS = ("amazon_ses", "mailjet", "postmark", "sendgrid", "sparkpost")
inbound_urlpatterns = [
    p for p in anymail_urls.urlpatterns if p.name in {f"{esp}_inbound_webhook" for esp in INBOUND_PROVIDERS}
]


def inbound_received(sender: Any, event: AnymailInboundEvent, esp_name: str, **kwargs: Any) -> None:
    """Receiver of anymail's inbound signal (connected in FilingsConfig.ready); an error answers 500 and the
    provider delivers the message again later."""
    message = event.message
    if message is None:
        return
    envelope_recipient = getattr(message, "envelope_recipient", None)
    read = message_read(
        message,
        recipients=[envelope_recipient] if envelope_recipient else [],
        envelope_sender=getattr(message, "envelope_sender", None),
    )
    if getattr(message, "spam_detected", False):
        read = dataclasses.replace(read, automatic=True)  # recorded if it matches, never answered
    result = inbound_email_receive(message=read, source=esp_name.lower().replace(" ", "_"))
    logger.info("%s inbound webhook: %s", esp_name, result)


def register() -> None:
    inbound.connect(inbound_received, dispatch_uid="tongsu-filing-replies")
