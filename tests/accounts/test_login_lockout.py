"""A stranger guessing an account's password locks out only themselves (issue #18, item 7).

Failed logins count per (account, IP address) pair on the shared cache; the owner signs in from another
network as usual, and from the stranger's own network with a code mailed to them."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRANGER_IP = "203.0.113.9"
OWNER_IP = "198.51.100.7"


def _hammer(client, email: str, times: int = 8) -> None:
    for i in range(times):
        client.post(
            reverse("account_login"), {"login": email, "password": f"guess-{i}"}, REMOTE_ADDR=STRANGER_IP
        )


def test_a_stranger_hammering_an_account_does_not_lock_the_owner_out_elsewhere(client):
    UserFactory(email="target@example.org")
    _hammer(client, "target@example.org")
    # The stranger's own address is locked out of this account, even with the right password.
    client.post(
        reverse("account_login"),
        {"login": "target@example.org", "password": PASSWORD},
        REMOTE_ADDR=STRANGER_IP,
    )
    assert client.get(reverse("accounts:profile"), REMOTE_ADDR=STRANGER_IP).status_code == 302
    owner = client.__class__(REMOTE_ADDR=OWNER_IP)
    response = owner.post(reverse("account_login"), {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert owner.get(reverse("accounts:profile")).status_code == 200


def test_the_owner_can_sign_in_with_a_mailed_code_even_from_the_strangers_network(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="target@example.org")
    _hammer(client, "target@example.org")
    owner = client.__class__(REMOTE_ADDR=STRANGER_IP)  # same café Wi-Fi as the stranger
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(reverse("account_request_login_code"), {"email": "target@example.org"})
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.to == ["target@example.org"]]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)
    owner.post(response.url, {"code": code})
    assert owner.get(reverse("accounts:profile")).status_code == 200


def test_guessing_many_accounts_from_one_address_is_limited_too(client):
    for n in range(31):
        client.post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.org", "password": "x"},
            REMOTE_ADDR=STRANGER_IP,
        )
    UserFactory(email="fresh@example.org")
    response = client.post(
        reverse("account_login"),
        {"login": "fresh@example.org", "password": PASSWORD},
        REMOTE_ADDR=STRANGER_IP,
    )
    assert response.status_code in (200, 429)
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_the_owners_own_browser_is_not_locked_out_by_a_stranger_on_the_same_network(client):
    UserFactory(email="target@example.org")
    owner = client.__class__(REMOTE_ADDR=STRANGER_IP)  # the same office network as the stranger
    owner.post(reverse("account_login"), {"login": "target@example.org", "password": PASSWORD})
    owner.post(reverse("account_logout"))
    _hammer(client.__class__(), "target@example.org")
    response = owner.post(reverse("account_login"), {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert owner.get(reverse("accounts:profile")).status_code == 200


def test_a_browser_remembered_for_one_account_does_not_help_against_another(client):
    UserFactory(email="mine@example.org")
    UserFactory(email="target@example.org")
    stranger = client.__class__(REMOTE_ADDR=STRANGER_IP)
    stranger.post(reverse("account_login"), {"login": "mine@example.org", "password": PASSWORD})
    stranger.post(reverse("account_logout"))
    for i in range(8):
        stranger.post(reverse("account_login"), {"login": "target@example.org", "password": f"guess-{i}"})
    stranger.post(reverse("account_login"), {"login": "target@example.org", "password": PASSWORD})
    assert stranger.get(reverse("accounts:profile")).status_code == 302
