"""Services of the campaigns app: every change to a campaign, membership, case, update or member task.

One module per domain (see each module's docstring); every public name is re-exported here, so
`from complaints.campaigns.services import campaign_join` and `services.campaign_join` both work.
"""

from django.core.exceptions import PermissionDenied

from complaints.campaigns.services.common import (
    CENT,
    DOUBLE_SUBMIT_WINDOW,
    CampaignError,
    CaseFacts,
    PlatformProposal,
)
from complaints.campaigns.services.counters import (
    campaign_retention_notice_claim,
    membership_evidence_count_move,
    memberships_evidence_count_set,
)
from complaints.campaigns.services.erasure import campaigns_erase_person
from complaints.campaigns.services.figures import campaign_recount
from complaints.campaigns.services.member_tasks import (
    TASK_REMINDER_DAYS,
    task_complete,
    task_create,
    tasks_remind_due,
)
from complaints.campaigns.services.membership import (
    campaign_join,
    case_update,
    membership_confirm_resolved,
    membership_consent_update,
    membership_leave,
    membership_promote,
    organizer_handover,
)
from complaints.campaigns.services.merge import MERGE_BATCH, campaign_merge
from complaints.campaigns.services.moderation import (
    campaign_approve,
    campaign_hide,
    campaign_reject,
    campaign_restore,
    campaign_resubmit,
    campaign_update_hide,
)
from complaints.campaigns.services.organizing import (
    RESERVED_SLUGS,
    campaign_close,
    campaign_edit,
    campaign_post_update,
    campaign_start,
)
from complaints.campaigns.services.platforms import (
    platform_accept,
    platform_merge,
    platform_propose,
    platform_reindex,
    platform_reject,
    platform_save,
)

__all__ = [
    "CENT",
    "DOUBLE_SUBMIT_WINDOW",
    "MERGE_BATCH",
    "RESERVED_SLUGS",
    "TASK_REMINDER_DAYS",
    "CampaignError",
    "CaseFacts",
    "PermissionDenied",
    "PlatformProposal",
    "campaign_approve",
    "campaign_close",
    "campaign_edit",
    "campaign_hide",
    "campaign_join",
    "campaign_merge",
    "campaign_post_update",
    "campaign_recount",
    "campaign_reject",
    "campaign_restore",
    "campaign_resubmit",
    "campaign_retention_notice_claim",
    "campaign_start",
    "campaign_update_hide",
    "campaigns_erase_person",
    "case_update",
    "membership_confirm_resolved",
    "membership_consent_update",
    "membership_evidence_count_move",
    "membership_leave",
    "membership_promote",
    "memberships_evidence_count_set",
    "organizer_handover",
    "platform_accept",
    "platform_merge",
    "platform_propose",
    "platform_reindex",
    "platform_reject",
    "platform_save",
    "task_complete",
    "task_create",
    "tasks_remind_due",
]
