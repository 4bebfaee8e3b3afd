"""Services of the notifications app: announce an event, fan it out, email it, digest it, read it.

- fanout: `notify`/`notify_user` write one broadcast; its fan-out delivers it in batches after commit;
- emails: each notification's email in the recipient's language, the daily digest, one-click unsubscribe;
- inbox: a person's list (read, settled) and their preferences;
- privacy: what a lock for deletion cancels, and erasure.
"""

from complaints.notifications.services.common import Target, inbox_scope
from complaints.notifications.services.emails import (
    DIGEST,
    DIGEST_BATCH_SIZE,
    DIGEST_MAX_ITEMS,
    UNSUBSCRIBE_SALT,
    digest_send_due,
    unsubscribe_token,
    unsubscribe_token_read,
    unsubscribe_url,
)
from complaints.notifications.services.fanout import (
    FAN_OUT_BATCH_SIZE,
    FAN_OUT_WINDOW_KEY,
    FAN_OUT_WINDOW_MARGIN,
    FanOutBatch,
    broadcast_email_batch,
    broadcast_fan_out_batch,
    fan_out_together,
    notify,
    notify_user,
    pending_broadcast_ids,
)
from complaints.notifications.services.inbox import (
    email_resume,
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_update,
    notification_unsubscribe,
    notifications_settle,
)
from complaints.notifications.services.privacy import notifications_erase, notifications_lock

__all__ = [
    "DIGEST",
    "DIGEST_BATCH_SIZE",
    "DIGEST_MAX_ITEMS",
    "FAN_OUT_BATCH_SIZE",
    "FAN_OUT_WINDOW_KEY",
    "FAN_OUT_WINDOW_MARGIN",
    "UNSUBSCRIBE_SALT",
    "FanOutBatch",
    "Target",
    "broadcast_email_batch",
    "broadcast_fan_out_batch",
    "digest_send_due",
    "email_resume",
    "fan_out_together",
    "inbox_scope",
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_preferences_update",
    "notification_unsubscribe",
    "notifications_erase",
    "notifications_lock",
    "notifications_settle",
    "notify",
    "notify_user",
    "pending_broadcast_ids",
    "unsubscribe_token",
    "unsubscribe_token_read",
    "unsubscribe_url",
]
