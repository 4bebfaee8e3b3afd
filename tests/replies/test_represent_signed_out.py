"""A platform's staff member who starts "answer its campaigns" signed out comes back to the request form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_up_and_verify(visitor, url, email, capture, mailoutbox):
    with capture(execute=True):
        response = visitor.post(url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    (mail,) = [m for m in mailoutbox if m.to == [email]]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.body, re.MULTILINE).group(1)
    return visitor.post(reverse("account_email_verification_sent"), {"code": code})


def test_signing_up_from_the_login_page_returns_to_the_representative_form(
    platform, django_capture_on_commit_callbacks, mailoutbox
):
    visitor = Client()
    represent = reverse("replies:represent", args=[platform.slug])
    platform_page = visitor.get(reverse("campaigns:platform", args=[platform.slug])).content.decode()
    assert f'href="{represent}"' in platform_page
    login_url = visitor.get(represent)["Location"]
    login_page = visitor.get(login_url).content.decode()
    links = [u.replace("&amp;", "&") for u in re.findall(r'href="(/[^"]*signup/[^"]*)"', login_page)]
    with_next = [u for u in links if "next=" in u]
    assert with_next, "the login page's sign-up link keeps where the person was going"
    signup = with_next[0]
    response = _sign_up_and_verify(
        visitor, signup, "staff@haoduo-group.cn", django_capture_on_commit_callbacks, mailoutbox
    )
    assert response["Location"] == represent
    assert visitor.get(represent).status_code == 200


def test_signing_up_from_the_header_button_also_returns_to_the_representative_form(
    platform, django_capture_on_commit_callbacks, mailoutbox
):
    visitor = Client()
    represent = reverse("replies:represent", args=[platform.slug])
    visitor.get(represent)  # sent to sign in; they press the header's "Sign up" instead (no next)
    response = _sign_up_and_verify(
        visitor,
        reverse("account_signup"),
        "staff2@haoduo-group.cn",
        django_capture_on_commit_callbacks,
        mailoutbox,
    )
    assert response["Location"] == represent
