"""The open-data API explained for people: in both languages, readable on a phone, every list and field of the
documented dictionary, and linked from the pages a reader of the figures is on."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from complaints.rankings.fields import DICTIONARY

pytestmark = pytest.mark.django_db


def _page(language: str) -> str:
    return Client().get(reverse("rankings:api_guide"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_every_list_the_api_serves_and_every_documented_field_is_explained(client, settings):
    settings.TONGSU_API_RATE = "120/m"
    schema = client.get(reverse("opendata:openapi-json")).json()
    page = _page("en")
    for path in schema["paths"]:
        assert f"GET {path}" in page, path
    for table, columns in DICTIONARY.items():
        for name, (_kind, english, _chinese) in columns.items():
            assert f"<code>{name}</code>" in page
            assert english.replace("'", "&#x27;") in page, (table, name)
    assert "Each client may make 120 requests a minute." in page
    assert "fewer than 5 people is null" in page
    assert "at most 500" in page
    assert f'href="{reverse("opendata:openapi-json")}"' in page
    assert f'href="{reverse("opendata:openapi-view")}"' in page


def test_the_guide_is_in_chinese_for_a_chinese_reader():
    page = _page("zh-hans")
    assert "公开数据接口" in page
    assert DICTIONARY["campaigns"]["members"][2] in page, "field descriptions in Chinese"
    assert DICTIONARY["campaigns"]["members"][1] not in page
    assert "每个客户端每分钟最多可请求" in page


def test_the_guide_fits_a_phone():
    page = _page("en")
    assert '<meta name="viewport"' in page
    assert "<table" not in page, "fields are a list that wraps, not a wide table"
    assert 'class="api-example"' in page


def test_the_guide_is_linked_from_the_figures_and_the_footer(client):
    guide = reverse("rankings:api_guide")
    for name in ("rankings:list", "rankings:open_data", "transparency:statistics"):
        page = client.get(reverse(name)).content.decode()
        assert len(re.findall(f'href="{guide}"', page)) >= 2, f"{name}: in the page and in the footer"
