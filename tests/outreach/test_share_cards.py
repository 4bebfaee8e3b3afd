"""Share cards and preview tags: what a link to a campaign or platform page shows when it is shared."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from complaints.evidence.pipeline.extract import ocr_image
from tests.factories import bulk_members

pytestmark = pytest.mark.django_db
SITE = "https://tongsu.example.org"


def _read(png: bytes) -> str:
    """The card's text as a person (here, the OCR the evidence pipeline uses) reads it off the image."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1200, 630)
    return " ".join(line.text for line in ocr_image(image)).replace(" ", "")


def _meta(page: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', page))


@override_settings(SITE_URL=SITE)
def test_campaign_page_has_preview_tags_pointing_at_its_card(client, campaign):
    meta = _meta(client.get(campaign.get_absolute_url()).content.decode())
    assert meta["og:title"] == campaign.title and meta["twitter:card"] == "summary_large_image"
    assert meta["og:url"] == f"{SITE}/campaigns/{campaign.slug}/"
    assert meta["og:image"] == f"{SITE}/campaigns/{campaign.slug}/card-en.png" == meta["twitter:image"]
    assert meta["og:description"].startswith("充值成功")


def test_card_shows_title_platform_and_hides_a_small_member_count(client, campaign, organizer, member):
    response = client.get(reverse("outreach:campaign_card", args=[campaign.slug, "zh"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    text = _read(response.content)
    assert "好多商城充值未到账" in text and "好多商城" in text
    assert "不足5" in text
    assert "¥" not in text  # no total claimed for fewer than 5 people


def test_card_shows_members_and_total_from_five_and_is_drawn_again_when_they_change(client, campaign):
    bulk_members(campaign, 6, amount="100.00")
    campaign.refresh_from_db()
    url = reverse("outreach:campaign_card", args=[campaign.slug, "en"])
    first = client.get(url)
    text = _read(first.content)
    assert "6" in text and "¥600.00" in text
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    bulk_members(campaign, 1, amount="50.00", start_number=7)
    campaign.refresh_from_db()
    second = client.get(url)
    assert second["ETag"] != first["ETag"] and "¥650.00" in _read(second.content)


def test_card_is_kept_until_its_figures_change(client, campaign):
    url = reverse("outreach:campaign_card", args=[campaign.slug, "zh"])
    cache.clear()
    first = client.get(url).content
    assert client.get(url).content == first


def test_no_card_for_a_pending_campaign_or_an_unknown_language(client, campaign):
    assert client.get(reverse("outreach:campaign_card", args=[campaign.slug, "fr"])).status_code == 404
    campaign.status = campaign.Status.PENDING
    campaign.save(update_fields=["status"])
    assert client.get(reverse("outreach:campaign_card", args=[campaign.slug, "zh"])).status_code == 404
    assert "og:image" not in client.get(campaign.get_absolute_url()).content.decode()


@override_settings(SITE_URL=SITE)
def test_platform_page_has_preview_tags_and_a_card(client, platform, campaign):
    meta = _meta(client.get(platform.get_absolute_url()).content.decode())
    assert meta["og:image"] == f"{SITE}/platforms/{platform.slug}/card-en.png"
    text = _read(client.get(reverse("outreach:platform_card", args=[platform.slug, "zh"])).content)
    assert "好多商城" in text
