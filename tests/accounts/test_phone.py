"""Signing in with a mobile number: codes go out by SMS (files under var/sms/ here), a mainland number may
be typed without +86, an unknown number gets the same answer as a known one, and the limits on codes hold
across processes because they live in the shared cache."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.core.exceptions import RateLimited
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from complaints.accounts import sms
from complaints.accounts.middleware import RateLimitedMiddleware
from complaints.accounts.models import User
from complaints.accounts.phone import normalize_phone
from complaints.core.models import AuditEvent, OutboundEmail
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Notification
from complaints.notifications.services import notify
from tests.factories import PASSWORD, CampaignFactory, UserFactory, join, organize
from tests.processes import ROOT, child_env

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_dir(tmp_path, settings):
    settings.TONGSU_SMS_DIR = str(tmp_path / "sms")
    return Path(settings.TONGSU_SMS_DIR)


def _texts(number: str = "") -> list[str]:
    folder = Path(settings.TONGSU_SMS_DIR)
    files = sorted(folder.glob("*.txt")) if folder.exists() else []
    return [f.read_text(encoding="utf-8") for f in files if number.lstrip("+") in f.name]


def _code(text: str) -> str:
    match = re.search(r"\b([A-Z0-9]{6}|\d{6}|[A-Z0-9]{4}-[A-Z0-9]{4})\b", text.split("\n\n", 1)[1])
    assert match, text
    return match.group(1)


@pytest.mark.parametrize(
    "typed", ["13812345678", "138 1234 5678", "+86 138-1234-5678", "008613812345678", "+8613812345678"]
)
def test_a_mainland_number_is_kept_in_one_form(typed):
    assert normalize_phone(typed) == "+8613812345678"


def test_sign_up_with_a_phone_number_then_sign_in_with_it(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "phone.person@example.org",
                "phone": "13812345678",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response["Location"] == reverse("account_verify_phone")
    user = User.objects.get(email="phone.person@example.org")
    assert user.phone == "+8613812345678" and not user.phone_verified
    (text,) = _texts("8613812345678")
    assert text.startswith("To: +8613812345678")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_verify_phone"), {"code": _code(text)})
    user.refresh_from_db()
    assert user.phone_verified
    # Then the email address, as for everyone.
    assert response["Location"] == reverse("account_email_verification_sent")
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.MULTILINE).group(1)
    client.post(reverse("account_email_verification_sent"), {"code": code})
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.logout()
    client.post(reverse("account_login"), {"login": "13812345678", "password": PASSWORD})
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_code_by_sms_and_the_same_answer_for_an_unknown_number(client):
    UserFactory(email="known@example.org", phone="+8613900000001", phone_verified=True)
    known = client.post(reverse("account_request_login_code"), {"phone": "13900000001"})
    other = client.__class__().post(reverse("account_request_login_code"), {"phone": "13900000002"})
    assert known.status_code == other.status_code == 302
    assert known["Location"] == other["Location"]
    assert len(_texts("8613900000001")) == 1
    code = _code(_texts("8613900000001")[-1])
    client.post(known["Location"], {"code": code})
    assert client.get(reverse("accounts:profile")).status_code == 200


SECOND_PROCESS = """
import django
django.setup()
from allauth.core.exceptions import RateLimited
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from complaints.accounts import sms
from complaints.accounts.middleware import RateLimitedMiddleware
print([sms.sms_allowed(phone="+8613911112222", ip="10.0.0.%d" % i) for i in range(5)])
"""


@pytest.mark.django_db(transaction=True)
def test_codes_per_number_are_limited_across_processes():
    result = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS],
        cwd=ROOT,
        env=child_env(DJANGO_SETTINGS_MODULE="portal.settings"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("[True, True, True, True, True]")
    # Five codes asked for elsewhere: this process refuses the sixth for that number, not for another one.
    assert sms.sms_allowed(phone="+8613911112222", ip="10.0.1.1") is False
    assert sms.sms_allowed(phone="+8613911113333", ip="10.0.1.1") is True


def test_codes_per_ip_are_limited():
    allowed = [
        sms.sms_allowed(phone=f"+86139000{n:05d}", ip="192.0.2.7") for n in range(sms.CODES_PER_IP + 1)
    ]
    assert allowed[:-1] == [True] * sms.CODES_PER_IP and allowed[-1] is False


def test_http_provider_is_used_when_configured(settings):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received: list[tuple[str, bytes]] = []

    class Provider(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(
                (self.headers["Authorization"], self.rfile.read(int(self.headers["Content-Length"])))
            )
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.handle_request, daemon=True).start()
    settings.TONGSU_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.TONGSU_SMS_TOKEN = "provider-token"
    sms.sms_send(phone="+8613800000000", text="同诉：测试")
    server.server_close()
    assert received and received[0][0] == "Bearer provider-token"
    assert b"+8613800000000" in received[0][1] and not _texts()


def test_changing_the_number_asks_for_the_password_again(client):
    user = UserFactory(phone="+8613700000000", phone_verified=True)
    client.force_login(user)
    response = client.get("/accounts/phone/change/")
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]


def test_erasure_forgets_the_number():
    from complaints.accounts.services import account_erase

    user = UserFactory(phone="+8613700000009", phone_verified=True)
    from django.utils import timezone

    User.objects.filter(pk=user.pk).update(locked_at=timezone.now(), erase_after=timezone.now())
    account_erase(user_id=user.pk)
    assert not User.objects.filter(phone="+8613700000009").exists()


def test_a_changed_number_replaces_the_old_one_once_its_code_is_entered(client):
    user = UserFactory(email="changer@example.org", phone="+8613700000001", phone_verified=True)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("account_change_phone"), {"phone": "13900000009"})
    assert response.status_code == 302, response.content.decode()[:500]
    user.refresh_from_db()
    assert user.phone == "+8613700000001", "the old number stays until the new one is confirmed"
    (text,) = _texts("8613900000009")
    client.post(reverse("account_verify_phone"), {"code": _code(text)})
    user.refresh_from_db()
    assert (user.phone, user.phone_verified) == ("+8613900000009", True)
    assert not User.objects.filter(phone="+8613700000001").exists(), "the old number signs in no one"


def _sign_up_with_only_a_number(client, django_capture_on_commit_callbacks, number="13812340000"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "", "phone": number, "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response["Location"] == reverse("account_verify_phone")
    (text,) = _texts(normalize_phone(number))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_verify_phone"), {"code": _code(text)})
    return response


def test_sign_up_with_only_a_number_verify_it_and_sign_in(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    response = _sign_up_with_only_a_number(client, django_capture_on_commit_callbacks)
    # No address to confirm: straight into the portal.
    assert response.status_code == 302 and response["Location"] != reverse("account_email_verification_sent")
    user = User.objects.get(phone="+8613812340000")
    assert user.email is None and user.phone_verified
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.logout()
    response = client.post(reverse("account_login"), {"login": "138 1234 0000", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert mailoutbox == [] and not OutboundEmail.objects.exists()
    # A second phone-only person is no clash on the (empty) address.
    _sign_up_with_only_a_number(client.__class__(), django_capture_on_commit_callbacks, "13812340001")
    assert User.objects.filter(email__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Give a mobile number or an email address"), ("zh-hans", "注册需要填写手机号码或邮箱地址")],
)
def test_sign_up_with_neither_number_nor_email_says_so_and_creates_nothing(client, language, words):
    response = client.post(
        reverse("account_signup"),
        {"email": "", "phone": "", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not User.objects.exists() and not _texts()


def test_a_phone_only_member_is_told_in_the_portal_and_gets_no_email(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    _sign_up_with_only_a_number(client, django_capture_on_commit_callbacks)
    member = User.objects.get(phone="+8613812340000")
    campaign = CampaignFactory()
    organize(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        join(campaign, member)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            actor=None,
            kind=Kind.UPDATE_POSTED,
            audience="campaign_members",
            audience_args={"campaign": campaign.pk},
            params={"campaign": campaign.title, "update": "第一次集体投诉已提交"},
            dedupe_key=f"update:phone:{campaign.pk}",
        )
    assert Notification.objects.filter(recipient=member, kind=Kind.UPDATE_POSTED).count() == 1
    assert not OutboundEmail.objects.filter(to="").exists()
    assert all(message.to and message.to[0] for message in mailoutbox)
    assert OutboundEmail.objects.filter(kind="notification:update_posted").count() == 1  # the organizer's
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200 and "第一次集体投诉已提交" in response.content.decode()


def test_a_phone_only_person_can_export_and_delete_the_account(client, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from complaints.accounts.models import DataExport
    from complaints.accounts.services import (
        account_deletion_request,
        account_erase,
        export_build,
        export_request,
    )

    _sign_up_with_only_a_number(client, django_capture_on_commit_callbacks)
    user = User.objects.get(phone="+8613812340000")
    export = export_request(actor=user)
    assert export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    with django_capture_on_commit_callbacks(execute=True):
        account_deletion_request(actor=user, user=user)
    User.objects.filter(pk=user.pk).update(erase_after=timezone.now())
    account_erase(user_id=user.pk)
    assert not User.objects.filter(phone="+8613812340000").exists()
    assert not OutboundEmail.objects.exists()


def test_a_change_notice_for_a_phone_only_person_is_kept_in_the_audit_log():
    from complaints.accounts.adapter import AccountAdapter

    user = UserFactory(email=None, phone="+8613812349999", phone_verified=True, verified=False)
    AccountAdapter().send_notification_mail("account/email/password_changed", user)
    assert not OutboundEmail.objects.exists()
    event = AuditEvent.objects.get(action="account.notice_not_sent")
    assert event.target_id == str(user.pk) and event.data == {"notice": "password_changed"}


@pytest.mark.parametrize(("language", "words"), [("en", "Too many attempts"), ("zh-hans", "尝试次数太多")])
def test_past_allauths_phone_limit_a_person_is_told_to_wait_not_shown_a_server_error(
    client, settings, django_capture_on_commit_callbacks, language, words
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "verify_phone": "1/m/ip"}
    settings.LANGUAGE_CODE = language
    _sign_up_with_only_a_number(client, django_capture_on_commit_callbacks, "13812340005")
    other = client.__class__(raise_request_exception=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(
            reverse("account_signup"),
            {"email": "", "phone": "13812340006", "password1": PASSWORD, "password2": PASSWORD},
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 429
    assert words in response.content.decode()
    # Refused before anything was made: no account stuck with a number it cannot verify, no text sent.
    assert not User.objects.filter(phone="+8613812340006").exists()
    assert not _texts("+8613812340006")


def test_allauths_own_rate_limit_error_is_the_too_many_attempts_page(rf):
    request = rf.get("/")
    request.user = AnonymousUser()

    def view(request):
        raise RateLimited

    middleware = RateLimitedMiddleware(view)
    with translation.override("en"):
        response = middleware.process_exception(request, RateLimited())
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert middleware.process_exception(request, ValueError()) is None
