"""A social login never takes over an existing account unless the address is verified on both sides."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.test import RequestFactory
from django.urls import reverse

from complaints.accounts.adapter import SocialAccountAdapter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _github_login(email: str, *, verified_by_provider: bool) -> SocialLogin:
    app, _ = SocialApp.objects.get_or_create(
        provider="github", defaults={"name": "GitHub", "client_id": "id", "secret": "s"}
    )
    login = SocialLogin(
        account=SocialAccount(provider="github", uid="4242", extra_data={"email": email}),
        email_addresses=[EmailAddress(email=email, verified=verified_by_provider, primary=True)],
        provider=app.get_provider(RequestFactory().get("/")),
    )
    login.state = {}
    return login


def _adapter() -> SocialAccountAdapter:
    return SocialAccountAdapter(RequestFactory().get("/"))


def test_verified_on_both_sides_logs_into_the_existing_account():
    user = UserFactory(email="both@example.org")
    assert _adapter().authenticate_by_email(_github_login("both@example.org", verified_by_provider=True)) == (
        user,
        "both@example.org",
    )


def test_unverified_local_address_is_not_taken_over():
    UserFactory(email="squatter@example.org", verified=False)
    assert (
        _adapter().authenticate_by_email(_github_login("squatter@example.org", verified_by_provider=True))
        is None
    )


def test_unverified_provider_address_is_not_trusted():
    UserFactory(email="victim@example.org")
    assert (
        _adapter().authenticate_by_email(_github_login("victim@example.org", verified_by_provider=False))
        is None
    )


def test_locked_account_cannot_be_entered_through_a_social_login():
    UserFactory(email="locked@example.org", is_active=False)
    assert (
        _adapter().authenticate_by_email(_github_login("locked@example.org", verified_by_provider=True))
        is None
    )


def test_login_page_offers_no_provider_without_keys(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "/accounts/github/login/" not in page
