"""Channels with a person in the middle: the organizer posts the letter, or submits the package themselves on the
regulator's website or at its counter, and records the tracking or case number (services.submission_record_tracking).
"""

from __future__ import annotations

from complaints.filings.channels.base import Delivery, Transport, TransportError
from complaints.filings.models import Submission


class PostalTransport(Transport):
    def send(self, submission: Submission) -> Delivery:
        if not submission.regulator.postal_address:
            raise TransportError("regulator has no postal address", permanent=True, code="no_address")
        return Delivery(needs_manual_step=True)


class ByHandTransport(Transport):
    """Always possible: nothing is sent; the submission waits for the organizer's case number."""

    def send(self, submission: Submission) -> Delivery:
        return Delivery(needs_manual_step=True)
