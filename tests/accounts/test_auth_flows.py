"""Sign-up, verification by code, login, rate limits, two-factor and reset, as a person would meet them."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.urls import reverse

from complaints.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code_from_mail(message) -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE)
    assert match, f"no verification code in: {message.body!r}"
    return match.group(1)


def _signup(client, captured, email="newcomer@example.org"):
    with captured(execute=True):
        response = client.post(
            reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
    return response


def test_signup_verify_with_code_from_mail_then_login(client, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["newcomer@example.org"]
    code = _code_from_mail(message)

    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert user.emailaddress_set.get().verified
    # Verified: the newcomer is signed in and can reach their account page.
    assert client.get(reverse("accounts:profile")).status_code == 200

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": "newcomer@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_wrong_verification_code_is_refused_and_account_stays_unverified(
    client, django_capture_on_commit_callbacks
):
    _signup(client, django_capture_on_commit_callbacks)
    real = _code_from_mail(mail.outbox[0])
    wrong = "AAAA-AAAA" if real != "AAAA-AAAA" else "BBBB-BBBB"
    response = client.post(reverse("account_email_verification_sent"), {"code": wrong})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not User.objects.get(email="newcomer@example.org").emailaddress_set.get().verified
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_unverified_user_cannot_log_in(client, django_capture_on_commit_callbacks):
    UserFactory(email="unverified@example.org", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD}
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_signup_with_existing_email_does_not_reveal_the_account(client, django_capture_on_commit_callbacks):
    UserFactory(email="taken@example.org")
    response = _signup(client, django_capture_on_commit_callbacks, email="taken@example.org")
    fresh = _signup(client.__class__(), django_capture_on_commit_callbacks, email="fresh@example.org")
    # Same answer either way; the owner of the existing account is told by mail instead.
    assert response.status_code == fresh.status_code == 302
    assert response.url == fresh.url
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["fresh@example.org", "taken@example.org"]


def test_password_reset_does_not_reveal_whether_email_exists(client, django_capture_on_commit_callbacks):
    UserFactory(email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    done_known = client.get(known.url).content
    assert b"nobody@example.org" not in done_known
    # Only the real account gets a reset link; the unknown address is told no account exists, in its own inbox.
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "/password/reset/key/" in by_to["known@example.org"].body
    assert "/password/reset/key/" not in by_to["nobody@example.org"].body


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": "target@example.org", "password": "wrong-guess-1"}
        )
        assert response.status_code == 200
    # The right password no longer helps once the limit is reached.
    response = client.post(reverse("account_login"), {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_admin_login_goes_through_the_rate_limited_login(client):
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    # The admin's own form is not served to anonymous visitors: they are sent to allauth's login.
    assert client.get(reverse("admin:index")).status_code == 302
    assert reverse("account_login") in client.get(reverse("admin:login")).url
    for _ in range(6):
        client.post(reverse("account_login"), {"login": staff.email, "password": "wrong-guess-1"})
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 302
    assert response.status_code == 302


def _login_and_reauthenticate(client, user) -> None:
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def _totp_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_totp_setup_then_login_with_code_and_with_recovery_code(client):
    user = UserFactory(email="careful@example.org")
    _login_and_reauthenticate(client, user)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    recovery_codes = codes_page.context["unused_codes"]
    assert len(recovery_codes) >= 5

    # Log in again: the password alone is not enough any more.
    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:profile")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 302
    # allauth refuses a TOTP code that was already used, so this login uses a recovery code instead.
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200

    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    used_again = client.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})
    assert used_again.status_code == 200, "a recovery code works only once"


def test_totp_login_with_authenticator_code(client):
    user = UserFactory(email="totp@example.org")
    _login_and_reauthenticate(client, user)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    client.post(reverse("account_logout"))
    # allauth remembers used codes in the cache; forget the activation code as the next time step would.
    from django.core.cache import cache

    cache.clear()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_sensitive_action_asks_to_reauthenticate(client):
    user = UserFactory(email="reauth@example.org")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response.url
    wrong = client.post(reverse("account_reauthenticate"), {"password": "not-my-password"})
    assert wrong.status_code == 200
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.parametrize(
    ("language", "label"), [("zh-hans", "邮箱或手机号"), ("en", "Email or phone number")]
)
def test_the_sign_in_field_says_what_goes_in_it(client, language, label):
    """allauth labels it "Login" (登录 in Chinese, the page's own name); a person needs to know to type an
    address or a number."""
    page = client.get(reverse("account_login"), headers={"accept-language": language}).content.decode()
    assert re.search(rf'<label for="id_login">{label}[:：]?</label>', page), page[
        page.find("id_login") - 200 :
    ][:400]
