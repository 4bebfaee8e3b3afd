""" "Start a new campaign" while signed out: sign-up first, told the answers are kept, then back to the form."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
INTAKE = reverse("campaigns:intake")
START = reverse("campaigns:start")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _answer_the_intake(client, platform) -> None:
    client.post(f"{INTAKE}?step=platform", {"platform": platform.slug}, **EN)
    client.post(
        f"{INTAKE}?step=details", {"category": "balance_lost", "amount": "99", "currency": "CNY"}, **EN
    )
    client.post(f"{INTAKE}?step=story", {"description": "注销账号后余额被清零"}, **EN)


def test_a_newcomer_signs_up_told_the_answers_are_kept_and_comes_back_to_the_form(
    client, platform, django_capture_on_commit_callbacks
):
    _answer_the_intake(client, platform)
    response = client.get(START, follow=True, **EN)
    assert response.redirect_chain[0][0].startswith(reverse("account_signup"))
    page = response.content.decode()
    assert "Your answers are kept" in page and "come back" in page
    assert 'name="password2"' in page  # the sign-up form itself
    assert reverse("account_login") in page  # and the way in for someone who has an account

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            response.redirect_chain[0][0],
            {"email": "newcomer@example.org", "password1": PASSWORD, "password2": PASSWORD, "next": START},
            **EN,
        )
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    verified = client.post(reverse("account_email_verification_sent"), {"code": code}, **EN)
    assert verified.status_code == 302 and verified["Location"] == START
    form = client.get(START, **EN).content.decode()
    assert "注销账号后余额被清零" in form and 'name="title"' in form
