"""Sign-in with a phone number (allauth's phone support): where the number is kept and how codes go out.

A mainland number may be typed as 11 digits (13812345678); it is kept in E.164 (+8613812345678). The
adapter methods here are the ones allauth documents for phone support; AccountAdapter mixes them in.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from allauth.account.fields import PhoneField
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints.accounts import sms
from complaints.accounts.models import User
from complaints.core.privacy import register_privacy

logger = logging.getLogger(__name__)
_MAINLAND = re.compile(r"^1[3-9]\d{9}$")
E164 = RegexValidator(
    regex=r"^\+[1-9]\d{6,14}$",
    message=_("Enter a mobile number: 11 digits for mainland China, or + and the country code."),
    code="invalid_phone",
)


def normalize_phone(value: str) -> str:
    """13812345678, 138 1234 5678, +86 138-1234-5678 and 008613812345678 all become +8613812345678."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if _MAINLAND.match(digits):
        digits = "+86" + digits
    return digits


class MainlandPhoneField(PhoneField):
    """allauth's phone field, accepting a mainland number without +86."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["validators"] = [E164]
        kwargs.setdefault(
            "help_text", _("11 digits for a mainland China number; otherwise + and the country code.")
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"placeholder": "13812345678", "inputmode": "tel"})

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


class PhoneAdapterMixin:
    """The adapter methods allauth's phone support calls (see allauth's "Phone" documentation)."""

    def phone_form_field(self, **kwargs: Any) -> Any:
        return MainlandPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        phone = normalize_phone(phone)
        E164(phone)
        return phone

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        User.objects.filter(pk=user.pk).update(phone=phone, phone_verified=verified)
        user.phone, user.phone_verified = phone, verified

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        if not getattr(user, "phone", None):
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user: User, phone: str) -> None:
        """The code sent to `phone` was entered: at sign-up that confirms the number on file; when changing
        the number it is the new one, which only now replaces the old (allauth's change flow calls this)."""
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str) -> User | None:
        return User.objects.filter(phone=normalize_phone(phone)).order_by("pk").first()

    def _sms(self, phone: str, text: str) -> None:
        ip = self.get_client_ip(self.request) if getattr(self, "request", None) is not None else ""
        if not sms.sms_allowed(phone=phone, ip=ip):
            # Said nowhere on the page: the answer must not differ for a number with or without an account.
            logger.warning("SMS limit reached; no text sent")
            return
        try:
            sms.sms_send(phone=phone, text=text)
        except sms.SmsError:
            logger.exception("SMS not sent")

    def send_verification_code_sms(self, user: User, phone: str, code: str, **kwargs: Any) -> None:
        language = getattr(user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            text = gettext(
                "Tongsu: your code is %(code)s. It is valid for 15 minutes. Never tell it to anyone."
            )
        self._sms(phone, text % {"code": code})

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        self._sms(phone, gettext("Tongsu: someone asked to sign in with this number, which has no account."))

    def send_account_already_exists_sms(self, phone: str) -> None:
        self._sms(
            phone, gettext("Tongsu: someone tried to sign up with this number, which already has an account.")
        )


def _export(user: User) -> dict:
    return {
        "mobile_number": user.phone or "",
        "mobile_number_verified": bool(user.phone and user.phone_verified),
    }


def _erase(user: User) -> None:
    # Set on the object: erasure saves this very user row after the participants have run.
    user.phone, user.phone_verified = None, False


def register() -> None:
    register_privacy("phone", export=_export, erase=_erase)
