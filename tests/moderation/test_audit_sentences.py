# ruff: noqa: F811 - fixtures are imported from tests.filings.conftest and named as parameters
"""The audit log reads as sentences in the reader's language; raw codes stay in the details."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from complaints.filings import services
from tests.factories import RegulatorFactory
from tests.filings.conftest import approved_filing, campaign, member, organizer  # noqa: F401

pytestmark = pytest.mark.django_db


def _sentences(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", s).strip() for s in re.findall(r'<p class="audit-sentence">(.*?)</p>', page, re.S)
    ]


def test_the_audit_log_says_who_did_what_in_the_readers_language(
    client, campaign, organizer, member, moderator
):
    moderator.display_name = "李某"
    moderator.save()
    regulator = RegulatorFactory(
        channel="http", api_url="http://127.0.0.1:9/filings", api_secret="s", email=""
    )
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    with pytest.raises(services.RetryLater):
        services.submission_send(submission_id=submission.pk)

    client.force_login(moderator)
    page = client.get(reverse("moderation:audit"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    sentences = _sentences(page)
    named = f"集体投诉“{campaign.title}”发给{regulator.name_zh}的投诉文书"
    assert f"审核员 李某 于 {_local(filing.approved_at)} 批准了{named} 第 1 版。" in sentences, sentences
    assert any(
        s.startswith(f"{named}第 1 版的发送的第 1 次尝试于 ")
        and s.endswith("失败，将会重试：无法连接到监管机构的系统。")
        for s in sentences
    ), sentences
    assert [s for s in sentences if "（#" in s or re.search(r"#\d+[\u4e00-\u9fff]", s)] == [], (
        "objects are named, not numbered, and a number never runs into the next word"
    )
    assert not any("filing.approve" in s or "submission.attempt" in s for s in sentences)
    assert "<code>filing.approve</code>" in page, "the raw code is in the details"
    assert "urlopen" not in page.split('class="audit-details"')[0], "a raw channel error is not in a sentence"

    english = _sentences(client.get(reverse("moderation:audit"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    english_name = f"the filing to {regulator.name_en} in “{campaign.title}”"
    assert (
        f"Moderator 李某 approved version 1 of {english_name} on {_local(filing.approved_at)}." in english
    ), english


def _local(value) -> str:
    """The time as the audit log writes it, with its zone (Asia/Shanghai in the tests)."""
    from django.utils import timezone

    return f"{timezone.localtime(value):%Y-%m-%d %H:%M} (UTC+08:00)"


def test_a_reason_the_code_wrote_is_translated_and_a_system_error_stays_in_the_details(client, moderator):
    from complaints.core.services import audit_record
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(title="直播礼物重复扣费")
    audit_record(actor=moderator, action="moderation.release", target=campaign, reason="decided")
    audit_record(actor=moderator, action="campaign.approve", target=campaign, reason="demo data")
    audit_record(
        actor=None, action="submission.failed", target=campaign, reason="HTTP connection: <urlopen error>"
    )
    client.force_login(moderator)
    page = client.get(reverse("moderation:audit"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    shown = re.findall(r'<div class="muted">(.*?)</div>', page, re.S)
    shown = " | ".join(shown)
    assert "演示数据" in shown and "已做出决定" in shown, shown
    assert "decided" not in shown and "demo data" not in shown and "urlopen" not in shown, shown
    assert "演示数据" in page and "已做出决定" in page
    assert "urlopen" in page.split('class="audit-details"', 1)[1], "the raw error is kept in the details"
    assert any("集体投诉“直播礼物重复扣费”" in s for s in _sentences(page))
