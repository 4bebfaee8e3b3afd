"""Issue #22's walk: organizers hear of a platform's request, a platform's reply and offer say what they are,
the reply figures say when nobody answered yet, a representative's mail comes in their own language, a wrong
work address is told the accepted domains, and the sign-in page says why a would-be representative is there."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from complaints.core.models import OutboundEmail
from complaints.notifications.kinds import render
from complaints.notifications.models import Notification
from complaints.replies.selectors import public_reply_figures
from complaints.replies.services import (
    RepliesError,
    info_request_create,
    reply_mark,
    reply_post,
    representative_approve,
    representative_confirm,
    representative_request,
)
from tests.factories import ModeratorFactory, UserFactory
from tests.replies.conftest import approved_representative, code_from

pytestmark = pytest.mark.django_db


def _organizer(campaign):
    return campaign.memberships.get(role="organizer").user


def test_the_organizers_are_told_at_once_when_the_platform_asks_members_for_information(
    campaign, members, mailoutbox, django_capture_on_commit_callbacks
):
    rep = approved_representative(campaign.platform)
    organizer = _organizer(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        info_request_create(actor=rep.user, campaign=campaign, text="请成员提供充值时间和订单号。")
    (notice,) = Notification.objects.filter(kind="info_requested")
    assert notice.recipient == organizer, "the organizers, not the members or the representative"
    assert notice.target_url == reverse("replies:requests", args=[campaign.slug])
    (mail,) = [m for m in mailoutbox if m.to == [organizer.email]]
    assert mail.subject == "好多商城请“好多商城充值未到账”的成员提供信息"
    assert reverse("replies:requests", args=[campaign.slug]) in mail.body
    with translation.override("en"):
        assert render("info_requested", notice.params).title == (
            "Haoduo Mall asks the members of “好多商城充值未到账” for information"
        )


@pytest.mark.parametrize(
    ("kind", "notice", "title"),
    [
        ("reply", "platform_replied", "好多商城在“好多商城充值未到账”中公开回复"),
        ("offer", "platform_offer", "好多商城在“好多商城充值未到账”中提出了和解方案"),
    ],
)
def test_a_platforms_reply_and_offer_are_not_worded_as_a_regulators_answer(
    campaign, members, kind, notice, title, django_capture_on_commit_callbacks
):
    rep = approved_representative(campaign.platform)
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(actor=rep.user, campaign=campaign, kind=kind, text="我们愿意全额退还充值金额。")
    assert not Notification.objects.filter(kind="response_received").exists()
    received = Notification.objects.filter(kind=notice, recipient=members[0].user).get()
    with translation.override("zh-hans"):
        rendered = render(notice, received.params)
    assert rendered.title == title and "已答复" not in rendered.title


@pytest.mark.parametrize("page", ["thread", "campaign"])
def test_before_any_member_answered_the_figures_say_so_not_zero_percent(campaign, members, client, page):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="reply", text="我们正在核查。")
    campaign.refresh_from_db()
    figures = public_reply_figures(campaign)
    assert figures.no_answers and figures.solved_share is None
    client.force_login(members[0].user)
    url = reverse("replies:thread", args=[campaign.slug]) if page == "thread" else campaign.get_absolute_url()
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    (box,) = re.findall(r'<section class="figures" aria-label="回复数据">(.*?)</section>', text, re.S)
    assert "还没有成员回答" in box and "%" not in box, "not “0% of members confirmed a solution”"

    for member in members[:5]:
        reply_mark(actor=member.user, reply=reply, answer="not_solved")
    campaign.refresh_from_db()
    figures = public_reply_figures(campaign)
    assert not figures.no_answers and figures.solved_share == 0, "five answers, none solved: 0% is true now"


def test_one_to_four_answers_still_hide_the_share(campaign, members):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="reply", text="已处理。")
    reply_mark(actor=members[0].user, reply=reply, answer="not_solved")
    campaign.refresh_from_db()
    figures = public_reply_figures(campaign)
    assert not figures.no_answers and figures.solved_share is None and figures.suppressed


def test_the_approval_email_is_in_the_representatives_language_not_the_moderators(platform):
    person = UserFactory()  # signed up in Chinese, never chose a language in their profile
    with translation.override("zh-hans"):
        rep = representative_request(actor=person, platform=platform, work_email="li.na@haoduo.com")
        representative_confirm(
            actor=person, representative=rep, code=code_from(OutboundEmail.objects.get(to="li.na@haoduo.com"))
        )
    with translation.override("en"):  # the moderator reads the site in English
        representative_approve(actor=ModeratorFactory(), representative=rep)
    mail = OutboundEmail.objects.get(to="li.na@haoduo.com", kind="representative_decided")
    assert "好多商城" in mail.subject and "You now represent" not in mail.subject
    assert "审核员" in mail.body_text


def test_a_chosen_language_wins_over_the_one_the_request_was_made_in(platform):
    person = UserFactory(preferred_language="en")
    with translation.override("zh-hans"):
        rep = approved_representative(platform, person)
    mail = OutboundEmail.objects.get(to=rep.work_email, kind="representative_decided")
    assert mail.subject == "You now represent 好多商城 on Tongsu"


def test_an_address_on_a_wrong_domain_is_told_the_accepted_domains(platform):
    with translation.override("zh-hans"), pytest.raises(RepliesError) as refused:
        representative_request(actor=UserFactory(), platform=platform, work_email="li.na@gmail.com")
    assert "请使用该平台域名下的邮箱，例如 @haoduo-group.cn，@haoduo.com" in str(refused.value)
    with translation.override("en"), pytest.raises(RepliesError) as refused:
        representative_request(actor=UserFactory(), platform=platform, work_email="li.na@gmail.com")
    assert "for example @haoduo-group.cn, @haoduo.com" in str(refused.value)


def test_the_sign_in_page_says_why_when_it_leads_to_the_representative_request(platform):
    visitor = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    represent = reverse("replies:represent", args=[platform.slug])
    login_url = visitor.get(represent)["Location"]
    assert "next=" in login_url
    page = visitor.get(login_url).content.decode()
    assert "先登录或注册，然后申请代表该平台" in page
    plain = visitor.get(reverse("account_login")).content.decode()
    assert "先登录或注册" not in plain, "only when the next page is the representative request"
    elsewhere = visitor.get(reverse("account_login") + "?next=/accounts/profile/").content.decode()
    assert "先登录或注册" not in elsewhere
