"""Services of the evidence app, one module per domain, re-exported here so callers import `services.x`.

- `upload`: checking, storing and queueing uploaded files;
- `review`: the owner's redactions, details, approval and consent, deletion;
- `membership`: evidence following its membership (leaving, merged campaigns);
- `moderation`: reports, a moderator's decision, opening an original with a reason.

- `filing`: exhibits frozen once a filing is submitted;
- `account`: an account's evidence at erasure;
- `retention`: originals deleted after a closed campaign's retention period;
- `processing`: the anonymizer run's claim, heartbeat, result and failure, the sweep's due list, and
  processing cancelled and resumed with an account's lock.

The pipeline run itself (`evidence_process`, called by the task) is `complaints/evidence/processing.py`; files
are `files.py`.
"""

from complaints.evidence.files import safe_display_name
from complaints.evidence.services.account import evidence_owner_erase
from complaints.evidence.services.common import (
    DuplicateUpload,
    EvidenceError,
    enqueue_processing,
    notify_owner,
)
from complaints.evidence.services.filing import evidence_mark_filed
from complaints.evidence.services.membership import evidence_merge_follow, evidence_withdraw_consent
from complaints.evidence.services.moderation import (
    ORIGINAL_LINK_SECONDS,
    evidence_moderate,
    evidence_open_original,
    evidence_reported,
    original_link_item_id,
)
from complaints.evidence.services.processing import (
    evidence_processing_beat,
    evidence_processing_cancel,
    evidence_processing_claim,
    evidence_processing_fail,
    evidence_processing_finish,
    evidence_processing_resume,
    evidence_processing_retry,
    evidence_stage_set,
    evidence_sweep_due,
)
from complaints.evidence.services.review import (
    MAX_BOXES,
    MIN_BOX_SIDE,
    evidence_approve,
    evidence_box_add,
    evidence_box_remove,
    evidence_delete,
    evidence_details_update,
    evidence_reject,
    evidence_text_mark,
    text_spans,
)
from complaints.evidence.services.upload import (
    UploadedFileLike,
    UploadOutcome,
    evidence_upload,
    evidence_usage,
)

__all__ = [
    "MAX_BOXES",
    "MIN_BOX_SIDE",
    "ORIGINAL_LINK_SECONDS",
    "DuplicateUpload",
    "EvidenceError",
    "UploadOutcome",
    "UploadedFileLike",
    "enqueue_processing",
    "evidence_approve",
    "evidence_box_add",
    "evidence_box_remove",
    "evidence_delete",
    "evidence_details_update",
    "evidence_mark_filed",
    "evidence_merge_follow",
    "evidence_moderate",
    "evidence_open_original",
    "evidence_owner_erase",
    "evidence_processing_beat",
    "evidence_processing_cancel",
    "evidence_processing_claim",
    "evidence_processing_fail",
    "evidence_processing_finish",
    "evidence_processing_resume",
    "evidence_processing_retry",
    "evidence_reject",
    "evidence_reported",
    "evidence_stage_set",
    "evidence_sweep_due",
    "evidence_text_mark",
    "evidence_upload",
    "evidence_usage",
    "evidence_withdraw_consent",
    "notify_owner",
    "original_link_item_id",
    "safe_display_name",
    "text_spans",
]
