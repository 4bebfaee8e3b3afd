from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import gettext

from complaints.core.services import email_queue_rendered


def user_display(user) -> str:
    return user.display_name or user.email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account mail (codes, resets) goes through the same queued, retried path as every other email."""
        context = {
            **context,
            "current_site": SimpleNamespace(
                name=gettext("Tongsu"), domain=urlsplit(settings.SITE_URL).netloc
            ),
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mime in getattr(message, "alternatives", []) if mime == "text/html"), ""
        )
        email_queue_rendered(
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            kind=f"account:{template_prefix.rsplit('/', 1)[-1]}",
        )

    def respond_user_inactive(self, request, user):
        """A suspended person is told so plainly, instead of a generic "account inactive" page."""
        if getattr(user, "suspended_at", None):
            from django.contrib import messages
            from django.shortcuts import redirect

            messages.error(
                request,
                gettext(
                    "This account is suspended by a moderator and cannot sign in. "
                    "The email we sent you explains why."
                ),
            )
            return redirect("account_login")
        return super().respond_user_inactive(request, user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def authenticate_by_email(self, sociallogin):
        """A social login may take over an existing account only if both sides verified the same address."""
        match = super().authenticate_by_email(sociallogin)  # the provider's address is verified here
        if match is None:
            return None
        user, email = match
        if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
            return None
        if not user.is_active:
            return None
        return match

    def get_provider(self, request, provider, client_id=None):
        """A provider whose keys are not set has no login page: 404, not a server error for every visitor."""
        from allauth.socialaccount.models import SocialApp
        from django.http import Http404

        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404 from None
