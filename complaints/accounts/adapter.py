from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import formats, translation
from django.utils.translation import gettext

from complaints.accounts import security
from complaints.accounts.continuation import continuation
from complaints.accounts.phone import PhoneAdapterMixin
from complaints.core.services import audit_record, email_queue_rendered


def user_display(user) -> str:
    return user.display_name or user.email or user.phone or f"#{user.pk}"


class AccountAdapter(PhoneAdapterMixin, DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return continuation(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request) -> str:
        return continuation(request) or super().get_signup_redirect_url(request)

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

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        """Every change notice (email, password, second factor, linked login) carries a "this wasn't me"
        link for the address it goes to, in the owner's language rather than the requester's."""
        if not email:
            email = EmailAddress.objects.get_primary_email(user)
        if not email:
            # A phone-only person: no email, and no text either (a notice by SMS would be a way to send
            # texts to a number at will); the change is kept in the audit log instead.
            notice = template_prefix.rsplit("/", 1)[-1]
            audit_record(actor=user, action="account.notice_not_sent", target=user, data={"notice": notice})
            return
        context = {
            **(context or {}),
            "undo_url": security.undo_url(user, email),
            "hold_days": security.hold_period().days,
        }
        with translation.override(user.preferred_language or translation.get_language()):
            super().send_notification_mail(template_prefix, user, context=context, email=email)

    def get_login_stages(self) -> list[str]:
        """allauth's stages, with email verification skipped for a person who has no address."""
        return [
            "complaints.accounts.stages.EmailVerificationWhenGivenStage"
            if stage == "allauth.account.stages.EmailVerificationStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def pre_login(self, request, user, **kwargs):
        """An account held after a reported change signs in nowhere until the hold ends."""
        if security.is_on_hold(user):
            messages.error(request, security.hold_notice(user))
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def pre_authenticate(self, request, **credentials) -> None:
        """Failed logins are limited per (account, IP) pair and per IP, not per account alone: a stranger
        guessing from one address cannot lock the owner out everywhere."""
        login = credentials.get("email") or credentials.get("username") or ""
        device = security.verified_device(request.COOKIES, login)
        if not security.login_allowed(ip=self.get_client_ip(request), login=login, device=device):
            raise self.validation_error("too_many_login_attempts")
        held = security.held_account(login)
        if held is not None:  # any password: the undo removed it, and "incorrect password" would mislead
            raise ValidationError(security.hold_notice(held))

    def authentication_failed(self, request, **credentials) -> None:
        login = credentials.get("email") or credentials.get("username") or ""
        device = security.verified_device(request.COOKIES, login)
        security.login_failure_record(ip=self.get_client_ip(request), login=login, device=device)

    def post_login(self, request, user, **kwargs):
        """The browser is remembered as one the account signed in from (see security.verified_device), and
        takes the person's saved language, whatever an earlier visitor of this browser had picked."""
        response = super().post_login(request, user, **kwargs)
        if hasattr(response, "set_cookie") and user.preferred_language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        if hasattr(response, "set_cookie"):
            response.set_cookie(
                security.DEVICE_COOKIE,
                security.device_cookie_value(user),
                max_age=security.DEVICE_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def respond_user_inactive(self, request, user):
        """A suspended person is told so plainly, instead of a generic "account inactive" page; so is one
        whose account waits for erasure, with the date and the way to ask for the restore link again."""
        if getattr(user, "locked_at", None) and not user.erased_at and not user.suspended_at:
            messages.error(
                request,
                gettext(
                    "This account is scheduled for erasure on %(date)s, as you asked. Until then you can "
                    "restore it with the link we emailed you; we can send it again."
                )
                % {"date": formats.date_format(user.erase_after, "DATE_FORMAT")},
            )
            request.session["restore_email"] = user.email  # they just gave its password: no need to retype
            return redirect("accounts:restore_request")
        if getattr(user, "suspended_at", None):
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
