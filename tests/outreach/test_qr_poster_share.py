"""QR codes, the A4 poster and the share buttons of a public campaign page."""

from __future__ import annotations

import re

import cv2
import numpy as np
import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
SITE = "https://tongsu.example.org"


def _decode_png(data: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(image)
    return text


@override_settings(SITE_URL=SITE)
def test_png_qr_code_opens_the_campaign_on_the_public_site(client, campaign):
    response = client.get(reverse("outreach:qr", args=[campaign.slug, "png"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert _decode_png(response.content) == f"{SITE}/campaigns/{campaign.slug}/"


def test_svg_qr_code_is_an_svg_image(client, campaign):
    response = client.get(reverse("outreach:qr", args=[campaign.slug, "svg"]) + "?download=1")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg") and b"<script" not in response.content
    assert "attachment" in response["Content-Disposition"]


def test_no_code_or_poster_for_a_campaign_the_public_cannot_see(client, campaign, organizer):
    campaign.status = campaign.Status.PENDING
    campaign.save(update_fields=["status"])
    client.force_login(organizer)  # even its organizer: a pending campaign is not spread yet
    assert client.get(reverse("outreach:qr", args=[campaign.slug, "png"])).status_code == 404
    assert client.get(reverse("outreach:poster", args=[campaign.slug])).status_code == 404
    assert client.get(reverse("outreach:qr", args=[campaign.slug, "gif"])).status_code == 404


def test_poster_says_what_happened_how_to_join_and_carries_the_code(client, campaign):
    page = client.get(reverse("outreach:poster", args=[campaign.slug])).content.decode()
    assert campaign.title in page and "充值成功但余额没有增加" in page
    assert "How to join" in page and reverse("outreach:qr", args=[campaign.slug, "svg"]) in page
    assert "<script>" not in page  # printing works through the page's own script file


def test_poster_hides_a_member_count_below_five(client, campaign, organizer, member):
    page = client.get(reverse("outreach:poster", args=[campaign.slug])).content.decode()
    assert "people have joined" not in page and "2 people" not in page


@override_settings(SITE_URL=SITE)
def test_share_buttons_work_without_inline_or_third_party_script(client, campaign):
    response = client.get(campaign.get_absolute_url())
    page = response.content.decode()
    assert 'data-copy="https://tongsu.example.org/campaigns/haoduo-topup/"' in page
    assert "mailto:?subject=" in page and "service.weibo.com/share/share.php?url=https%3A%2F%2Ftongsu" in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert all("weibo" not in attrs for attrs, _body in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"].replace('"', "'")
