"""A borrowed session cannot become a stolen account (issue #18, item 1).

Someone holding only the session cookie (force_login: no recent password or second factor) is sent to
re-authenticate before any sensitive change; the address on file is told of every change with a
"this wasn't me" link, and that link puts the address back, signs everyone out and holds the account.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from complaints.accounts.models import DataExport
from complaints.core.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER = "owner@example.org"
ATTACKER = "attacker@evil.test"


def _code(message) -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def _undo_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/undo/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def _totp_code(secret: str) -> str:
    if time.time() % 30 > 27:  # a code computed at the end of its 30 s window is stale when checked
        time.sleep(30 - time.time() % 30 + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _mail_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def owner(db):
    return UserFactory(email=OWNER)


@pytest.fixture
def borrowed(client, owner):
    """A client with the owner's session cookie and nothing else."""
    client.force_login(owner)
    return client


def _asks_to_reauthenticate(response) -> bool:
    return response.status_code == 302 and reverse("account_reauthenticate") in response.url


def test_borrowed_session_cannot_add_an_email_address(borrowed, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = borrowed.post(reverse("account_email"), {"email": ATTACKER, "action_add": ""})
    assert _asks_to_reauthenticate(response)
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()
    assert not _mail_to(ATTACKER)


def test_borrowed_session_cannot_remove_or_switch_the_address(borrowed, owner):
    EmailAddress.objects.create(user=owner, email="second@example.org", verified=True)
    response = borrowed.post(reverse("account_email"), {"email": OWNER, "action_remove": ""})
    assert _asks_to_reauthenticate(response)
    response = borrowed.post(reverse("account_email"), {"email": "second@example.org", "action_primary": ""})
    assert _asks_to_reauthenticate(response)
    assert EmailAddress.objects.get(user=owner, primary=True).email == OWNER


def test_borrowed_session_cannot_change_the_password(borrowed, owner):
    response = borrowed.post(
        reverse("account_change_password"),
        {"oldpassword": "guess", "password1": "Attacker-Pass-123", "password2": "Attacker-Pass-123"},
    )
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert response.status_code in (200, 302)


def test_borrowed_session_cannot_touch_second_factors(borrowed):
    assert _asks_to_reauthenticate(borrowed.get(reverse("mfa_activate_totp")))
    assert _asks_to_reauthenticate(borrowed.get(reverse("mfa_generate_recovery_codes")))


def test_borrowed_session_cannot_export_or_delete(borrowed, owner):
    response = borrowed.post(reverse("accounts:export"))
    assert _asks_to_reauthenticate(response)
    assert not DataExport.objects.filter(user=owner).exists()
    assert _asks_to_reauthenticate(borrowed.post(reverse("accounts:delete"), {"understood": "on"}))
    owner.refresh_from_db()
    assert owner.is_active and owner.locked_at is None


def _change_email_as_attacker_who_knows_the_password(client, captured):
    """The worst case: the attacker re-authenticated (knows the password) and switches the address."""
    client.post(reverse("account_login"), {"login": OWNER, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with captured(execute=True):
        response = client.post(reverse("account_email"), {"email": ATTACKER, "action_add": ""})
    assert response.status_code == 302, response
    with captured(execute=True):
        response = client.post(response.url, {"code": _code(_mail_to(ATTACKER)[-1])})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=ATTACKER).primary


def test_old_address_is_told_of_an_email_change_with_an_undo_link(
    client, owner, django_capture_on_commit_callbacks
):
    _change_email_as_attacker_who_knows_the_password(client, django_capture_on_commit_callbacks)
    notices = [m for m in _mail_to(OWNER) if ATTACKER in m.body]
    assert notices, [m.subject for m in mail.outbox]
    assert _undo_link(notices[-1])
    # The owner's preferred language (the default, Chinese) is used, whatever the attacker's browser says.
    assert "不是你" in notices[-1].body


def test_password_and_second_factor_changes_are_told_and_undone(
    client, owner, django_capture_on_commit_callbacks
):
    client.post(reverse("account_login"), {"login": OWNER, "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": "Brand-New-Pass-42", "password2": "Brand-New-Pass-42"},
        )
    client.post(reverse("account_reauthenticate"), {"password": "Brand-New-Pass-42"})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        activated = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert activated.status_code == 302
    notices = _mail_to(OWNER)
    assert len(notices) == 2, [m.subject for m in notices]
    links = [_undo_link(message) for message in notices]
    assert Authenticator.objects.filter(user=owner).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.__class__().post(links[-1])
    # The second factor someone added is gone, the password they set no longer works.
    assert not Authenticator.objects.filter(user=owner).exists()
    owner.refresh_from_db()
    assert not owner.check_password("Brand-New-Pass-42")
    # A followed link is spent: it cannot be replayed to extend the hold.
    assert client.__class__().get(links[-1]).status_code == 404


def test_undo_link_restores_the_address_ends_sessions_and_holds_the_account(
    client, owner, django_capture_on_commit_callbacks
):
    _change_email_as_attacker_who_knows_the_password(client, django_capture_on_commit_callbacks)
    assert client.get(reverse("accounts:profile")).status_code == 200
    link = _undo_link([m for m in _mail_to(OWNER) if ATTACKER in m.body][-1])

    owner_browser = client.__class__()
    assert owner_browser.get(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page = owner_browser.post(link, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "signed out" in page

    owner.refresh_from_db()
    assert list(EmailAddress.objects.filter(user=owner).values_list("email", "primary", "verified")) == [
        (OWNER, True, True)
    ]
    assert owner.email == OWNER
    assert not owner.has_usable_password()
    assert owner.security_hold_until - timezone.now() > timedelta(days=6, hours=23)
    # The attacker's session is over, and the link works once.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert owner_browser.get(link).status_code == 404
    assert AuditEvent.objects.filter(action="account.change_undone", target_id=str(owner.pk)).exists()
    assert any("security@" in m.body or "reset" in m.body for m in _mail_to(OWNER))

    # Even with a new password (reset through the restored address), nobody signs in during the hold,
    # and the refusal says until when and what to do.
    owner.set_password("Owner-Again-2026")
    owner.save()
    response = owner_browser.post(
        reverse("account_login"), {"login": OWNER, "password": "Owner-Again-2026"}, follow=True
    )
    assert owner_browser.get(reverse("accounts:profile")).status_code == 302
    text = response.content.decode()
    assert "账号已锁定至" in text or "locked until" in text, text[:2000]


def test_forged_or_expired_undo_links_do_nothing(client, owner, settings):
    from complaints.accounts import security

    assert client.get(reverse("accounts:undo_change", args=["forged"])).status_code == 404
    settings.TONGSU_UNDO_LINK_DAYS = -1  # every link is past its lifetime
    token = security.undo_token(owner, OWNER)
    assert client.post(reverse("accounts:undo_change", args=[token])).status_code == 404
    owner.refresh_from_db()
    assert owner.security_hold_until is None and owner.has_usable_password()


def test_an_attacker_following_their_own_undo_link_cannot_spend_the_owners(
    client, owner, django_capture_on_commit_callbacks
):
    _change_email_as_attacker_who_knows_the_password(client, django_capture_on_commit_callbacks)
    owners_link = _undo_link([m for m in _mail_to(OWNER) if ATTACKER in m.body][-1])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": "Attacker-Pass-77", "password2": "Attacker-Pass-77"},
        )
    attackers_link = _undo_link(_mail_to(ATTACKER)[-1])
    with django_capture_on_commit_callbacks(execute=True):
        client.__class__().post(attackers_link)
    assert EmailAddress.objects.get(user=owner).email == ATTACKER
    # During the hold the attacker resets "their" password, which mails them one more link.
    with django_capture_on_commit_callbacks(execute=True):
        client.__class__().post(reverse("account_reset_password"), {"email": ATTACKER})
    from complaints.accounts.security import undo_url

    later_attackers_link = undo_url(owner, ATTACKER)

    # The owner's link is older than anything sent to the attacker: it still works, and wins.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.__class__().post(owners_link).status_code == 200
    assert list(EmailAddress.objects.filter(user=owner).values_list("email", flat=True)) == [OWNER]
    assert client.__class__().post(later_attackers_link).status_code == 404
    assert client.__class__().post(attackers_link).status_code == 404
    assert client.__class__().post(owners_link).status_code == 404
    assert list(EmailAddress.objects.filter(user=owner).values_list("email", flat=True)) == [OWNER]


def test_borrowed_session_cannot_unlink_an_outside_login(borrowed, owner):
    from allauth.socialaccount.models import SocialAccount

    linked = SocialAccount.objects.create(user=owner, provider="github", uid="4242")
    response = borrowed.post(reverse("socialaccount_connections"), {"account": linked.pk})
    assert _asks_to_reauthenticate(response)
    assert SocialAccount.objects.filter(pk=linked.pk).exists()
