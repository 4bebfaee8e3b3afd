"""Email channel: the PDF and annexes attached, a Message-ID derived from the submission, Reply-To tied to it."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from complaints.filings.annexes import identity_annex_bytes
from complaints.filings.channels.base import Delivery, Transport, TransportError
from complaints.filings.models import Submission
from complaints.proofs.selectors import has_claims_to_verify


def _read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


class EmailTransport(Transport):
    # Once SMTP may have accepted the message, sending again would deliver it twice.
    at_most_once = True

    def message(self, submission: Submission) -> EmailMessage:
        version = submission.version
        filing = version.filing
        context = {
            "filing": filing,
            "campaign": filing.campaign,
            "regulator": submission.regulator.display_name(filing.language),
            "submission": submission,
            "site_url": settings.SITE_URL,
            "figures": version.content.get("figures", {}),
            # Only when members typed order numbers: otherwise the page would have nothing to verify.
            "verify_url": submission.verify_url if has_claims_to_verify(filing.campaign) else "",
        }
        with translation.override(filing.language):
            subject = " ".join(render_to_string("emails/filing_submission.subject.txt", context).split())
            body = render_to_string("emails/filing_submission.txt", context)
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[submission.regulator.email],
            reply_to=[submission.reply_to],
            headers={
                "Message-ID": submission.stable_message_id,
                "X-Tongsu-Submission": str(submission.idempotency_key),
            },
        )
        slug = filing.campaign.slug
        message.attach(f"{slug}-v{version.number}.pdf", _read(version.pdf), "application/pdf")
        message.attach("annex.csv", _read(version.annex_csv), "text/csv")
        message.attach("annex.json", _read(version.annex_json), "application/json")
        if version.identity_annex:
            message.attach("identity-annex.csv", identity_annex_bytes(version.identity_annex), "text/csv")
        return message

    def send(self, submission: Submission) -> Delivery:
        if not submission.regulator.email:
            raise TransportError("regulator has no email address", permanent=True, code="no_address")
        message = self.message(submission)
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise TransportError(
                f"recipient refused: {exc}", permanent=True, code="recipient_refused"
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # A 5xx for the whole message is permanent; connection trouble and 4xx are worth a retry.
            code = getattr(exc, "smtp_code", 0) or 0
            raise TransportError(
                f"SMTP: {exc}",
                permanent=500 <= code < 600,
                code="smtp_refused" if code else "connection",
                detail=str(code) if code else "",
            ) from exc
        return Delivery(message_id=submission.stable_message_id)
