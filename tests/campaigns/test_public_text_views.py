"""The intake story stays private, and personal data typed into a public text is found, shown and stopped."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints.campaigns.models import Campaign, CampaignUpdate, MemberTask, Platform
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db
INTAKE = reverse("campaigns:intake")
START = reverse("campaigns:start")
PHONE = "13812345678"


def _through_intake(client, platform, story="张伟和我都被扣了钱，我的电话13812345678"):
    client.post(f"{INTAKE}?step=platform", {"platform": platform.slug})
    client.post(f"{INTAKE}?step=details", {"category": "not_credited", "amount": "648", "currency": "CNY"})
    client.post(f"{INTAKE}?step=story", {"description": story})


def test_the_private_story_is_never_put_into_the_public_summary(client, platform):
    _through_intake(client, platform)
    client.force_login(UserFactory())
    page = client.get(START).content.decode()
    assert "Everything you write on this page will be public." in page
    summary_box = page.split('name="summary"', 1)[1].split("</textarea>", 1)[0]
    assert PHONE not in summary_box and "张伟" not in summary_box
    assert "private, not copied" in page


def test_a_phone_number_in_the_summary_is_highlighted_and_nothing_is_saved(client, platform):
    _through_intake(client, platform)
    client.force_login(UserFactory())
    data = {
        "title": "好多商城充值不到账",
        "summary": f"充值后没到账，有问题打{PHONE}",
        "demands": "退款",
        "keep_personal_data": "on",
    }
    response = client.post(START, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<mark class="finding blocked" title="phone number">{PHONE}</mark>' in page
    assert "cannot appear in public texts, including your own." in page
    assert "other people" not in page
    assert not Campaign.objects.filter(title="好多商城充值不到账").exists()


def test_my_own_phone_is_refused_with_a_true_message_and_the_name_choice_in_the_same_round(client, platform):
    _through_intake(client, platform, story="充值没到账")
    client.force_login(UserFactory())
    data = {"title": "好多商城充值不到账", "summary": f"我叫王小明，我的电话{PHONE}，充值没到账。"}
    page = client.post(START, data).content.decode()
    assert f'<mark class="finding blocked" title="phone number">{PHONE}</mark>' in page
    assert "including your own" in page and "other people" not in page
    # The keep-choice for the name is offered now, not only after the phone number is removed.
    assert 'type="checkbox" name="keep_personal_data"' in page
    assert not Campaign.objects.filter(title="好多商城充值不到账").exists()


def test_the_phone_message_is_true_in_chinese(platform):
    client = Client(headers={"Accept-Language": "zh-hans"})
    _through_intake(client, platform, story="充值没到账")
    client.force_login(UserFactory())
    data = {"title": "好多商城充值不到账", "summary": f"我的电话{PHONE}"}
    page = client.post(START, data).content.decode()
    assert "包括你自己的" in page
    assert "他人的联系方式和身份信息不能公开" not in page


def test_a_name_can_be_kept_only_by_ticking_keep(client, platform):
    _through_intake(client, platform, story="充值没到账")
    client.force_login(UserFactory())
    data = {"title": "好多商城充值不到账", "summary": "我叫王小明，充值648元没有到账。", "demands": ""}
    page = client.post(START, data).content.decode()
    assert '<mark class="finding" title="name of a person">王小明</mark>' in page
    assert 'type="checkbox" name="keep_personal_data"' in page
    assert not Campaign.objects.filter(title="好多商城充值不到账").exists()
    response = client.post(START, {**data, "keep_personal_data": "on"})
    campaign = Campaign.objects.get(title="好多商城充值不到账")
    assert response["Location"] == campaign.get_absolute_url()
    assert campaign.summary == "我叫王小明，充值648元没有到账。"

    moderator = ModeratorFactory()
    client.force_login(moderator)
    review = client.get(reverse("moderation:campaign", args=[campaign.slug])).content.decode()
    assert '<mark class="finding" title="name of a person">王小明</mark>' in review
    assert "Personal data check: 1 finding is highlighted." in review


@pytest.mark.parametrize(
    ("route", "data"),
    [
        (
            "campaigns:edit",
            {"title": "好多商城充值未到账", "summary": "联系人邮箱 li.lei@example.com", "demands": ""},
        ),
        ("campaigns:update_create", {"title": "进展", "body": "客服经理电话 13812345678"}),
        (
            "campaigns:tasks",
            {"title": "上传凭证", "description": "寄到北京市朝阳区建国路88号3单元501", "audience": "all"},
        ),
    ],
)
def test_organizer_texts_with_someone_elses_details_are_refused(client, campaign, organizer, route, data):
    client.force_login(organizer)
    before = (campaign.summary, CampaignUpdate.objects.count(), MemberTask.objects.count())
    response = client.post(reverse(route, args=[campaign.slug]), {**data, "keep_personal_data": "on"})
    assert response.status_code == 200
    assert '<mark class="finding blocked"' in response.content.decode()
    campaign.refresh_from_db()
    assert (campaign.summary, CampaignUpdate.objects.count(), MemberTask.objects.count()) == before


def test_the_platforms_own_name_is_not_taken_for_a_person(client):
    platform = Platform.objects.create(slug="yue-dian", name="Yue Dian")
    _through_intake(client, platform, story="Paid and never credited")
    client.force_login(UserFactory())
    response = client.post(
        START, {"title": "Yue Dian: memberships not credited", "summary": "Charged twice."}
    )
    assert Campaign.objects.filter(title="Yue Dian: memberships not credited").exists(), (
        response.content.decode()
    )
