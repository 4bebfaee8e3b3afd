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
    assert any(
        re.fullmatch(rf"审核员 李某 于 \S+ \S+ 批准了投诉文书 #{filing.pk} 第 1 版。", s) for s in sentences
    )
    assert any(
        s.startswith(f"投诉文书发送 #{submission.pk}的第 1 次尝试于 ")
        and s.endswith("失败，将会重试：无法连接到监管机构的系统。")
        for s in sentences
    )
    assert not any("filing.approve" in s or "submission.attempt" in s for s in sentences)
    assert "<code>filing.approve</code>" in page, "the raw code is in the details"

    english = _sentences(client.get(reverse("moderation:audit"), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert any(
        re.fullmatch(rf"Moderator 李某 approved version 1 of filing #{filing.pk} on \S+ \S+\.", s)
        for s in english
    )
