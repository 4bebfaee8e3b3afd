"""Services of the accounts app: every change of an account's state (the reads are in lifecycle/selectors).

- profile: profile and language, the moderators group, withdrawing consent in one campaign;
- deletion: the lock with a grace period, the restore link, restoring, erasure;
- exports: the personal data export.
"""

from complaints.accounts.services.deletion import (
    account_deletion_request,
    account_erase,
    account_restore,
    restore_link_resend,
)
from complaints.accounts.services.exports import ExportTooSoon, export_build, export_request, exports_expire
from complaints.accounts.services.profile import (
    consent_withdraw,
    moderator_grant,
    profile_language_set,
    profile_update,
)

__all__ = [
    "ExportTooSoon",
    "account_deletion_request",
    "account_erase",
    "account_restore",
    "consent_withdraw",
    "export_build",
    "export_request",
    "exports_expire",
    "moderator_grant",
    "profile_language_set",
    "profile_update",
    "restore_link_resend",
]
