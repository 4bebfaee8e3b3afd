"""Campaign pages and platform names in both languages: each viewer reads their language first, an
untranslated original carries a visible mark, lists put what the viewer can read first, and a translation
is checked for personal data exactly like the original (issue #20 item 7)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints.campaigns import services
from complaints.campaigns.matching import intake_matches
from complaints.campaigns.models import Campaign
from complaints.campaigns.search import index_campaigns
from tests.factories import CampaignFactory, ModeratorFactory, join

pytestmark = pytest.mark.django_db
LIST = reverse("campaigns:list")
PHONE = "13812345678"


def viewer(language: str) -> Client:
    return Client(headers={"Accept-Language": language})


def translate(campaign: Campaign, **translation) -> Campaign:
    """The organizer's translation, stored as the edit service stores it (figures untouched)."""
    fields = {f"{name}_translation": translation.get(name, "") for name in ("title", "summary", "demands")}
    Campaign.objects.filter(pk=campaign.pk).update(**fields)
    index_campaigns([campaign.pk])
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def english(platform):
    campaign = CampaignFactory(
        platform=platform,
        slug="wiped",
        language="en",
        title="Stored balance wiped",
        summary="The balance vanished when the account was closed.",
    )
    join(campaign)
    return campaign


def order_of(page: str, *titles: str) -> list[str]:
    return sorted(titles, key=page.index)


def test_each_viewer_reads_their_own_language_first(campaign, organizer):
    translate(campaign, title="Top-up never credited", summary="Charged, but the balance never grew.")
    url = campaign.get_absolute_url()
    english_page = viewer("en").get(url).content.decode()
    chinese_page = viewer("zh-hans").get(url).content.decode()
    assert '<h1 lang="en">Top-up never credited</h1>' in english_page
    assert "Charged, but the balance never grew." in english_page
    assert "充值成功但余额没有增加" not in english_page
    assert '<h1 lang="zh-Hans">好多商城充值未到账</h1>' in chinese_page
    assert "Top-up never credited" not in chinese_page
    # Translated pages carry no "original" mark in either language.
    assert "Original in" not in english_page and "原文为" not in chinese_page
    # The platform's name comes in the viewer's form first, its other form after it.
    assert "Haoduo Mall</a> (好多商城)" in english_page
    assert "好多商城</a> (Haoduo Mall)" in chinese_page


def test_an_untranslated_original_is_marked_in_the_other_language(campaign, organizer, english):
    assert "原文为英文" in viewer("zh-hans").get(english.get_absolute_url()).content.decode()
    assert "Original in Chinese" in viewer("en").get(campaign.get_absolute_url()).content.decode()
    # Read in its own language, an original needs no mark.
    assert "原文为" not in viewer("zh-hans").get(campaign.get_absolute_url()).content.decode()
    assert "Original in" not in viewer("en").get(english.get_absolute_url()).content.decode()


def test_the_campaign_list_and_platform_page_put_the_viewers_language_first(campaign, organizer, english):
    join(campaign)  # the Chinese campaign is the bigger one: size alone would put it first
    campaign.refresh_from_db()
    english.refresh_from_db()
    assert campaign.members_count > english.members_count
    for url in (LIST, campaign.platform.get_absolute_url()):
        assert order_of(
            viewer("en").get(url).content.decode(), "Stored balance wiped", "好多商城充值未到账"
        ) == [
            "Stored balance wiped",
            "好多商城充值未到账",
        ]
        assert order_of(
            viewer("zh-hans").get(url).content.decode(), "Stored balance wiped", "好多商城充值未到账"
        ) == [
            "好多商城充值未到账",
            "Stored balance wiped",
        ]


def test_a_translated_campaign_joins_the_viewers_language_and_search_finds_it(campaign, english):
    for _ in range(3):
        join(campaign)
    translate(campaign, title="Top-up never credited", summary="Charged, but never credited.")
    page = viewer("en").get(LIST).content.decode()
    # Both are readable in English now: size decides again.
    assert order_of(page, "Top-up never credited", "Stored balance wiped") == [
        "Top-up never credited",
        "Stored balance wiped",
    ]
    found = viewer("en").get(LIST, {"q": "never credited"}).content.decode()
    assert "Top-up never credited" in found and "Stored balance wiped" not in found


def test_the_organizer_adds_a_translation_that_english_readers_then_see(client, campaign, organizer):
    client.force_login(organizer)
    edit = reverse("campaigns:edit", args=[campaign.slug])
    form = client.get(edit).content.decode()
    assert "Title in English" in form
    response = client.post(
        edit,
        {
            "title": campaign.title,
            "summary": campaign.summary,
            "demands": "",
            "title_translation": "Top-up never credited",
            "summary_translation": "Charged, but the balance never grew.",
            "demands_translation": "",
        },
    )
    assert response.status_code == 302
    assert (
        '<h1 lang="en">Top-up never credited</h1>'
        in viewer("en").get(campaign.get_absolute_url()).content.decode()
    )


def test_a_translation_with_another_persons_phone_number_is_refused(client, campaign, organizer):
    client.force_login(organizer)
    edit = reverse("campaigns:edit", args=[campaign.slug])
    response = client.post(
        edit,
        {
            "title": campaign.title,
            "summary": campaign.summary,
            "demands": "",
            "title_translation": "Top-up never credited",
            "summary_translation": f"Call our contact on {PHONE} for details.",
            "demands_translation": "",
            "keep_personal_data": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<mark class="finding blocked" title="phone number">{PHONE}</mark>' in page
    assert "cannot appear in public texts, including your own" in page
    campaign.refresh_from_db()
    assert campaign.title_translation == "" and campaign.summary_translation == ""
    assert "Original in Chinese" in viewer("en").get(campaign.get_absolute_url()).content.decode()


def test_a_translation_needs_a_title(client, campaign, organizer):
    client.force_login(organizer)
    edit = reverse("campaigns:edit", args=[campaign.slug])
    data = {"title": campaign.title, "summary": campaign.summary, "demands": ""}
    response = client.post(edit, {**data, "summary_translation": "Charged, never credited."})
    assert response.status_code == 200
    assert "A translation needs a title" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.summary_translation == ""


def test_a_page_started_in_english_is_known_to_be_english(organizer, platform):
    started = services.campaign_start(
        actor=organizer,
        platform=platform,
        category="not_credited",
        title="Top-up never credited",
        summary="Charged, but the balance never grew.",
        demands="",
    )
    assert started.language == "en"


def test_the_cached_anonymous_page_differs_by_language(page_cache_on, campaign, organizer):
    translate(campaign, title="Top-up never credited", summary="Charged, but the balance never grew.")
    url = campaign.get_absolute_url()
    assert "Top-up never credited" in viewer("en").get(url).content.decode()
    chinese = viewer("zh-hans").get(url).content.decode()
    assert "Top-up never credited" not in chinese and "好多商城充值未到账</h1>" in chinese


def test_intake_matches_put_campaigns_the_viewer_can_read_first(campaign, organizer, english):
    join(campaign)  # the Chinese campaign is bigger
    english.category = campaign.category
    english.save(update_fields=["category"])
    matches = intake_matches(platform=campaign.platform, category=campaign.category, text="", language="en")
    assert [c.slug for c in matches.same] == [english.slug, campaign.slug]
    translate(campaign, title="Top-up never credited", summary="Charged, never credited.")
    matches = intake_matches(platform=campaign.platform, category=campaign.category, text="", language="en")
    assert [c.slug for c in matches.same] == [campaign.slug, english.slug]


def test_a_members_dashboard_shows_their_campaign_in_their_language(client, campaign, organizer):
    translate(campaign, title="Top-up never credited", summary="Charged, never credited.")
    client.force_login(organizer)
    page = client.get(reverse("campaigns:dashboard")).content.decode()
    assert "Top-up never credited</a>" in page and "Haoduo Mall ·" in page


def test_the_moderator_reviews_the_translation_with_its_findings_highlighted(client, platform):
    pending = CampaignFactory(platform=platform, slug="renewal", status="pending", language="en")
    translate(pending, title="自动续费无法退款", summary="我叫王小明，会员被自动续费。")
    client.force_login(ModeratorFactory())
    review = client.get(reverse("moderation:campaign", args=[pending.slug])).content.decode()
    assert "Translated summary" in review and "自动续费无法退款" in review
    assert '<mark class="finding" title="name of a person">王小明</mark>' in review


@pytest.mark.parametrize(
    "route",
    ["campaigns:case", "campaigns:members", "campaigns:updates", "campaigns:leave", "campaigns:tasks"],
)
def test_a_members_other_pages_name_the_campaign_in_their_language(english, route):
    """A member's other pages of the campaign (tab title, back link) read as the campaign page does: the
    organizers' translation for a Chinese reader, not the English original (fresh-eyes walks found it on some
    25 pages)."""
    translate(english, title="注销账号后余额被清零")
    member = english.memberships.first().user
    browser = viewer("zh-hans")
    browser.force_login(member)
    response = browser.get(reverse(route, args=[english.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "注销账号后余额被清零" in page and "Stored balance wiped" not in page
