"""What every channel shares: the transport interface, what a delivery reports, and the error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field

from complaints.filings.models import Submission


class TransportError(Exception):
    """`code` says what went wrong in a word the portal can translate (see filings/delivery.py); `detail` is a
    short safe value for that sentence (an HTTP or SMTP status); the message is for the audit details only."""

    def __init__(
        self, message: str, *, permanent: bool = False, code: str = "error", detail: str = ""
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.code = code
        self.detail = detail


@dataclass
class Delivery:
    """What the outside world told us: a message id, its own reference, and whether a person must act next."""

    message_id: str = ""
    remote_reference: str = ""
    needs_manual_step: bool = False
    detail: dict = field(default_factory=dict)


class Transport:
    # True when the receiver cannot drop a duplicate: an attempt that may have gone out is never repeated.
    at_most_once = False

    def send(self, submission: Submission) -> Delivery:
        raise NotImplementedError
