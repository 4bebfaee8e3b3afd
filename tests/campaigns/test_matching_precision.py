"""Precision of the first campaign a person is shown at intake, on the labelled stories of matching_stories.py.

Each story goes through what the intake does: the typed platform name is looked up (one platform found:
chosen; none or several: kept as the name the person gives), then the matches are ranked. The figure is
printed (pytest -s) and written in the README under "Matching".
"""

from __future__ import annotations

import pytest

from complaints.campaigns.matching import intake_matches, text_language
from complaints.campaigns.models import Campaign, Platform
from complaints.campaigns.search import platform_lookup
from tests.campaigns.matching_stories import CAMPAIGNS, HELD_OUT, PLATFORMS, TUNING
from tests.factories import CampaignFactory, PlatformFactory

pytestmark = pytest.mark.django_db
FLOOR = 0.9


@pytest.fixture
def directory(db):
    platforms = {
        slug: PlatformFactory(slug=slug, name=name, name_en=name_en, aliases=aliases, sector=sector)
        for slug, (name, name_en, aliases, sector) in PLATFORMS.items()
    }
    for slug, (platform, category, title, summary, members) in CAMPAIGNS.items():
        CampaignFactory(
            slug=slug,
            platform=platforms[platform],
            category=category,
            title=title,
            summary=summary,
            members_count=members,
            status=Campaign.Status.OPEN,
        )
    return platforms


def first_suggestion(typed: str, category: str, story: str) -> str | None:
    found = platform_lookup(typed)
    platform = found[0] if len(found) == 1 else None
    matches = intake_matches(
        platform=platform, category=category, text=story, new_name="" if platform else typed
    )
    return matches.first.slug if matches.first else None


def precision(stories) -> tuple[float, list[str]]:
    misses = []
    for typed, category, story, expected in stories:
        got = first_suggestion(typed, category, story)
        if got != expected:
            misses.append(f"{typed} / {category} / {story}: got {got}, expected {expected}")
    return 1 - len(misses) / len(stories), misses


def test_the_labelled_set_is_large_and_in_both_languages():
    stories = TUNING + HELD_OUT
    assert len(stories) >= 60
    languages = [text_language(story) for _t, _c, story, _e in stories]
    assert languages.count("en") >= 15 and languages.count("zh") >= 30
    assert {expected for *_rest, expected in stories} == set(CAMPAIGNS)


@pytest.mark.parametrize(("name", "stories"), [("tuning", TUNING), ("held-out", HELD_OUT)])
def test_first_suggestion_precision(directory, name, stories):
    value, misses = precision(stories)
    print(f"\nmatching precision of the first suggestion, {name} fold: {value:.3f} ({len(stories)} stories)")
    for miss in misses:
        print("  miss:", miss)
    assert value >= FLOOR, misses


def test_another_platforms_bigger_campaign_never_comes_before_the_same_platform(directory):
    # The wallet's "not credited" story: the game's 2,000-member campaign of the same harm comes after.
    matches = intake_matches(platform=directory["kuaifu"], category="not_credited", text="转账扣款但是没到账")
    assert matches.first.slug == "kuaifu-credit-zh"
    assert "xinghuo-credit-zh" in [c.slug for c in matches.others]
    assert all(c.platform_id == directory["kuaifu"].pk for c in matches.same)


def test_a_chinese_story_gets_the_chinese_campaign_before_a_bigger_english_one(directory):
    matches = intake_matches(platform=directory["kuaifu"], category="account_frozen", text="账户被冻结了")
    assert [c.slug for c in matches.same][:2] == ["kuaifu-frozen-zh", "kuaifu-frozen-en"]


def test_a_pending_name_counts_as_the_same_platform(directory):
    pending = Platform.objects.create(slug="kf-app", name="快付App钱包", status=Platform.Status.PENDING)
    CampaignFactory(
        platform=pending, status=Campaign.Status.OPEN, title="快付App钱包扣款", category="not_credited"
    )
    matches = intake_matches(
        platform=None, category="not_credited", text="扣款没到账", new_name="快付App钱包"
    )
    assert {c.platform_id for c in matches.same} >= {pending.pk}
