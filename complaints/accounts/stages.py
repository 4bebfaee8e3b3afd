"""A person who signed up with a mobile number only has no address to confirm.

ACCOUNT_EMAIL_VERIFICATION stays "mandatory" (everyone with an address confirms it before signing in); this
stage, put in place of allauth's by AccountAdapter.get_login_stages, skips the step for a real account
that has no address at all, which allauth's own stage would otherwise wait on for ever.
"""

from __future__ import annotations

from allauth.account import app_settings
from allauth.account.stages import EmailVerificationStage


class EmailVerificationWhenGivenStage(EmailVerificationStage):
    def handle(self):
        user = self.login.user
        if user is not None and not self.login.email and not user.email:
            self.login.email_verification = app_settings.EmailVerificationMethod.NONE
        return super().handle()
