"""Services of the filings app: drafting, approval, submission, answers, deadlines and outcomes.

Every change of state goes through one of these; views, tasks and admin actions call them.
"""

from complaints.filings.services.account import filings_member_erase
from complaints.filings.services.answers import (
    response_hide,
    response_receive,
    response_receive_email,
    response_record,
)
from complaints.filings.services.common import MAX_SEND_ATTEMPTS, FilingError
from complaints.filings.services.deadlines import (
    next_ladder_regulator,
    outcome_confirm,
    outcome_figures,
    submission_extend_deadline,
    submission_pause_deadline,
    submission_resume_deadline,
    submissions_mark_overdue,
)
from complaints.filings.services.drafting import (
    filing_approve,
    filing_ask_for_evidence,
    filing_ask_to_be_named,
    filing_consent_update,
    filing_create,
    filing_generate,
    filing_problems,
    filing_return,
    filing_send_for_approval,
    filing_version_build,
    review_checklist,
)
from complaints.filings.services.inbound import (
    InboundResult,
    inbound_email_discard,
    inbound_email_receive,
    inbound_email_release,
)
from complaints.filings.services.submission import (
    RetryLater,
    filing_submit,
    retry_delay,
    submission_channels,
    submission_give_up,
    submission_record_tracking,
    submission_resend,
    submission_send,
)

__all__ = [
    "MAX_SEND_ATTEMPTS",
    "FilingError",
    "InboundResult",
    "RetryLater",
    "filing_approve",
    "filing_ask_for_evidence",
    "filing_ask_to_be_named",
    "filing_consent_update",
    "filing_create",
    "filing_generate",
    "filing_problems",
    "filing_return",
    "filing_send_for_approval",
    "filing_submit",
    "filing_version_build",
    "filings_member_erase",
    "inbound_email_discard",
    "inbound_email_receive",
    "inbound_email_release",
    "next_ladder_regulator",
    "outcome_confirm",
    "outcome_figures",
    "response_hide",
    "response_receive",
    "response_receive_email",
    "response_record",
    "retry_delay",
    "review_checklist",
    "submission_channels",
    "submission_extend_deadline",
    "submission_give_up",
    "submission_pause_deadline",
    "submission_record_tracking",
    "submission_resend",
    "submission_resume_deadline",
    "submission_send",
    "submissions_mark_overdue",
]
