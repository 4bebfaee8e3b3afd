"""Services of the ballots app: offers, the secret vote, its close, and each member's own answer."""

from complaints.ballots.services.common import (
    BallotError,
    Tally,
    quorum_needed,
    receipt_code_new,
    receipt_code_normalize,
    receipt_hash,
    receipt_hash_input,
    voting_closes_at,
)
from complaints.ballots.services.offers import (
    offer_close,
    offer_open,
    offer_record,
    offer_tally,
    offers_close_due,
    offers_remind_due,
    result_sentence,
)
from complaints.ballots.services.voting import (
    member_share,
    offer_accept,
    offer_received,
    offer_vote,
    receipt_counted,
)

__all__ = [
    "BallotError",
    "Tally",
    "member_share",
    "offer_accept",
    "offer_close",
    "offer_open",
    "offer_received",
    "offer_record",
    "offer_tally",
    "offer_vote",
    "offers_close_due",
    "offers_remind_due",
    "quorum_needed",
    "receipt_code_new",
    "receipt_code_normalize",
    "receipt_counted",
    "receipt_hash",
    "receipt_hash_input",
    "result_sentence",
    "voting_closes_at",
]
