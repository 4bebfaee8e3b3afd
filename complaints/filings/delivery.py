"""What a submission's state means, in words a member understands and in the reader's language.

The one place that turns a submission's status, attempts, failure code and the channel's confirmation into
a sentence: pages, the list and the audit log read it from here; no raw channel error reaches a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.filings.models import Filing, Regulator, Submission

PREPARING, SENDING, RETRYING, FAILED = "preparing", "sending", "retrying", "failed"
NEEDS_POST, NEEDS_CHECK, DELIVERED = "needs_post", "needs_check", "delivered"
NEEDS_HAND = "needs_hand"


@dataclass(frozen=True)
class DeliveryState:
    code: str
    label: str  # short, for a badge or a list cell
    sentence: str = ""  # what happened, what confirms it, or what to do next

    @property
    def delivered(self) -> bool:
        return self.code == DELIVERED


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def failure_reason(code: str, detail: str = "") -> str:
    """Why a try failed, as a sentence; `detail` is a status number at most, never raw error text."""
    if code == "connection":
        return _("The regulator's system could not be reached.")
    if code == "http_status" and detail in ("401", "403"):
        return _("The regulator's system refused the filing (it answered %(status)s).") % {"status": detail}
    if code == "http_status" and detail.startswith("5"):
        return _("The regulator's system is having trouble (it answered %(status)s).") % {"status": detail}
    if code == "http_status":
        return _("The regulator's system did not accept the filing (it answered %(status)s).") % {
            "status": detail
        }
    if code == "recipient_refused":
        return _("The regulator's mail server refused the address.")
    if code == "smtp_refused":
        return _("The mail server refused the message (code %(status)s).") % {"status": detail}
    if code == "no_address":
        return _("The regulator has no address registered for this channel.")
    if code == "interrupted":
        return _("A send was interrupted; it is not known whether it arrived.")
    return _("The channel reported an error.")


def confirmation(submission: Submission) -> str:
    """The channel's own proof of delivery."""
    if submission.channel == Regulator.Channel.BY_HAND:
        return _("Handed in by the organizers; the regulator's case number is %(number)s.") % {
            "number": submission.tracking_number or submission.remote_reference
        }
    if submission.channel == Regulator.Channel.POSTAL:
        return _("Posted with tracking number %(number)s.") % {
            "number": submission.tracking_number or submission.remote_reference
        }
    if submission.channel == Regulator.Channel.HTTP:
        if submission.remote_reference:
            return _("The regulator's system confirmed receipt with receipt number %(number)s.") % {
                "number": submission.remote_reference
            }
        return _("The regulator's system confirmed receipt without giving a receipt number.")
    return _("The regulator's mail server accepted the email (message ID %(id)s).") % {
        "id": submission.message_id
    }


def submission_state(submission: Submission) -> DeliveryState:
    status = submission.status
    if status == Submission.Status.SENT:
        return DeliveryState(DELIVERED, _("Delivered"), confirmation(submission))
    if status == Submission.Status.SENDING:
        return DeliveryState(SENDING, _("Sending"))
    if status == Submission.Status.FAILED:
        reason = failure_reason(submission.failure_code, submission.failure_detail)
        return DeliveryState(
            FAILED, _("Sending failed"), _("Sending failed: %(reason)s") % {"reason": reason}
        )
    if status == Submission.Status.NEEDS_MANUAL:
        if submission.channel == Regulator.Channel.BY_HAND:
            return DeliveryState(
                NEEDS_HAND,
                _("Waiting to be handed in"),
                _(
                    "The organizers download the PDF and annexes, submit them on the regulator's website or at "
                    "its counter, and record the case number the regulator gives."
                ),
            )
        if submission.channel == Regulator.Channel.POSTAL and submission.failure_code != "interrupted":
            return DeliveryState(
                NEEDS_POST,
                _("Waiting to be posted"),
                _("The organizers print the letter, post it and record the tracking number."),
            )
        return DeliveryState(
            NEEDS_CHECK,
            _("Needs checking"),
            _("A send was interrupted; the organizers check with the regulator whether it arrived."),
        )
    if submission.attempts:
        label = (
            _("Retry %(number)s, next at %(time)s")
            % {"number": submission.attempts, "time": _when(submission.next_attempt_at)}
            if submission.next_attempt_at
            else _("Retry %(number)s soon") % {"number": submission.attempts}
        )
        reason = failure_reason(submission.failure_code, submission.failure_detail)
        return DeliveryState(RETRYING, label, _("Last try: %(reason)s") % {"reason": reason})
    return DeliveryState(PREPARING, _("Getting ready to send"))


def filing_label(filing: Filing, latest: Submission | None) -> str:
    """A filing's status as a reader may take it: "submitted" only once its latest submission arrived."""
    if filing.status != Filing.Status.SUBMITTED:
        return filing.get_status_display()
    if latest is None:
        return _("Getting ready to send")
    return submission_state(latest).label


def resend_choices(submission: Submission, channels: list[str]) -> list[tuple[str, str]]:
    """The buttons a failed submission offers its organizers: the same channel again, or another on record."""
    other = {
        Regulator.Channel.EMAIL: _("Send by email instead"),
        Regulator.Channel.HTTP: _("Send through the regulator's system instead"),
        Regulator.Channel.POSTAL: _("Send by post instead"),
        Regulator.Channel.BY_HAND: _("Submit it yourself on the regulator's website or at its counter"),
    }
    choices = [(submission.channel, _("Try again"))] if submission.channel in channels else []
    return choices + [(channel, other[channel]) for channel in channels if channel != submission.channel]


def member_state(latest: Submission | None) -> DeliveryState:
    """What a member is told about a filing released for sending: "delivered" only once a channel confirmed it.

    Members act on none of this: a retry or a failure is the organizers' to handle, so they hear that, and
    never "submitted" or "sending" for a filing whose sending gave up.
    """
    state = submission_state(latest) if latest is not None else DeliveryState(PREPARING, "")
    if state.delivered:
        return DeliveryState(
            DELIVERED,
            _("Delivered on %(date)s") % {"date": _when(latest.sent_at)[:10]},
            state.sentence,
        )
    if state.code in (PREPARING, SENDING, RETRYING):
        return DeliveryState(
            SENDING if state.code != RETRYING else RETRYING,
            _("Being sent") if state.code != RETRYING else _("Being sent again"),
            _("It is being sent; the regulator has not confirmed receipt yet. Nothing for you to do.")
            if state.code != RETRYING
            else _(
                "The first try did not get through; it is being tried again. "
                "The regulator has not received it yet. Nothing for you to do."
            ),
        )
    return DeliveryState(
        FAILED,
        _("Not delivered yet"),
        _(
            "Sending did not get through; the organizers are handling it. "
            "The regulator has not received it yet. Nothing for you to do."
        ),
    )
