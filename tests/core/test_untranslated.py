"""Pages a person reaches in Chinese show no English leaking from Django or allauth defaults (issue #20, 5)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory, RegulatorFactory, join, organize

pytestmark = pytest.mark.django_db

# Strings Django, allauth or our own defaults show when a translation is missing or wrong.
LEAKS = (
    "Select an option",
    "---------",
    "passkey",
    "Passkey",
    "Hello",
    "Sign In",
    "Sign Up",
    "Forgot",
    "Remember Me",
    "Password",
    "E-mail",
    "Email address",
    " ago",
    "秒之前",  # Django's naturaltime in Chinese ("54秒之前"); the portal says 刚刚 / 1 分钟前
    "分钟之前",
    "您",
    "账户",
)
HALF_WIDTH_AFTER_CJK = re.compile(r"[\u4e00-\u9fff][,:;?!](\s|$)|[\u4e00-\u9fff]\.(\s|$)")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def leaks(client, url: str) -> list[str]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9", follow=True)
    assert response.status_code == 200, url
    text = visible_text(response.content.decode())
    found = [leak for leak in LEAKS if leak in text]
    found += [m.group(0) for m in HALF_WIDTH_AFTER_CJK.finditer(text)]
    return found


def test_public_and_sign_in_pages_are_all_chinese(client):
    campaign = CampaignFactory()
    for _ in range(5):
        join(campaign, amount="10")
    urls = [
        reverse("home"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("account_request_login_code"),
        reverse("campaigns:list"),
        reverse("campaigns:detail", args=[campaign.slug]),
        reverse("campaigns:platforms"),
    ]
    assert {url: found for url in urls if (found := leaks(client, url))} == {}


def test_signed_in_pages_and_their_selects_are_all_chinese(client):
    campaign = CampaignFactory()
    RegulatorFactory()
    organizer = organize(campaign, amount="2835.43", include_in_filings=True)
    client.force_login(organizer.user)
    urls = [
        reverse("campaigns:start"),
        reverse("campaigns:case", args=[campaign.slug]),
        reverse("filings:new", args=[campaign.slug]),
        reverse("accounts:profile"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("notifications:preferences"),
        reverse("evidence:mine", args=[campaign.slug]),
    ]
    assert {url: found for url in urls if (found := leaks(client, url))} == {}


def test_the_check_catches_a_leak(client):
    assert "Select an option" in visible_text(
        '<select><option value="">- Select an option -</option></select>'
    )
    assert HALF_WIDTH_AFTER_CJK.search(visible_text("<p>请登录. 然后</p>"))
    assert not HALF_WIDTH_AFTER_CJK.search(visible_text("<p>v1.2 同诉 Tongsu.</p>"))
