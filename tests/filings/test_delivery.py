"""A filing is "submitted" only once it arrived: what members, organizers and moderators see at each step."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from complaints.core.models import AuditEvent
from complaints.filings import services
from complaints.filings.models import Submission
from complaints.notifications.models import Broadcast
from tests.factories import RegulatorFactory
from tests.filings.conftest import approved_filing
from tests.filings.regulator_server import RegulatorServer
from tests.smtp import LocalSMTPServer

pytestmark = pytest.mark.django_db

REFUSED_URL = "http://127.0.0.1:9/filings"  # nothing listens on the discard port: connection refused


def _send(submission) -> str:
    try:
        return services.submission_send(submission_id=submission.pk)
    except services.RetryLater:
        return "retry"


def _page(client, user, url: str, language: str = "zh-hans") -> str:
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _http_regulator(url: str = REFUSED_URL, secret: str = "s3cret", **fields):  # noqa: S107 - a test server
    defaults = dict(channel="http", api_url=url, api_secret=secret, email="tousu@regulator.example.org")
    defaults.update(fields)
    return RegulatorFactory(**defaults)


def test_a_filing_whose_channel_cannot_connect_is_not_called_submitted(
    client, campaign, organizer, member, moderator
):
    filing = approved_filing(campaign, organizer, _http_regulator(), moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    assert _send(submission) == "retry"

    campaign_page = _page(client, member.user, campaign.get_absolute_url())
    assert "集体投诉已于" not in campaign_page and "已提交" not in campaign_page
    assert "正在重试" in campaign_page and "你无需做任何事" in campaign_page
    member_view = _page(client, member.user, filing.get_absolute_url())
    assert "已提交" not in member_view and "第 1 次重试，下次于" in member_view
    organizer_view = _page(client, organizer.user, filing.get_absolute_url())
    assert "第 1 次重试，下次于" in organizer_view and "无法连接到监管机构的系统" in organizer_view
    assert "urlopen" not in organizer_view and "Errno" not in organizer_view
    listing = _page(client, organizer.user, reverse("filings:list", args=[campaign.slug]))
    assert "已提交" not in listing and "第 1 次重试" in listing
    english = _page(client, organizer.user, filing.get_absolute_url(), "en")
    assert "Retry 1, next at" in english and "could not be reached" in english
    assert not Broadcast.objects.filter(kind="filing_submitted").exists(), "members hear nothing yet"
    from complaints.filings.models import FilingConsent

    FilingConsent.objects.create(filing=filing, membership=member, disclose_identity=False)
    choices = _page(client, member.user, reverse("accounts:consent"))
    assert "正在重新发送" in choices and "已提交" not in choices
    attempt = AuditEvent.objects.get(action="submission.attempt")
    assert attempt.data == {"number": 1, "result": "will_retry", "channel": "http", "code": "connection"}


def test_a_failed_submission_tells_moderators_and_succeeds_after_the_organizer_changes_channel(
    client, campaign, organizer, member, moderator
):
    with RegulatorServer("right-secret") as server:
        regulator = _http_regulator(server.url, "wrong-secret")
        filing = approved_filing(campaign, organizer, regulator, moderator)
        submission = services.filing_submit(actor=organizer.user, filing=filing)
        assert _send(submission) == Submission.Status.FAILED
    assert set(Broadcast.objects.filter(kind="filing_failed").values_list("audience", flat=True)) == {
        "filings.organizers",
        "moderators",
    }
    page = _page(client, organizer.user, filing.get_absolute_url())
    assert "发送失败：监管机构的系统拒绝了这份投诉文书（返回代码 401）。" in page
    assert "改用电子邮件发送" in page and "重试" in page
    assert "集体投诉已于" not in _page(client, member.user, campaign.get_absolute_url())

    client.force_login(organizer.user)
    url = reverse("filings:resend", args=[filing.pk, submission.pk])
    with (
        LocalSMTPServer() as smtp,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=smtp.port,
        ),
    ):
        assert client.post(url, {"channel": "email"}).status_code == 302
        resent = Submission.objects.exclude(pk=submission.pk).get()
        assert resent.channel == "email" and resent.status == Submission.Status.QUEUED
        assert _send(resent) == Submission.Status.SENT
    assert [m["To"] for m in smtp.messages].count(regulator.email) == 1
    resent.refresh_from_db()
    page = _page(client, organizer.user, filing.get_absolute_url())
    assert "已送达" in page and resent.message_id.replace("<", "&lt;").replace(">", "&gt;") in page
    campaign_page = _page(client, member.user, campaign.get_absolute_url())
    assert "集体投诉已于" in campaign_page and "正在发送" not in campaign_page
    assert Broadcast.objects.filter(kind="filing_submitted").count() == 1
    actions = list(
        AuditEvent.objects.filter(target_type="filings.submission").values_list("action", flat=True)
    )
    assert {"submission.attempt", "submission.failed", "submission.change_channel", "submission.sent"} <= set(
        actions
    )


def test_a_channel_the_regulator_has_no_address_for_is_refused_and_nothing_changes(
    client, campaign, organizer, member, moderator
):
    with RegulatorServer("right-secret") as server:
        filing = approved_filing(campaign, organizer, _http_regulator(server.url, "wrong"), moderator)
        submission = services.filing_submit(actor=organizer.user, filing=filing)
        assert _send(submission) == Submission.Status.FAILED
    client.force_login(organizer.user)
    url = reverse("filings:resend", args=[filing.pk, submission.pk])
    response = client.post(url, {"channel": "postal"}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert "监管机构没有登记这个渠道的地址。" in response.content.decode()
    assert Submission.objects.get().status == Submission.Status.FAILED
    client.force_login(member.user)
    assert client.post(url, {"channel": "email"}).status_code == 403, "members cannot resend"
    assert Submission.objects.count() == 1


def test_http_delivery_shows_the_receipt_number(client, campaign, organizer, member, moderator):
    with RegulatorServer("s3cret") as server:
        filing = approved_filing(campaign, organizer, _http_regulator(server.url), moderator)
        submission = services.filing_submit(actor=organizer.user, filing=filing)
        assert _send(submission) == Submission.Status.SENT
    submission.refresh_from_db()
    page = _page(client, member.user, filing.get_absolute_url())
    assert "已送达" in page and f"回执编号 {submission.remote_reference}" in page


def _failed_http_filing(campaign, organizer, moderator):
    """A regulator reachable only through its API (as 12315 is), whose API refuses the filing for good."""
    with RegulatorServer("right-secret") as server:
        regulator = _http_regulator(
            server.url, "wrong-secret", email="", postal_address="", website="https://www.12315.cn/"
        )
        filing = approved_filing(campaign, organizer, regulator, moderator)
        submission = services.filing_submit(actor=organizer.user, filing=filing)
        assert _send(submission) == Submission.Status.FAILED
    return filing, submission


def test_after_a_failure_the_organizer_hands_the_filing_in_and_records_the_case_number(
    client, campaign, organizer, member, moderator
):
    from complaints.notifications.kinds import render

    filing, submission = _failed_http_filing(campaign, organizer, moderator)
    page = _page(client, organizer.user, filing.get_absolute_url())
    assert "或换一种方式发送" in page and "在监管机构网站或窗口自行提交" in page
    with translation.override("zh-hans"):
        failed = Broadcast.objects.get(kind="filing_failed", audience="moderators")
        body = render("filing_failed", failed.params).body
    assert "其他渠道" not in body and "自行提交" in body, (
        "the notification promises only what the page offers"
    )

    client.force_login(organizer.user)
    client.post(reverse("filings:resend", args=[filing.pk, submission.pk]), {"channel": "by_hand"})
    by_hand = Submission.objects.exclude(pk=submission.pk).get()
    assert by_hand.channel == "by_hand"
    assert _send(by_hand) == Submission.Status.NEEDS_MANUAL
    page = _page(client, organizer.user, filing.get_absolute_url())
    assert "等待组织者自行提交" in page and "监管机构给出的受理号" in page
    assert reverse("filings:pdf", args=[filing.pk, by_hand.version.number]) in page
    assert 'href="https://www.12315.cn/"' in page and "监管机构网站" in page
    assert "组织者正在处理" in _page(client, member.user, campaign.get_absolute_url())

    client.force_login(organizer.user)
    url = reverse("filings:tracking", args=[filing.pk, by_hand.pk])
    answer = client.post(url, {"tracking_number": "  "}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert "请输入监管机构给出的受理号。" in answer.content.decode()
    assert Submission.objects.get(pk=by_hand.pk).status == Submission.Status.NEEDS_MANUAL
    answer = client.post(
        url, {"tracking_number": "SL20261206001"}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    )
    assert "受理号已记录" in answer.content.decode()
    by_hand.refresh_from_db()
    assert by_hand.status == Submission.Status.SENT and by_hand.due_at is not None
    page = _page(client, organizer.user, filing.get_absolute_url())
    assert "监管机构给出的受理号为 SL20261206001" in page
    campaign_page = _page(client, member.user, campaign.get_absolute_url())
    assert "集体投诉已于" in campaign_page and "正在发送" not in campaign_page
    assert AuditEvent.objects.filter(action="submission.tracking", target_id=str(by_hand.pk)).exists()


def test_after_a_failure_member_pages_say_the_organizers_handle_it_not_sending(
    client, campaign, organizer, member, moderator
):
    from tests.filings.conftest import add_evidence

    add_evidence(member, approved_at=timezone.now())
    _failed_http_filing(campaign, organizer, moderator)
    pages = [
        _page(client, member.user, campaign.get_absolute_url()),
        _page(client, member.user, reverse("campaigns:dashboard")),
        _page(client, member.user, reverse("accounts:consent")),
    ]
    for page in pages:
        assert "尚未送达" in page or "组织者正在处理" in page
        assert "正在发送" not in page and "已提交的投诉文书" not in page and "已附上你的证据递交" not in page
    assert "组织者正在处理" in pages[0]
    assert "尚未送达" in pages[1] and "尚未送达" in pages[2]


def test_an_approved_filing_says_the_organizer_can_submit_it_now(client, campaign, organizer, moderator):
    from complaints.notifications.kinds import render

    filing = approved_filing(campaign, organizer, _http_regulator(), moderator)
    with translation.override("zh-hans"):
        body = render("filing_approved", Broadcast.objects.get(kind="filing_approved").params).body
    assert "很快提交" not in body and "你现在可以" in body and filing.regulator.name_zh in body
    page = _page(client, organizer.user, filing.get_absolute_url())
    assert "审核员已批准" in page and "已确认" not in page
    assert "提交给该机构" in page or "提交给监管机构" in page


def test_once_delivered_the_failure_notices_stop_asking_organizers_and_moderators(
    client, campaign, organizer, moderator, django_capture_on_commit_callbacks
):
    from complaints.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        filing, submission = _failed_http_filing(campaign, organizer, moderator)
    unread = Notification.objects.filter(kind="filing_failed", read_at__isnull=True)
    assert {organizer.user_id, moderator.pk} <= set(unread.values_list("recipient_id", flat=True))

    client.force_login(organizer.user)
    client.post(reverse("filings:resend", args=[filing.pk, submission.pk]), {"channel": "by_hand"})
    by_hand = Submission.objects.exclude(pk=submission.pk).get()
    _send(by_hand)
    client.post(reverse("filings:tracking", args=[filing.pk, by_hand.pk]), {"tracking_number": "SL1"})
    assert Submission.objects.get(pk=by_hand.pk).status == Submission.Status.SENT
    assert not unread.exists(), "a delivered filing leaves nobody a 'sending failed' notice to act on"
