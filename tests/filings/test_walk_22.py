"""Issue #22's walk, filings side: the members-only outcome summary names an amount only when one was entered,
a campaign title with its own quotes is not quoted twice in the filing email and letter, "Generate the filing"
opens the unsent draft instead of making another, and the SMTP receiver refuses in Chinese when it may."""

from __future__ import annotations

import re
import smtplib

import pymupdf
import pytest
from django.test import override_settings
from django.urls import reverse

from complaints.filings import services
from complaints.filings.models import Filing
from complaints.filings.smtp import UNKNOWN_RECIPIENT, UNKNOWN_RECIPIENT_UTF8, inbound_controller
from tests.factories import RegulatorFactory
from tests.filings.conftest import approved_filing, make_filing
from tests.smtp import LocalSMTPServer, free_port

pytestmark = pytest.mark.django_db


def _summary(page: str) -> str:
    return re.search(r'<p class="filing-outcomes">(.*?)</p>', page, re.S).group(1)


def _sent_by_email(campaign, organizer, moderator, capture):
    """The filing sent through the email channel to a local SMTP server: (the filing, the regulator's email)."""
    regulator = RegulatorFactory(channel="email", email="tousu@regulator.example.org")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    with LocalSMTPServer() as smtp:
        smtp_settings = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=smtp.port,
        )
        with smtp_settings, capture(execute=True):
            services.filing_submit(actor=organizer.user, filing=filing)
    (message,) = [m for m in smtp.messages if m["To"] == "tousu@regulator.example.org"]
    return filing, message


def test_the_outcome_summary_names_an_amount_only_once_a_member_entered_one(
    client, campaign, organizer, member, moderator, django_capture_on_commit_callbacks
):
    _sent_by_email(campaign, organizer, moderator, django_capture_on_commit_callbacks)
    services.outcome_confirm(actor=organizer.user, membership=organizer, result="made_whole")
    services.outcome_confirm(actor=member.user, membership=member, result="partly")
    client.force_login(member.user)
    url = campaign.get_absolute_url()
    summary = _summary(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "1 人已获全额赔付，1 人获部分赔付" in summary
    assert "元" not in summary and "0.00" not in summary, "nobody entered an amount"

    services.outcome_confirm(actor=member.user, membership=member, result="partly", amount_received="60.00")
    summary = _summary(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "填写了金额的成员共收到 60.00 元" in summary
    english = _summary(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "The members who entered an amount received 60.00 yuan in all." in english


def test_a_title_with_its_own_quotes_is_not_quoted_twice_in_the_filing_email_and_letter(
    campaign, organizer, member, moderator, django_capture_on_commit_callbacks
):
    campaign.title = "好多商城充值未到账，客服称“网络问题”"
    campaign.save(update_fields=["title"])
    filing, message = _sent_by_email(campaign, organizer, moderator, django_capture_on_commit_callbacks)
    body = message.get_body(("plain",)).get_content()
    assert "“好多商城充值未到账，客服称‘网络问题’”" in body and "“网络问题””" not in body
    with filing.current_version.pdf.open("rb") as fh:
        document = pymupdf.open(stream=fh.read(), filetype="pdf")
    letter = "".join("".join(page.get_text() for page in document).split())
    assert "“好多商城充值未到账，客服称‘网络问题’”" in letter, "the complainants' line quotes the title once"
    assert "“网络问题””" not in letter


def test_generating_again_opens_the_unsent_draft_instead_of_a_second_one(
    client, campaign, organizer, regulator
):
    filing = make_filing(campaign, organizer, regulator)
    Filing.objects.filter(pk=filing.pk).update(
        created_at=filing.created_at.replace(year=2025)
    )  # not a double click
    client.force_login(organizer.user)
    url = reverse("filings:new", args=[campaign.slug])
    response = client.post(url, {"regulator": regulator.pk, "language": "zh-hans"}, follow=True)
    assert Filing.objects.filter(campaign=campaign).count() == 1
    assert response.redirect_chain[-1][0] == filing.get_absolute_url()
    assert "已有一份尚未发送的同一投诉文书草稿" in response.content.decode()

    response = client.post(url, {"regulator": regulator.pk, "language": "en"})
    assert Filing.objects.filter(campaign=campaign).count() == 2, "another language is another filing"


@pytest.mark.django_db(transaction=True)
def test_the_receiver_refuses_in_chinese_too_when_the_client_speaks_smtputf8():
    controller = inbound_controller(host="127.0.0.1", port=free_port())
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as smtp:
            smtp.ehlo()
            assert smtp.has_extn("smtputf8")
            smtp.mail("gov@regulator.example", options=["SMTPUTF8"])
            code, text = smtp.rcpt("filing+forged@tongsu.localhost")
            assert code == 550
            assert text.decode("utf-8") == UNKNOWN_RECIPIENT_UTF8[4:]
            assert text.decode("utf-8").startswith("5.1.1 此地址不接收投诉文书的答复")
            smtp.rset()
            smtp.mail("gov@regulator.example")
            code, text = smtp.rcpt("filing+forged@tongsu.localhost")
            assert code == 550 and text.decode("ascii") == UNKNOWN_RECIPIENT[4:], "plain SMTP stays ASCII"
    finally:
        controller.stop()
