"""The anonymous page cache (complaints/campaigns/cache.py): fast for visitors, never shared with members."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from complaints.campaigns.models import Campaign

pytestmark = pytest.mark.usefixtures("page_cache_on")


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_visitors_get_the_cached_page_until_it_expires(campaign):
    url = campaign.get_absolute_url()
    assert campaign.title in Client().get(url).content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(title="新标题")
    assert campaign.title in Client().get(url).content.decode()  # cached for visitors
    cache.clear()  # as the entry expiring does
    assert "新标题" in Client().get(url).content.decode()


def test_signed_in_people_always_get_a_fresh_page(client, campaign, member):
    url = campaign.get_absolute_url()
    Client().get(url)  # a visitor fills the cache
    Campaign.objects.filter(pk=campaign.pk).update(title="成员看到的新标题")
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "成员看到的新标题" in page
    assert reverse("account_logout") in page  # the member's own header, not a visitor's


def test_a_cached_page_carries_each_visitors_own_working_csrf_token(campaign):
    url = reverse("campaigns:list")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)
    page = second.get(url)  # served from the cache
    token = _token(page.content.decode())
    assert token != _token(first.get(url).content.decode())
    answer = second.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302  # not a 403: the token matches this visitor's cookie


def test_pages_differ_by_language(campaign):
    url = reverse("campaigns:list")
    chinese = Client(headers={"accept-language": "zh-hans"}).get(url).content.decode()
    english = Client(headers={"accept-language": "en"}).get(url).content.decode()
    assert 'lang="zh-hans"' in chinese and 'lang="en"' in english
