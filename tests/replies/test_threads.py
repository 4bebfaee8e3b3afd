"""The public reply thread: who may post, what members answer and where it goes, the campaign page's figures,
what a representative can see, and moderators hiding a reported reply."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.campaigns.models import Campaign, MemberTask
from complaints.campaigns.services import membership_leave
from complaints.filings.models import Outcome
from complaints.filings.services import outcome_confirm
from complaints.filings.workdays import working_days_between
from complaints.moderation.models import ReportedContent
from complaints.moderation.services import report_hide
from complaints.notifications.models import Notification
from complaints.replies.models import Reply, ReplyMark, Representative
from complaints.replies.selectors import public_reply_figures
from complaints.replies.services import (
    RepliesError,
    info_request_create,
    reply_mark,
    reply_post,
    representative_request,
    representative_resign,
    representative_revoke,
)
from tests.factories import CampaignFactory, ModeratorFactory, PlatformFactory, UserFactory
from tests.replies.conftest import approved_representative

pytestmark = pytest.mark.django_db


# --- Who may post -------------------------------------------------------------------------------------------


def test_an_approved_representative_replies_and_members_are_told(
    campaign, members, django_capture_on_commit_callbacks
):
    rep = approved_representative(campaign.platform)
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_post(actor=rep.user, campaign=campaign, kind="offer", text="我们愿意全额退还充值金额。")
    assert reply.author_role == Reply.Author.PLATFORM and reply.kind == "offer"
    told = set(Notification.objects.filter(kind="platform_offer").values_list("recipient_id", flat=True))
    assert {m.user_id for m in members} <= told
    assert rep.user_id not in told


@pytest.mark.parametrize("state", ["awaiting", "rejected", "revoked", "resigned"])
def test_only_an_approved_and_unrevoked_representative_posts(campaign, state):
    rep = approved_representative(campaign.platform)
    if state == "revoked":
        representative_revoke(actor=ModeratorFactory(), representative=rep, reason="Left the company.")
    elif state == "resigned":
        representative_resign(actor=rep.user, representative=rep)
    else:
        Representative.objects.filter(pk=rep.pk).update(status=state)
    with pytest.raises(PermissionDenied):
        reply_post(actor=rep.user, campaign=campaign, kind="reply", text="We are looking into it.")
    assert not Reply.objects.exists()


def test_a_representative_of_another_platform_cannot_post(campaign, client):
    other = PlatformFactory(website="https://other.example.com")
    rep = approved_representative(other)
    with pytest.raises(PermissionDenied):
        reply_post(actor=rep.user, campaign=campaign, kind="reply", text="Not our campaign.")
    client.force_login(rep.user)
    assert client.get(reverse("replies:reply_create", args=[campaign.slug])).status_code == 403


def test_a_pending_campaign_gets_no_reply(platform):
    pending = CampaignFactory(platform=platform, status=Campaign.Status.PENDING)
    rep = approved_representative(platform)
    with pytest.raises(PermissionDenied):
        reply_post(actor=rep.user, campaign=pending, kind="reply", text="Hello.")


def test_the_organizer_posts_a_follow_up_and_a_member_posts_nothing(campaign, members):
    organizer = campaign.memberships.get(role="organizer").user
    follow_up = reply_post(
        actor=organizer, campaign=campaign, kind="offer", text="这个方案不够，我们要求全额退款。"
    )
    assert follow_up.kind == Reply.Kind.FOLLOW_UP and follow_up.author_role == Reply.Author.ORGANIZER
    with pytest.raises(PermissionDenied):
        reply_post(actor=members[0].user, campaign=campaign, kind="follow_up", text="Me too.")
    with pytest.raises(RepliesError):
        reply_mark(actor=members[0].user, reply=follow_up, answer="solved")


def test_a_reply_with_someone_elses_phone_number_is_refused(campaign, client):
    rep = approved_representative(campaign.platform)
    client.force_login(rep.user)
    response = client.post(
        reverse("replies:reply_create", args=[campaign.slug]),
        {"kind": "reply", "text": "有问题请联系张经理，电话 13812345678"},
    )
    assert response.status_code == 200
    assert "13812345678" in response.content.decode()  # highlighted for the author, not saved
    assert not Reply.objects.exists()


# --- Members answer -----------------------------------------------------------------------------------------


def test_a_members_answer_becomes_their_outcome_and_can_change(campaign, members):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="offer", text="全额退款。")
    member = members[0]
    outcome_confirm(actor=member.user, membership=member, result="partly", amount_received=Decimal("40.00"))

    reply_mark(actor=member.user, reply=reply, answer="solved")
    outcome = Outcome.objects.get(membership=member)
    assert outcome.result == Outcome.Result.MADE_WHOLE and outcome.amount_received == Decimal("40.00")
    member.refresh_from_db()
    assert member.resolved_at is not None

    reply_mark(actor=member.user, reply=reply, answer="not_solved")
    assert ReplyMark.objects.filter(reply=reply, membership=member).count() == 1
    assert Outcome.objects.get(membership=member).result == Outcome.Result.NOT
    member.refresh_from_db()
    assert member.resolved_at is None


def test_only_a_member_of_the_campaign_answers(campaign, members, client):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="reply", text="已处理。")
    with pytest.raises(PermissionDenied):
        reply_mark(actor=UserFactory(), reply=reply, answer="solved")
    with pytest.raises(PermissionDenied):
        reply_mark(actor=rep.user, reply=reply, answer="solved")
    client.force_login(UserFactory())
    assert client.post(reverse("replies:mark", args=[reply.pk]), {"answer": "solved"}).status_code == 404
    client.force_login(members[1].user)
    response = client.post(reverse("replies:mark", args=[reply.pk]), {"answer": "partly"})
    assert response.status_code == 302
    assert ReplyMark.objects.get(membership=members[1]).answer == "partly"


# --- Figures ------------------------------------------------------------------------------------------------


def test_working_days_follow_chinas_calendar():
    # 2025: National Day holiday 1-8 October; Sunday 28 September and Saturday 11 October were workdays.
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 13)) == 7
    assert working_days_between(date(2025, 10, 13), date(2025, 10, 13)) == 0


def test_time_to_first_reply_counts_working_days_from_publication(campaign, members):
    reviewed = timezone.now() - timedelta(days=20)
    Campaign.objects.filter(pk=campaign.pk).update(reviewed_at=reviewed)
    campaign.refresh_from_db()
    assert public_reply_figures(campaign).answered is False
    rep = approved_representative(campaign.platform)
    organizer = campaign.memberships.get(role="organizer").user
    reply_post(actor=organizer, campaign=campaign, kind="follow_up", text="我们还在等平台回复。")
    assert public_reply_figures(campaign).answered is False, (
        "an organizer's follow-up is not the platform's reply"
    )
    reply_post(actor=rep.user, campaign=campaign, kind="reply", text="已收到。")
    reply_post(actor=rep.user, campaign=campaign, kind="offer", text="退款。")
    expected = working_days_between(timezone.localdate(reviewed), timezone.localdate())
    assert 10 <= expected <= 16
    assert public_reply_figures(campaign).first_reply_days == expected


def test_a_reply_on_the_day_of_publication_reads_the_same_working_day(campaign, members, client):
    Campaign.objects.filter(pk=campaign.pk).update(reviewed_at=timezone.now())
    rep = approved_representative(campaign.platform)
    reply_post(actor=rep.user, campaign=campaign, kind="reply", text="已收到。")
    pages = [campaign.get_absolute_url(), reverse("transparency:status", args=[campaign.slug])]
    pages.append(reverse("replies:thread", args=[campaign.slug]))
    for url in pages:
        chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "不到 1 个工作日" in chinese and "0 个工作日" not in chinese and "0个工作日" not in chinese, (
            url
        )
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "less than one working day" in english and "0 working days" not in english, url


def test_the_share_of_members_who_confirmed_a_solution_is_hidden_below_five(campaign, members, client):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="offer", text="全额退款。")
    for member in members[:4]:
        reply_mark(actor=member.user, reply=reply, answer="solved")
    campaign.refresh_from_db()
    figures = public_reply_figures(campaign)
    assert figures.solved_share is None and figures.suppressed
    page = client.get(campaign.get_absolute_url()).content.decode()
    with translation.override("zh-hans"):
        sentence = gettext("Fewer than 5 members confirmed a solution, so the share is not shown yet.")
    assert sentence == "确认已解决的成员不足 5 人，暂不显示比例" and sentence in page
    assert "不足5人 的成员" not in page and "不足5人</strong><span>的成员" not in page
    thread = client.get(reverse("replies:thread", args=[campaign.slug])).content.decode()
    assert ">4<" not in thread and " 4 ·" not in thread

    reply_mark(actor=members[4].user, reply=reply, answer="solved")
    campaign.refresh_from_db()
    assert public_reply_figures(campaign).solved_share == round(100 * 5 / campaign.members_count)

    membership_leave(actor=members[0].user, membership=members[0])
    campaign.refresh_from_db()
    assert public_reply_figures(campaign).solved_share is None, "a member who left no longer counts"


def test_a_later_not_solved_answer_replaces_an_earlier_solved_one(campaign, members):
    rep = approved_representative(campaign.platform)
    first = reply_post(actor=rep.user, campaign=campaign, kind="reply", text="已退款。")
    second = reply_post(actor=rep.user, campaign=campaign, kind="follow_up", text="补充说明。")
    for member in members[:5]:
        reply_mark(actor=member.user, reply=first, answer="solved")
    reply_mark(actor=members[0].user, reply=second, answer="not_solved")
    campaign.refresh_from_db()
    assert public_reply_figures(campaign).solved_share is None  # 4 left


# --- What a representative sees ------------------------------------------------------------------------------


def test_a_representative_never_sees_who_the_members_are(campaign, members, client):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="reply", text="请提供订单号。")
    for member in members:
        reply_mark(actor=member.user, reply=reply, answer="partly")
    organizer = campaign.memberships.get(role="organizer").user
    reply_post(actor=organizer, campaign=campaign, kind="follow_up", text="我们会整理。")
    info_request_create(actor=rep.user, campaign=campaign, text="请成员提供充值时间和订单号。")
    client.force_login(rep.user)
    pages = [
        campaign.get_absolute_url(),
        reverse("replies:thread", args=[campaign.slug]),
        reverse("replies:requests", args=[campaign.slug]),
        reverse("replies:representation", args=[rep.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for membership in campaign.memberships.select_related("user"):
            assert membership.user.display_name not in text, url
            assert membership.user.email not in text, url
        assert "Member #" not in text and "成员 #" not in text and "成员#" not in text, url
    assert client.get(reverse("campaigns:members", args=[campaign.slug])).status_code in (403, 404)


def test_a_representative_asks_and_the_organizer_makes_it_a_task(campaign, members, client):
    rep = approved_representative(campaign.platform)
    client.force_login(rep.user)
    response = client.post(reverse("replies:ask", args=[campaign.slug]), {"text": "请提供充值的时间和金额。"})
    assert response.status_code == 302
    info_request = rep.info_requests.get()
    assert client.get(reverse("replies:request_task", args=[info_request.pk])).status_code == 403

    client.force_login(campaign.memberships.get(role="organizer").user)
    campaign_page = client.get(campaign.get_absolute_url()).content.decode()
    assert reverse("replies:requests", args=[campaign.slug]) in campaign_page, "the organizer sees it waits"
    page = client.get(reverse("replies:requests", args=[campaign.slug])).content.decode()
    assert "请提供充值的时间和金额。" in page
    response = client.post(
        reverse("replies:request_task", args=[info_request.pk]),
        {"title": "上传充值记录", "description": "平台要求：充值的时间和金额。", "audience": "all"},
    )
    assert response.status_code == 302
    task = MemberTask.objects.get(campaign=campaign)
    assert task.title == "上传充值记录"
    info_request.refresh_from_db()
    assert info_request.status == "task" and info_request.task == task
    campaign_page = client.get(campaign.get_absolute_url()).content.decode()
    assert reverse("replies:requests", args=[campaign.slug]) not in campaign_page

    client.force_login(members[0].user)
    assert client.get(reverse("replies:requests", args=[campaign.slug])).status_code == 403


# --- Reports ------------------------------------------------------------------------------------------------


def test_a_reported_reply_is_hidden_by_a_moderator_and_stops_counting(
    campaign, members, client, django_capture_on_commit_callbacks
):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="reply", text="这些用户都是骗子。")
    for member in members[:5]:
        reply_mark(actor=member.user, reply=reply, answer="solved")
    client.force_login(members[0].user)
    response = client.post(
        reverse("moderation:report_this", args=["replies.reply", reply.pk]),
        {"reason": "Insults the members."},
    )
    assert response.status_code in (200, 302)
    content = ReportedContent.objects.get(target_type="replies.reply", target_id=str(reply.pk))
    with django_capture_on_commit_callbacks(execute=True):
        report_hide(actor=ModeratorFactory(), content=content, reason="Insulting.")
    reply.refresh_from_db()
    assert reply.is_hidden and "骗子" not in reply.text
    thread = client.get(reverse("replies:thread", args=[campaign.slug])).content.decode()
    assert "骗子" not in thread
    campaign.refresh_from_db()
    figures = public_reply_figures(campaign)
    assert figures.no_answers and figures.solved_share is None, "answers to a hidden reply no longer count"
    with pytest.raises(RepliesError):
        reply_mark(actor=members[1].user, reply=reply, answer="solved")
    assert Notification.objects.filter(recipient=rep.user, kind="content_hidden").exists()


def test_anyone_reads_the_thread_of_a_public_campaign_but_not_of_a_pending_one(campaign, platform, client):
    rep = approved_representative(platform)
    reply_post(actor=rep.user, campaign=campaign, kind="reply", text="我们正在核查。")
    assert "我们正在核查。" in client.get(reverse("replies:thread", args=[campaign.slug])).content.decode()
    assert "我们正在核查。" in client.get(campaign.get_absolute_url()).content.decode(), (
        "the newest on the page"
    )
    pending = CampaignFactory(platform=platform, status=Campaign.Status.PENDING)
    assert client.get(reverse("replies:thread", args=[pending.slug])).status_code == 404


def test_a_directory_platform_only(platform):
    named = PlatformFactory(status="pending", website="https://new.example.com")
    with pytest.raises(RepliesError):
        representative_request(actor=UserFactory(), platform=named, work_email="a@new.example.com")


def test_a_member_sees_their_answer_in_words_and_a_link_to_their_outcome(campaign, members, client):
    rep = approved_representative(campaign.platform)
    reply = reply_post(actor=rep.user, campaign=campaign, kind="reply", text="已处理。")
    client.force_login(members[1].user)
    page = client.post(
        reverse("replies:mark", args=[reply.pk]),
        {"answer": "partly"},
        follow=True,
        headers={"Accept-Language": "en"},
    )
    html = page.content.decode()
    assert "Your answer: partly solved" in html
    outcome = reverse("filings:outcome", args=[campaign.slug])
    assert f'on <a href="{outcome}">your outcome page</a>.' in html
    with translation.override("zh-hans"):
        client.post(reverse("replies:mark", args=[reply.pk]), {"answer": "solved"})
        zh = client.get(reply.get_absolute_url(), headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "你的回答：已解决" in zh
