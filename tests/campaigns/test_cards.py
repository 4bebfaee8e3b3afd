"""The lists' cards (campaigns/cards.py) show what the campaign's own methods would: worked out once per page,
the links, labels and shortened summaries must be the same ones."""

from __future__ import annotations

import unicodedata

import pytest
from django.template.defaultfilters import truncatechars
from django.utils import translation

from complaints.campaigns.cards import campaign_cards, card_rows
from complaints.campaigns.models import Campaign
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_card_links_and_reads_as_the_campaign_does(platform, language, django_assert_num_queries):
    long_summary = "充值成功但余额没有增加。" * 30
    decomposed = unicodedata.normalize(
        "NFD", "Le solde a été effacé."
    )  # an e and its accent as two characters
    for i, (category, summary) in enumerate(
        [("not_credited", long_summary), ("other", decomposed), ("hidden_fees", "短"), ("unauthorized", "")]
    ):
        CampaignFactory(platform=platform, slug=f"card-{i}", category=category, summary=summary)
    with translation.override(language), django_assert_num_queries(1):
        campaigns = list(card_rows(Campaign.objects.filter(slug__startswith="card-").order_by("slug")))
        cards = campaign_cards(campaigns, language)
        for card, campaign in zip(cards, campaigns, strict=True):
            text = campaign.text_for(language)
            assert card["url"] == campaign.get_absolute_url()
            assert card["platform_url"] == platform.get_absolute_url()
            assert card["platform_name"] == platform.display_name(language)
            assert card["category"] == campaign.get_category_display()
            assert card["status_label"] == campaign.get_status_display()
            assert (card["title"], card["lang"], card["original_in"]) == (
                text.title,
                text.html_lang,
                text.original_in,
            )
            assert card["summary"] == truncatechars(text.summary, 180)
    assert len(cards[0]["summary"]) == 180 and cards[0]["summary"] != long_summary  # shortened, with its mark


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "zh-hans",
            ["不足5名成员", "<strong>1,234</strong> 名成员", "索赔 <strong>¥12,346</strong>", "刚刚有动态"],
        ),
        (
            "en",
            [
                "fewer than 5 members",
                "<strong>1,234</strong> members",
                "<strong>¥12,346</strong> claimed",
                "active just now",
            ],
        ),
    ],
)
def test_a_cards_figures_read_in_the_readers_language(client, platform, language, expected):
    """Each card's sentences are translated once per list and filled per card: the words, their order and the
    figures must still be each card's own."""
    from decimal import Decimal

    from django.utils import timezone

    small = CampaignFactory(platform=platform, slug="card-small", title="Three of us")
    big = CampaignFactory(platform=platform, slug="card-big", title="Many of us")
    Campaign.objects.filter(pk=small.pk).update(members_count=3, total_claimed=Decimal("900"))
    Campaign.objects.filter(pk=big.pk).update(
        members_count=1234, total_claimed=Decimal("12345.50"), last_activity_at=timezone.now()
    )
    page = client.get(platform.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    small_card, big_card = (
        page.split(f'href="/campaigns/{slug}/"')[1].split("</article>")[0]
        for slug in ("card-small", "card-big")
    )
    assert expected[0] in small_card and "¥900" not in small_card  # a group under 5 is not counted in public
    for sentence in expected[1:]:
        assert sentence in big_card


@pytest.mark.parametrize(("language", "label"), [("zh-hans", "已结束"), ("en", "Closed")])
def test_a_closed_campaigns_card_wears_its_status(client, platform, language, label):
    """The list of closed campaigns marks each card with the badge the campaign's own page shows."""
    closed = CampaignFactory(platform=platform, slug="card-closed", title="Closed one")
    Campaign.objects.filter(pk=closed.pk).update(status=Campaign.Status.CLOSED)
    with translation.override(language):
        assert Campaign.Status.CLOSED.label == label
    page = client.get("/campaigns/?status=closed", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    card = page.split('href="/campaigns/card-closed/"')[1].split("</article>")[0]
    assert f'<span class="badge status-closed">{label}</span>' in card
    detail = client.get("/campaigns/card-closed/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<span class="badge status-closed">{label}</span>' in detail
