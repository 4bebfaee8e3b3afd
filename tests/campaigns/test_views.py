"""Campaign pages for each role: anonymous, outsider, member, the owner of a case, organizer, moderator."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from complaints.campaigns.models import Campaign, CampaignUpdate, Membership, MemberTask
from complaints.campaigns.services import CaseFacts, case_update
from tests.factories import CampaignFactory, ModeratorFactory, UserFactory, join, organize

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_case(campaign, member):
    membership = Membership.objects.get(campaign=campaign, user=member)
    case_update(
        actor=member,
        membership=membership,
        facts=CaseFacts(amount=Decimal("120.50"), references="ORDER-SECRET-4711", account="我的私人经历"),
    )
    return membership


def url(name, campaign, *args):
    return reverse(f"campaigns:{name}", args=[campaign.slug, *args])


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- The campaign page ---------------------------------------------------------------------------------------


def test_public_page_shows_aggregates_but_no_member_list(client, campaign, organizer, secret_case):
    page = client.get(url("detail", campaign)).content.decode()
    assert "好多商城充值未到账" in page
    assert "Member #1" not in page and "Member #2" not in page
    assert "ORDER-SECRET-4711" not in page and "我的私人经历" not in page
    assert "This happened to me too: join" in page


def test_public_page_hides_figures_about_fewer_than_five_members(client, campaign, organizer, secret_case):
    page = client.get(url("detail", campaign)).content.decode()
    assert "fewer than 5" in page
    assert "420.50" not in page and "420.5" not in page, "the total of 2 people is not public"
    for _ in range(3):
        join(campaign, amount=100)
    page = client.get(url("detail", campaign)).content.decode()
    assert "¥720.50" in page
    assert ">5<" in page.replace(" ", "")


def test_members_see_exact_figures_and_the_pseudonymous_list(
    client, campaign, organizer, member, secret_case
):
    page = as_user(client, member).get(url("detail", campaign)).content.decode()
    assert "¥420.50" in page
    assert "Member #1" in page and "Member #2" in page
    assert "¥120.50" in page, "a member who shares shows the amount, in the page's one notation"
    assert "300.00" not in page, "the organizer did not agree to share an amount"
    assert organizer.email not in page and organizer.display_name not in page


def test_another_member_never_sees_my_references_or_account(client, campaign, organizer, secret_case):
    other = join(campaign).user
    as_user(client, other)
    for name in ("detail", "members", "case"):
        page = client.get(url(name, campaign)).content.decode()
        assert "ORDER-SECRET-4711" not in page and "我的私人经历" not in page, name


@pytest.mark.parametrize(
    "role, status", [("anonymous", 404), ("outsider", 404), ("organizer", 200), ("moderator", 200)]
)
def test_pending_campaign_is_hidden_from_the_public(client, platform, role, status):
    campaign = CampaignFactory(platform=platform, status="pending")
    organizer = join(Campaign.objects.create(slug="tmp", title="tmp", platform=platform, category="other",
                                             status="open"))  # fmt: skip
    Membership.objects.filter(pk=organizer.pk).update(campaign=campaign, role="organizer")
    user = {
        "anonymous": None,
        "outsider": UserFactory(),
        "organizer": organizer.user,
        "moderator": ModeratorFactory(),
    }
    response = as_user(client, user[role]).get(url("detail", campaign))
    assert response.status_code == status


def test_rejected_campaign_shows_the_reason_to_its_organizer(client, platform):
    campaign = CampaignFactory(platform=platform, status="open")
    organizer = join(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(status="rejected", rejection_reason="和已有投诉重复")
    page = as_user(client, organizer.user).get(url("detail", campaign)).content.decode()
    assert "和已有投诉重复" in page
    assert client.get(reverse("campaigns:dashboard")).content.decode().count("和已有投诉重复") == 1


def test_merged_campaign_address_redirects_to_its_new_home(client, platform):
    target = CampaignFactory(platform=platform)
    source = CampaignFactory(platform=platform, status="merged", merged_into=target)
    response = client.get(url("detail", source))
    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()


# --- Member list ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("outsider", 403), ("moderator", 403), ("member", 200), ("organizer", 200)]
)
def test_member_list_is_for_members(client, campaign, organizer, member, role, status):
    user = {
        "outsider": UserFactory(),
        "moderator": ModeratorFactory(),
        "member": member,
        "organizer": organizer,
    }
    response = as_user(client, user[role]).get(url("members", campaign))
    assert response.status_code == status
    if status == 403:
        assert "Member #1" not in response.content.decode()


def test_member_list_requires_login(client, campaign, member):
    response = client.get(url("members", campaign))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_member_who_left_no_longer_sees_the_list(client, campaign, organizer, member):
    membership = Membership.objects.get(campaign=campaign, user=member)
    as_user(client, member).post(url("leave", campaign))
    assert Membership.objects.get(pk=membership.pk).status == "left"
    assert client.get(url("members", campaign)).status_code == 403


def test_member_list_is_paginated(client, campaign, organizer):
    from tests.factories import bulk_members

    bulk_members(campaign, 45)
    as_user(client, organizer)
    first = client.get(url("members", campaign)).content.decode()
    third = client.get(url("members", campaign) + "?page=3").content.decode()
    assert "Member #20<" in first.replace(" <", "<") and "Member #21" not in first
    assert "Member #46" in third and "Page 3 of 3" in third


# --- Joining, the own case, leaving ----------------------------------------------------------------------------


def test_join_needs_login(client, campaign):
    response = client.get(url("join", campaign))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    response = client.post(url("join", campaign), {"amount": "10"})
    assert response.status_code == 302 and not Membership.objects.exists()


def test_double_submitted_join_makes_one_membership(client, campaign):
    user = UserFactory()
    as_user(client, user)
    data = {"amount": "66.60", "currency": "CNY", "incident_date": "2025-06-01", "share_with_group": "on"}
    first = client.post(url("join", campaign), data)
    second = client.post(url("join", campaign), data)
    assert first.status_code == second.status_code == 302
    membership = Membership.objects.get(campaign=campaign, user=user)
    assert membership.case.amount == Decimal("66.60") and membership.share_with_group
    assert Campaign.objects.get(pk=campaign.pk).members_count == 1
    page = client.get(url("detail", campaign)).content.decode()
    assert "Member #1" in page


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_cannot_join_a_hidden_campaign_even_by_address(client, platform, status):
    hidden = CampaignFactory(platform=platform, status=status)
    as_user(client, UserFactory())
    assert client.post(url("join", hidden), {"amount": "10"}).status_code == 404
    # A valid form goes to the lock first; the answer must still not tell that the campaign exists.
    data = {"amount": "10", "currency": "CNY", "incident_date": "2025-06-01"}
    response = client.post(url("join", hidden), data, headers={"Accept-Language": "en"})
    assert response.status_code == 404 and "not open" not in response.content.decode()
    assert not Membership.objects.exists()


def test_joining_a_campaign_that_is_not_there_is_a_404(client):
    as_user(client, UserFactory())
    data = {"amount": "10", "currency": "CNY", "incident_date": "2025-06-01"}
    response = client.post(reverse("campaigns:join", args=["no-such-campaign"]), data)
    assert response.status_code == 404 and not Membership.objects.exists()


def test_joining_a_closed_campaign_says_so_and_changes_nothing(client, platform):
    closed = CampaignFactory(platform=platform, status="closed")
    as_user(client, UserFactory())
    data = {"amount": "10", "currency": "CNY", "incident_date": "2025-06-01"}
    response = client.post(url("join", closed), data, headers={"Accept-Language": "en"}, follow=True)
    assert "This campaign is not open for new members." in response.content.decode()
    assert not Membership.objects.exists()
    assert Campaign.objects.get(pk=closed.pk).members_count == 0


def test_a_member_posting_the_join_form_again_keeps_their_case(client, campaign):
    user = UserFactory()
    as_user(client, user)
    client.post(url("join", campaign), {"amount": "66.60", "currency": "CNY", "incident_date": "2025-06-01"})
    again = client.post(
        url("join", campaign), {"amount": "9999", "currency": "CNY", "incident_date": "2025-01-01"}
    )
    assert again.status_code == 302 and again["Location"] == campaign.get_absolute_url()
    membership = Membership.objects.get(campaign=campaign, user=user)
    assert membership.case.amount == Decimal("66.60")
    assert Campaign.objects.get(pk=campaign.pk).total_claimed == Decimal("66.60")


def test_join_rejects_a_future_date_and_negative_amount(client, campaign):
    as_user(client, UserFactory())
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        url("join", campaign), {"amount": "-5", "currency": "CNY", "incident_date": tomorrow}
    )
    assert response.status_code == 200
    assert not Membership.objects.exists()


def test_owner_edits_own_case_and_figures_follow(client, campaign, organizer, member, secret_case):
    as_user(client, member)
    page = client.get(url("case", campaign)).content.decode()
    assert "ORDER-SECRET-4711" in page and "我的私人经历" in page, "the owner sees their own private facts"
    client.post(
        url("case", campaign), {"amount": "1000", "currency": "CNY", "references": "R-1", "account": ""}
    )
    assert Membership.objects.get(pk=secret_case.pk).case.references == "R-1"
    assert Campaign.objects.get(pk=campaign.pk).total_claimed == Decimal("1300.00")


def test_outsider_has_no_case_page(client, campaign, member):
    as_user(client, UserFactory())
    assert client.get(url("case", campaign)).status_code == 404
    assert client.post(url("case", campaign), {"amount": "5"}).status_code == 404


def test_consent_and_made_whole_are_post_only_and_saved(client, campaign, organizer, member):
    as_user(client, member)
    assert client.get(url("consent", campaign)).status_code == 405
    client.post(url("consent", campaign), {"include_in_filings": "on"})
    membership = Membership.objects.get(campaign=campaign, user=member)
    assert membership.include_in_filings and not membership.share_with_group
    client.post(url("resolved", campaign), {"resolved": "yes"})
    assert Campaign.objects.get(pk=campaign.pk).confirmed_resolved_count == 1


def test_leaving_is_post_only_and_withdraws_consent(client, campaign, organizer, member):
    as_user(client, member)
    assert "Leave this campaign?" in client.get(url("leave", campaign)).content.decode()
    assert Membership.objects.get(campaign=campaign, user=member).is_active
    client.post(url("leave", campaign))
    membership = Membership.objects.get(campaign=campaign, user=member)
    assert (
        membership.status == "left" and not membership.share_with_group and not membership.include_in_filings
    )
    assert Campaign.objects.get(pk=campaign.pk).members_count == 1


def test_dashboard_lists_only_my_campaigns(client, campaign, member, platform):
    other = CampaignFactory(platform=platform, title="别人的投诉")
    join(other)
    page = as_user(client, member).get(reverse("campaigns:dashboard")).content.decode()
    assert campaign.title in page and "别人的投诉" not in page


# --- Organizers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("member", 403), ("outsider", 403), ("moderator", 403), ("organizer", 200)]
)
def test_only_organizers_edit_the_page(client, campaign, organizer, member, role, status):
    user = {
        "member": member,
        "outsider": UserFactory(),
        "moderator": ModeratorFactory(),
        "organizer": organizer,
    }
    as_user(client, user[role])
    assert client.get(url("edit", campaign)).status_code == status
    client.post(url("edit", campaign), {"title": "改过的标题", "summary": "新的说明", "demands": ""})
    changed = Campaign.objects.get(pk=campaign.pk).title == "改过的标题"
    assert changed == (role == "organizer")


def test_organizer_promotes_a_member_by_pseudonym(client, campaign, organizer, member):
    number = Membership.objects.get(campaign=campaign, user=member).pseudonym_number
    as_user(client, organizer)
    assert client.get(url("promote", campaign, number)).status_code == 405
    response = client.post(url("promote", campaign, number))
    assert response.status_code == 302
    assert Membership.objects.get(campaign=campaign, user=member).role == "organizer"


def test_member_cannot_promote_themselves_or_others(client, campaign, organizer, member):
    number = Membership.objects.get(campaign=campaign, user=member).pseudonym_number
    as_user(client, member)
    assert client.post(url("promote", campaign, number)).status_code == 403
    assert Membership.objects.get(campaign=campaign, user=member).role == "member"


def test_promote_cannot_reach_members_of_another_campaign(client, campaign, organizer, platform):
    elsewhere = CampaignFactory(platform=platform)
    stranger = join(elsewhere)
    join(elsewhere)
    as_user(client, organizer)
    assert client.post(url("promote", elsewhere, stranger.pseudonym_number)).status_code == 403
    assert client.post(url("promote", campaign, 99)).status_code == 404
    assert Membership.objects.get(pk=stranger.pk).role == "member"


def test_organizer_posts_an_update_members_cannot(client, campaign, organizer, member):
    as_user(client, member)
    assert client.post(url("update_create", campaign), {"title": "x", "body": "y"}).status_code == 403
    as_user(client, organizer)
    client.post(url("update_create", campaign), {"title": "已提交投诉", "body": "详情见附件"})
    assert CampaignUpdate.objects.filter(campaign=campaign).count() == 1
    assert "已提交投诉" in client.get(url("detail", campaign)).content.decode()


def test_tasks_reach_the_right_members_and_organizers_see_completions(client, campaign, organizer, member):
    no_amount = join(campaign).user
    as_user(client, organizer)
    client.post(url("tasks", campaign), {"title": "上传付款截图", "description": "", "audience": "all"})
    client.post(
        url("tasks", campaign), {"title": "补填金额", "description": "", "audience": "missing_amount"}
    )
    everyone, _missing = MemberTask.objects.order_by("pk")

    as_user(client, member)
    page = client.get(url("detail", campaign)).content.decode()
    assert "上传付款截图" in page and "补填金额" not in page
    assert client.post(url("tasks", campaign), {"title": "x", "audience": "all"}).status_code == 403
    assert client.get(url("task", campaign, everyone.pk)).status_code == 403
    client.post(url("task_done", campaign, everyone.pk))
    client.post(url("task_done", campaign, everyone.pk))

    as_user(client, no_amount)
    assert "补填金额" in client.get(url("detail", campaign)).content.decode()

    as_user(client, organizer)
    page = client.get(url("task", campaign, everyone.pk)).content.decode()
    member_number = Membership.objects.get(campaign=campaign, user=member).pseudonym_number
    assert f"Member #{member_number}" in page and "Done by 1 member" in page
    assert member.email not in page


def test_outsider_cannot_see_or_complete_tasks(client, campaign, organizer):
    as_user(client, organizer)
    client.post(url("tasks", campaign), {"title": "上传付款截图", "audience": "all"})
    task = MemberTask.objects.get()
    as_user(client, UserFactory())
    assert client.get(url("tasks", campaign)).status_code == 404
    assert client.post(url("task_done", campaign, task.pk)).status_code == 404
    assert MemberTask.objects.get().completions_count == 0


def test_task_of_another_campaign_is_not_reachable_through_mine(client, campaign, organizer, platform):
    other = CampaignFactory(platform=platform)
    other_organizer = join(other)
    task = MemberTask.objects.create(campaign=other, title="别的任务", created_by=other_organizer.user)
    as_user(client, organizer)
    assert client.get(url("task", campaign, task.pk)).status_code == 404
    assert client.post(url("task_done", campaign, task.pk)).status_code == 404


# --- Browse ------------------------------------------------------------------------------------------------------


def test_list_shows_open_campaigns_with_filters_and_search(client, campaign, platform):
    other = CampaignFactory(title="Frozen wallet balance", category="account_frozen")
    CampaignFactory(platform=platform, title="待审核的投诉", status="pending")
    page = client.get(reverse("campaigns:list")).content.decode()
    assert campaign.title in page and other.title in page and "待审核的投诉" not in page
    page = client.get(reverse("campaigns:list"), {"platform": platform.slug}).content.decode()
    assert campaign.title in page and other.title not in page
    page = client.get(reverse("campaigns:list"), {"category": "account_frozen"}).content.decode()
    assert other.title in page and campaign.title not in page
    page = client.get(reverse("campaigns:list"), {"q": "HD Mall"}).content.decode()
    assert campaign.title in page and other.title not in page
    page = client.get(reverse("campaigns:list"), {"q": "充值"}).content.decode()
    assert campaign.title in page


def test_list_filter_by_size_and_sort(client, platform):
    small = CampaignFactory(platform=platform, title="小投诉")
    big = CampaignFactory(platform=platform, title="大投诉")
    Campaign.objects.filter(pk=big.pk).update(members_count=150)
    Campaign.objects.filter(pk=small.pk).update(members_count=2)
    page = client.get(reverse("campaigns:list"), {"size": "large"}).content.decode()
    assert "大投诉" in page and "小投诉" not in page
    page = client.get(reverse("campaigns:list"), {"sort": "members"}).content.decode()
    assert page.index("大投诉") < page.index("小投诉")
    page = client.get(reverse("campaigns:list"), {"sort": "newest"}).content.decode()
    assert page.index("大投诉") < page.index("小投诉")


def test_list_htmx_request_gets_only_the_results(client, campaign):
    response = client.get(reverse("campaigns:list"), {"q": "充值"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert campaign.title in body and "<html" not in body and 'id="results"' in body


def test_platform_page_shows_campaigns_and_suppressed_figures(client, campaign, organizer, member):
    page = client.get(reverse("campaigns:platform", args=[campaign.platform.slug])).content.decode()
    assert campaign.title in page and "fewer than 5" in page
    assert "HD Mall" in page


def test_pages_speak_chinese_by_default(campaign, organizer, member):
    from django.test import Client

    client = Client(headers={"Accept-Language": "zh-CN"})
    page = client.get(url("detail", campaign)).content.decode()
    assert "我也遇到了：加入" in page and "不足5人" in page
    client.force_login(member)
    page = client.get(url("detail", campaign)).content.decode()
    assert "成员 #1" in page and ">进行中<" in page


@pytest.mark.parametrize(
    ("amounts", "chart_shown"),
    [((700,), False), ((700, 700, 700, 20_000), False), ((700,) * 4 + (20_000,), True), ((700,) * 7, True)],
    ids=["1 member", "4 members", "5 members", "7 members"],
)
def test_public_charts_never_place_a_member_of_a_small_campaign(client, campaign, amounts, chart_shown):
    """The amount chart of a 1-member campaign showed 0 in every band and '<5' in the organizer's band."""
    organize(campaign, amount=amounts[0])
    for amount in amounts[1:]:
        join(campaign, amount=amount)
    page = client.get(url("detail", campaign)).content.decode()
    charts = page[page.index('class="charts"') :]
    assert ("<svg" in charts) is chart_shown
    assert ("Charts are shown once they cover at least 5 members" in charts) is not chart_shown
    values = re.findall(r'class="bar-value"[^>]*>([^<]*)<', charts)
    if "&lt;5" in values:
        assert "0" not in values, f"a zero band beside a hidden one tells where its people are: {values}"
    if len(amounts) == 7:
        assert "7" in values, "a band of 7 people is public"


def test_an_update_line_ends_with_its_last_part_for_a_visitor(client, campaign, organizer):
    """A visitor gets no "Report this" link, and no separator left dangling where it would have been."""
    CampaignUpdate.objects.create(
        campaign=campaign, author=organizer, kind=CampaignUpdate.Kind.POST, title="进展", body="材料已寄出。"
    )
    page = client.get(url("detail", campaign), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    footers = re.findall(r'<footer class="muted">(.*?)</footer>', page, re.S)
    assert footers and all(not f.rstrip().endswith("·") for f in footers), footers
    as_user(client, UserFactory())
    page = client.get(url("detail", campaign), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "report-link" in page, "a signed-in person still gets the link"
