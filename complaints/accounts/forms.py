from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from complaints.accounts import security


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Shown to moderators and in emails to you. Other members only ever see a pseudonym."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("", _("Same as my browser")), *settings.LANGUAGES],
        required=False,
    )

    def clean_display_name(self) -> str:
        value = self.cleaned_data["display_name"].strip()
        if any(ch in value for ch in "\r\n\t\x00<>"):
            raise forms.ValidationError(_("A display name cannot contain line breaks or angle brackets."))
        return value


class DeleteAccountForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand what will happen to my account and my data."),
        required=True,
        error_messages={"required": _("Please confirm that you have read what will happen.")},
    )


class RestoreRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the account"), max_length=254)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with an email address, a mobile number or both, costing the same whether or not
    the address is registered.

    A new address pays for hashing its password and queueing the code email; a registered one is sent
    "someone tried to sign up with your address" by allauth, and here pays for the same hash too, so the
    answer's timing does not tell which it was."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Required in settings (allauth's mandatory verification needs that); here one of the two will do.
        self.fields["email"].required = False
        self.fields["email"].help_text = _("Optional if you give a mobile number.")

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("phone"):
            raise forms.ValidationError(
                _("Give a mobile number or an email address (or both) to sign up."), code="no_contact"
            )
        return cleaned

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or None)
        phone = self.cleaned_data.get("phone")
        # allauth checks the number's code limit only after creating the account, which then could not be
        # verified: ask first (without counting), so a refused sign-up creates nothing.
        if phone and not ratelimit.consume(request, action="verify_phone", key=phone, dry_run=True):
            return None, render(request, "errors/429.html", {"no_account_created": True}, status=429)
        return super().try_save(request)


class _RefuseHeldAccount:
    """A held account gets no reset link and no login code (neither could sign it in): the form says it
    is locked, until when and whom to write to. Other addresses get allauth's usual answer."""

    def clean_email(self) -> str:
        email = super().clean_email()
        held = security.held_account(email)
        if held is not None:
            raise forms.ValidationError(security.hold_notice(held))
        return email


class ResetPasswordForm(_RefuseHeldAccount, AllauthResetPasswordForm):
    pass


class RequestLoginCodeForm(_RefuseHeldAccount, AllauthRequestLoginCodeForm):
    pass


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, its first field labelled with what goes in it (allauth labels it "Login", which
    reads 登录 in Chinese: the page's own title, not an address)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email or phone number")
