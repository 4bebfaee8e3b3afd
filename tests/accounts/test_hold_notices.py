"""After "this wasn't me" every screen tells the owner the same truth: locked until one moment, in the
portal's local time with its zone named, and whom to write to; nothing is mailed that could not work."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from complaints.accounts import security
from complaints.core.text import local_datetime
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER = "owner@example.org"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def held(client, django_capture_on_commit_callbacks):
    """The owner followed the undo link: (owner, the undo page's text)."""
    owner = UserFactory(email=OWNER, preferred_language="en")
    token = security.undo_token(owner, OWNER)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("accounts:undo_change", args=[token]), **EN)
    assert page.status_code == 200
    owner.refresh_from_db()
    assert security.is_on_hold(owner)
    return owner, page.content.decode()


def _unlock_text(owner) -> str:
    with translation.override("en"):
        return local_datetime(owner.security_hold_until)


def test_undo_page_email_and_login_state_the_same_local_unlock_time(client, held):
    owner, undo_page = held
    unlock = _unlock_text(owner)
    assert "Beijing time" in unlock and settings.TIME_ZONE == "Asia/Shanghai"
    email = [m for m in mail.outbox if m.to == [OWNER]][-1]
    login = client.post(reverse("account_login"), {"login": OWNER, "password": PASSWORD}, **EN)
    for text in (undo_page, email.body, login.content.decode()):
        assert unlock in text.replace("&nbsp;", "\xa0"), text[:3000]


def test_any_password_on_a_held_account_says_locked_with_date_and_contact(client, held):
    owner, _ = held
    for password in (PASSWORD, "a-wrong-guess-123"):
        response = client.post(reverse("account_login"), {"login": OWNER, "password": password}, **EN)
        text = response.content.decode()
        assert "locked until" in text and settings.TONGSU_CONTACT_EMAIL in text
        assert _unlock_text(owner) in text.replace("&nbsp;", "\xa0")
        assert "not correct" not in text
    assert not client.get(reverse("accounts:profile")).wsgi_request.user.is_authenticated


def test_accounts_not_held_keep_the_usual_answer(client, held):
    other = UserFactory(email="other@example.org")
    for login in (other.email, "nobody@example.org"):
        response = client.post(reverse("account_login"), {"login": login, "password": "wrong-123"}, **EN)
        text = response.content.decode()
        assert "not correct" in text and "locked" not in text


@pytest.mark.parametrize("route", ["account_reset_password", "account_request_login_code"])
def test_no_reset_link_or_login_code_is_mailed_during_the_hold(
    client, held, route, django_capture_on_commit_callbacks
):
    owner, _ = held
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(route), {"email": OWNER}, **EN)
    assert mail.outbox == []
    text = response.content.decode()
    assert response.status_code == 200 and "locked until" in text, text[:3000]
    assert _unlock_text(owner) in text.replace("&nbsp;", "\xa0")
    assert settings.TONGSU_CONTACT_EMAIL in text
    # An address with no account gets the usual answer, which tells nothing.
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(reverse(route), {"email": "nobody@example.org"}, **EN)
    assert unknown.status_code == 302 and "locked" not in unknown.content.decode()
