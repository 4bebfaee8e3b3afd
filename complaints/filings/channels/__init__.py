"""Transports that hand a submission to the outside world; one small class per channel kind.

A transport raises TransportError(permanent=...) on failure: temporary errors are retried with backoff
and jitter, permanent ones fail the submission visibly.
"""

from __future__ import annotations

from complaints.filings.channels.base import Delivery, Transport, TransportError
from complaints.filings.channels.email import EmailTransport
from complaints.filings.channels.http import HttpTransport
from complaints.filings.channels.postal import ByHandTransport, PostalTransport
from complaints.filings.models import Regulator

__all__ = ["Delivery", "Transport", "TransportError", "transport_for"]


def transport_for(channel: str) -> Transport:
    return {
        Regulator.Channel.EMAIL: EmailTransport,
        Regulator.Channel.HTTP: HttpTransport,
        Regulator.Channel.POSTAL: PostalTransport,
        Regulator.Channel.BY_HAND: ByHandTransport,
    }[channel]()
