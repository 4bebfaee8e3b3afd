"""Views of the campaigns app: parse, fetch through permissions, call one service, redirect or render.

One module per part of the site; `urls.py` reads them all from here."""

from complaints.campaigns.views.browse import (
    campaign_detail,
    campaign_list,
    campaign_members,
    campaign_updates,
    platform_autocomplete,
    platform_detail,
    platform_list,
)
from complaints.campaigns.views.intake import campaign_start, intake
from complaints.campaigns.views.membership import (
    campaign_join,
    campaign_leave,
    case_edit,
    consent_update,
    dashboard,
    resolved_update,
)
from complaints.campaigns.views.organizing import (
    campaign_close,
    campaign_edit,
    campaign_resubmit,
    member_promote,
    task_detail,
    task_done,
    task_list,
    update_create,
)

__all__ = [
    "campaign_close",
    "campaign_detail",
    "campaign_edit",
    "campaign_join",
    "campaign_leave",
    "campaign_list",
    "campaign_members",
    "campaign_resubmit",
    "campaign_start",
    "campaign_updates",
    "case_edit",
    "consent_update",
    "dashboard",
    "intake",
    "member_promote",
    "platform_autocomplete",
    "platform_detail",
    "platform_list",
    "resolved_update",
    "task_detail",
    "task_done",
    "task_list",
    "update_create",
]
