"""Coming back after deleting by mistake (issue #19, item 4).

Logging in to an account waiting for erasure says so, with the date, and offers the restore link again;
asking for it answers the same for any address and is rate-limited."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation

from complaints.accounts import services as account_services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _answer(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.fixture
def deleted(db, django_capture_on_commit_callbacks):
    user = UserFactory(email="regret@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        user = account_services.account_deletion_request(actor=user, user=user)
    mail.outbox.clear()
    return user


def test_login_to_an_account_waiting_for_erasure_says_when_and_offers_the_link(client, deleted):
    response = client.post(
        reverse("account_login"),
        {"login": deleted.email, "password": PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    with translation.override("en"):
        date = formats.date_format(deleted.erase_after, "DATE_FORMAT")
    assert f"scheduled for erasure on {date}" in page
    assert reverse("accounts:restore_request") in page or response.request["PATH_INFO"] == reverse(
        "accounts:restore_request"
    )
    assert "inactive" not in page.lower()
    # They just typed the password: the address is filled in for them.
    assert f'value="{deleted.email}"' in page
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_chinese_page_says_the_date_too(client, deleted):
    response = client.post(
        reverse("account_login"), {"login": deleted.email, "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "将于" in page and "账号未激活" not in page


def test_the_restore_link_comes_again_and_works(client, deleted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:restore_request"), {"email": "Regret@example.org"})
    (message,) = mail.outbox
    assert message.to == [deleted.email]
    link = re.search(r"https?://\S+/accounts/restore/\S+/", message.body).group(0)
    client.post(link)
    deleted.refresh_from_db()
    assert deleted.is_active and deleted.locked_at is None
    unknown = client.__class__().post(reverse("accounts:restore_request"), {"email": "nobody@example.org"})
    # The same answer for an address without an account: nothing tells them apart.
    assert known.status_code == unknown.status_code == 200
    assert _answer(known).replace("Regret@example.org", "X") == _answer(unknown).replace(
        "nobody@example.org", "X"
    )
    assert len(mail.outbox) == 1


def test_asking_again_and_again_is_limited_and_sends_nothing_more(
    client, deleted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("accounts:restore_request"), {"email": deleted.email})
        again = client.post(
            reverse("accounts:restore_request"), {"email": deleted.email}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert first.status_code == 200
    assert again.status_code == 429
    assert "Too many requests" in again.content.decode()
    assert len(mail.outbox) == 1


def test_a_bad_address_is_refused_with_a_message(client, deleted):
    response = client.post(
        reverse("accounts:restore_request"), {"email": "not an address"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "valid email" in response.content.decode()
    assert not mail.outbox
