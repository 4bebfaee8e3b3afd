"""A campaign's public status: filings sent, deadlines, answers after redaction and members' outcomes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.campaigns.services import membership_confirm_resolved
from complaints.filings.models import Filing
from complaints.filings.services import outcome_confirm, response_hide
from complaints.filings.workdays import add_working_days
from complaints.replies.models import PlatformDomain, Reply
from complaints.replies.services import reply_post
from complaints.transparency import selectors
from tests.factories import CampaignFactory, UserFactory, join
from tests.transparency.conftest import MONDAY, answer, disclose, members, sent_submission

pytestmark = pytest.mark.django_db


def status_page(client, campaign, *, today: datetime.date | None = None, language: str = "en"):
    url = reverse("transparency:status", args=[campaign.slug])
    if today is None:
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    with _today(today):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _today(day: datetime.date):
    """The clock at the edge of the world: 'today' for the deadline verdicts."""
    return mock.patch(
        "complaints.transparency.selectors.timezone.localdate",
        autospec=True,
        side_effect=lambda value=None: timezone.localtime(value).date() if value is not None else day,
    )


def test_visitor_sees_where_and_when_a_filing_went_and_its_answer_redacted(
    client, campaign, organizer, regulator
):
    named = join(campaign, UserFactory(display_name="王小明", email="xiaoming@example.org"), amount="50")
    submission = sent_submission(campaign, regulator)
    disclose(submission, named)
    answer(
        submission,
        organizer,
        "关于王小明等人的投诉：已受理，请致电13812345678或写信至xiaoming@example.org。平台已承诺退款。",
        on=MONDAY + datetime.timedelta(days=3),
    )
    body = status_page(client, campaign).content.decode()
    assert "Shanghai Consumer Council" in body
    assert "The regulator's mail server accepted it on" in body
    assert "Answered by the deadline, after 3 working days" in body
    assert "平台已承诺退款" in body  # what the regulator said stays
    for personal in ("王小明", "13812345678", "xiaoming@example.org"):
        assert personal not in body
    assert "[姓名]" in body or "[个人信息]" in body


def test_the_campaign_page_links_to_its_status(client, campaign, organizer):
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert reverse("transparency:status", args=[campaign.slug]) in body


def test_an_unanswered_filing_is_not_called_unanswered_before_15_working_days(
    client, campaign, organizer, regulator
):
    # Due after 10 working days: between the 10th and the 15th the public still learns nothing of the silence.
    sent_submission(campaign, regulator, days=10)
    day_14 = add_working_days(MONDAY, 14)
    body = status_page(client, campaign, today=day_14).content.decode()
    assert "published here when it arrives, or after 15 working days" in body
    assert "No answer" not in body and "deadline has passed" not in body

    day_15 = add_working_days(MONDAY, 15)
    body = status_page(client, campaign, today=day_15).content.decode()
    assert "No answer: the deadline has passed" in body


def test_an_answer_is_public_the_day_it_arrives(client, campaign, organizer, regulator):
    submission = sent_submission(campaign, regulator)
    answer(submission, organizer, "已转交平台处理。", on=MONDAY + datetime.timedelta(days=1))
    body = status_page(client, campaign, today=MONDAY + datetime.timedelta(days=1)).content.decode()
    assert "已转交平台处理。" in body


def test_a_late_answer_says_it_was_late(client, campaign, organizer, regulator):
    submission = sent_submission(campaign, regulator, days=5)
    answer(submission, organizer, "已处理。", on=add_working_days(MONDAY, 7))
    body = status_page(client, campaign).content.decode()
    assert "Answered after the deadline, after 7 working days" in body


def test_an_answer_a_moderator_hid_is_never_public(client, campaign, organizer, regulator, moderator):
    submission = sent_submission(campaign, regulator)
    response = answer(submission, organizer, "含有辱骂内容的答复 secret-words", on=MONDAY)
    response_hide(actor=moderator, response=response, reason="abuse")
    body = status_page(client, campaign).content.decode()
    assert "secret-words" not in body
    assert "A moderator hid this answer." in body
    # Still an answer for the deadline: the regulator did answer on time.
    assert "Answered by the deadline" in body


def test_a_filing_not_yet_delivered_says_so(client, campaign, organizer, regulator):
    sent_submission(campaign, regulator, status="failed")
    body = status_page(client, campaign).content.decode()
    assert "Delivery not confirmed yet" in body and "accepted it on" not in body


def test_drafts_are_not_public(client, campaign, organizer, regulator):
    Filing.objects.create(campaign=campaign, regulator=regulator, status=Filing.Status.DRAFT)
    body = status_page(client, campaign).content.decode()
    assert "Shanghai Consumer Council" not in body and "Nothing has been sent yet." in body


def _confirm(memberships, result: str, amount: str | None = None) -> None:
    for m in memberships:
        outcome_confirm(
            actor=m.user, membership=m, result=result, amount_received=Decimal(amount) if amount else None
        )


def test_outcomes_of_fewer_than_5_members_are_not_shown(client, campaign, organizer):
    _confirm(members(campaign, 4), "made_whole", "100.00")
    figures = selectors.campaign_status(campaign).outcomes
    assert figures.reported == 0 and figures.made_whole is None and figures.recovered is None
    body = status_page(client, campaign).content.decode()
    assert "Outcomes are shown once at least 5 members" in body


def test_outcomes_and_money_recovered_are_shown_from_5_members(client, campaign, organizer):
    _confirm(members(campaign, 6), "made_whole", "100.00")
    _confirm(members(campaign, 5), "partly", "20.50")
    _confirm(members(campaign, 2), "not")
    figures = selectors.campaign_status(campaign).outcomes
    # 2 "nothing" is hidden, and with it the next smallest, so neither can be worked out from the total.
    assert (figures.made_whole, figures.partly, figures.nothing) == (6, None, None)
    assert figures.recovered == Decimal("702.50")
    body = status_page(client, campaign).content.decode()
    assert "¥702.50" in body and "hidden" in body and "As confirmed by 13 members." in body


def test_only_public_campaigns_have_a_public_status(client, campaign):
    pending = CampaignFactory(status="pending")
    assert status_page(client, pending).status_code == 404
    merged = CampaignFactory(status="merged", merged_into=campaign)
    response = status_page(client, merged)
    assert response.status_code == 301 and response["Location"].endswith(f"/{campaign.slug}/status/")


def test_status_page_in_chinese(client, campaign, organizer, regulator):
    sent_submission(campaign, regulator)
    body = status_page(client, campaign, language="zh-hans").content.decode()
    assert "上海市消费者权益保护委员会" in body and "公开进展" in body


def test_status_page_query_budget(client, campaign, organizer, regulator, django_assert_max_num_queries):
    for _ in range(3):
        submission = sent_submission(campaign, regulator)
        answer(submission, organizer, "已受理。", on=MONDAY)
    with django_assert_max_num_queries(11):  # 10, and the platform reply box
        assert status_page(client, campaign).status_code == 200


@pytest.mark.parametrize(
    ("first_answer", "due_in", "today_after", "verdict"),
    [
        (3, 10, 20, selectors.ON_TIME),
        (10, 10, 20, selectors.ON_TIME),  # on the due date is on time
        (11, 10, 20, selectors.LATE),
        (None, 10, 14, selectors.AWAITING),
        (None, 10, 15, selectors.MISSED),
        (None, 20, 15, selectors.OVERDUE_OPEN),
    ],
)
def test_deadline_verdict(first_answer, due_in, today_after, verdict):
    sent = MONDAY
    assert (
        selectors.deadline_verdict(
            sent_on=sent,
            due_on=add_working_days(sent, due_in),
            first_answer_on=add_working_days(sent, first_answer) if first_answer else None,
            paused=False,
            jurisdiction="CN",
            today=add_working_days(sent, today_after),
        )
        == verdict
    )


def test_15_working_days_skip_chinese_public_holidays():
    # Sent on 30 September 2025: the National Day break (1-8 October) does not count, Saturday 11 October
    # (a make-up workday) does.
    public_from = selectors.answer_public_from(datetime.date(2025, 9, 30), None, jurisdiction="CN")
    assert public_from == datetime.date(2025, 10, 28)


def test_made_whole_agrees_with_the_campaign_page(client, campaign, organizer):
    # Five say so on their case page (no outcome row), one through the outcome form, five got part back.
    for m in members(campaign, 5):
        membership_confirm_resolved(actor=m.user, membership=m, resolved=True)
    _confirm(members(campaign, 1), "made_whole", "10.00")
    _confirm(members(campaign, 5), "partly", "10.00")
    campaign.refresh_from_db()
    figures = selectors.campaign_status(campaign).outcomes
    assert figures.made_whole == campaign.confirmed_resolved_count == 6
    assert figures.partly == 5
    page = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<strong>{round(100 * 6 / campaign.members_count)}%</strong>" in page


def test_the_platforms_public_answer_and_its_time_are_on_the_status_page(client):
    from tests.replies.conftest import approved_representative

    campaign = CampaignFactory(slug="reply-status")
    PlatformDomain.objects.create(platform=campaign.platform, domain="shop.example.cn")
    rep = approved_representative(campaign.platform, email="service@shop.example.cn")
    reply_post(actor=rep.user, campaign=campaign, kind=Reply.Kind.REPLY, text="我们已为受影响用户补发充值。")
    page = client.get(reverse("transparency:status", args=[campaign.slug])).content.decode()
    assert "我们已为受影响用户补发充值。" in page
    assert "service@shop.example.cn" not in page, "the representative's address is never public"
