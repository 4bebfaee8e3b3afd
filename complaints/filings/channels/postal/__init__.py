"""Postal channel: the version's PDF is the print-ready letter; the organizer records the tracking number."""

from __future__ import annotations

from complaints.filings.channels import Delivery, Transport, TransportError
from complaints.filings.models import Submission


class PostalTransport(Transport):
    def send(self, submission: Submission) -> Delivery:
        if not submission.regulator.postal_address:
            raise TransportError("regulator has no postal address", permanent=True, code="no_address")
        return Delivery(needs_manual_step=True)
