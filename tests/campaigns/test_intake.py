""" "What happened?": the guided form works as plain form posts and as htmx partial steps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from complaints.campaigns.models import Campaign, Membership
from tests.factories import CampaignFactory, PlatformFactory, UserFactory

pytestmark = pytest.mark.django_db
INTAKE = reverse("campaigns:intake")
HTMX = {"HX-Request": "true"}


def step(name: str) -> str:
    return f"{INTAKE}?step={name}"


def test_without_javascript_each_step_posts_and_redirects_to_the_next(client, campaign, platform):
    page = client.get(INTAKE).content.decode()
    assert "Which platform took your money?" in page and "intake.js" in page
    response = client.post(step("platform"), {"platform_query": "HD Mall"})
    assert response.status_code == 302 and response["Location"] == step("details")
    page = client.get(step("details")).content.decode()
    assert "What did 好多商城 do?" in page
    response = client.post(
        step("details"),
        {"category": "not_credited", "amount": "88.80", "currency": "CNY", "incident_date": ""},
    )
    assert response["Location"] == step("story")
    response = client.post(step("story"), {"description": "充值成功了但是钱没到账"})
    assert response["Location"] == step("matches")
    page = client.get(step("matches")).content.decode()
    assert campaign.title in page and "Same platform, same problem" in page
    assert "Start a new campaign" in page


def test_with_htmx_each_step_returns_only_the_next_partial(client, campaign, platform):
    response = client.post(step("platform"), {"platform": platform.slug}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="intake-step"' in body and 'name="category"' in body
    assert response["HX-Push-Url"] == step("details")
    response = client.post(step("details"), {"category": "not_credited", "currency": "CNY"}, headers=HTMX)
    assert 'name="description"' in response.content.decode()
    response = client.post(step("story"), {"description": "余额没到账"}, headers=HTMX)
    assert campaign.title in response.content.decode()
    assert response["HX-Push-Url"] == step("matches")


def test_invalid_step_is_shown_again_with_the_error(client, platform):
    client.post(step("platform"), {"platform": platform.slug})
    response = client.post(step("details"), {"amount": "-3"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and 'name="category"' in body and 'aria-invalid="true"' in body


def test_skipping_ahead_lands_on_the_first_unanswered_step(client):
    page = client.get(step("matches")).content.decode()
    assert "Which platform took your money?" in page


def test_autocomplete_matches_names_and_aliases(client, platform):
    PlatformFactory(slug="other", name="别的平台", name_en="Other", aliases=[])
    for query in ("好多", "HD", "haoduo mall", "好多购物"):
        body = client.get(
            reverse("campaigns:platform_autocomplete"), {"platform_query": query}
        ).content.decode()
        assert f'value="{platform.slug}"' in body and "别的平台" not in body, query
        assert "<html" not in body
    body = client.get(reverse("campaigns:platform_autocomplete"), {"platform_query": "zzz"}).content.decode()
    assert "No platform with this name yet" in body


def test_ambiguous_platform_name_offers_a_choice(client, platform):
    PlatformFactory(slug="haoduo-pay", name="好多支付", name_en="Haoduo Pay", aliases=[])
    page = client.post(step("platform"), {"platform_query": "haoduo"}).content.decode()
    assert "Several platforms match" in page
    assert 'value="haoduo"' in page and 'value="haoduo-pay"' in page


def test_similar_text_suggests_campaigns_of_other_categories(client, platform):
    similar = CampaignFactory(
        platform=platform, category="support_unresolved", title="好多商城客服推诿，钱没到账"
    )
    client.post(step("platform"), {"platform": platform.slug})
    client.post(step("details"), {"category": "hidden_fees", "currency": "CNY"})
    client.post(step("story"), {"description": "客服一直推诿，钱也没到账"})
    page = client.get(step("matches")).content.decode()
    assert similar.title in page


def test_starting_a_campaign_needs_an_account_and_goes_to_moderation(client, platform):
    client.post(step("platform"), {"platform": platform.slug})
    client.post(step("details"), {"category": "balance_lost", "amount": "2835.43", "currency": "CNY"})
    client.post(step("story"), {"description": "注销账号后余额被清零"})
    start = reverse("campaigns:start")
    assert reverse("account_signup") in client.get(start)["Location"]
    user = UserFactory()
    client.force_login(user)
    page = client.get(start).content.decode()
    assert "注销账号后余额被清零" in page
    response = client.post(
        start, {"title": "好多商城注销后余额清零", "summary": "注销账号后余额被清零", "demands": ""}
    )
    campaign = Campaign.objects.get(title="好多商城注销后余额清零")
    assert response["Location"] == campaign.get_absolute_url()
    assert campaign.status == "pending" and campaign.category == "balance_lost"
    membership = Membership.objects.get(campaign=campaign)
    assert membership.user == user and membership.role == "organizer"
    assert membership.case.amount == Decimal("2835.43")
    assert "waits for a moderator" in client.get(response["Location"]).content.decode()


def test_joining_from_intake_prefills_the_case(client, campaign, platform):
    client.post(step("platform"), {"platform": platform.slug})
    client.post(step("details"), {"category": "not_credited", "amount": "88.80", "currency": "CNY"})
    client.post(step("story"), {"description": "我的经历"})
    client.force_login(UserFactory())
    page = client.get(reverse("campaigns:join", args=[campaign.slug])).content.decode()
    assert 'value="88.80"' in page and "我的经历" in page
