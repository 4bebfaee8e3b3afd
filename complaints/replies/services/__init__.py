"""Services of the replies app: representatives (request, code, decision, revoke, resign) and the reply
thread (post, mark, hide, requests for information)."""

from complaints.replies.services.common import RepliesError
from complaints.replies.services.representatives import (
    representative_approve,
    representative_confirm,
    representative_reject,
    representative_request,
    representative_resign,
    representative_revoke,
)
from complaints.replies.services.threads import (
    info_request_create,
    info_request_make_task,
    reply_figures_recount,
    reply_hide,
    reply_mark,
    reply_post,
)

__all__ = [
    "RepliesError",
    "info_request_create",
    "info_request_make_task",
    "reply_figures_recount",
    "reply_hide",
    "reply_mark",
    "reply_post",
    "representative_approve",
    "representative_confirm",
    "representative_reject",
    "representative_request",
    "representative_resign",
    "representative_revoke",
]
