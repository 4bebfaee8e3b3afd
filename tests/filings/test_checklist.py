"""An empty filing cannot pass as complete: no exhibits, nobody a regulator can identify, evidence kept out."""

from __future__ import annotations

import pymupdf
import pytest
from django.urls import reverse
from django.utils import translation

from complaints.campaigns.audiences import campaign_members_audience
from complaints.campaigns.models import MemberTask
from complaints.evidence import services as evidence_services
from complaints.filings import services
from complaints.filings.models import Filing
from complaints.notifications.models import Broadcast
from tests.factories import RegulatorFactory, join
from tests.filings.conftest import add_evidence, make_filing, regenerate

pytestmark = pytest.mark.django_db


def _pdf_text(version) -> str:
    with version.pdf.open("rb") as fh:
        doc = pymupdf.open(stream=fh.read(), filetype="pdf")
    return "".join(page.get_text() for page in doc)


def _problems(filing) -> dict:
    return {p["code"]: p for p in services.review_checklist(filing)["problems"]}


def test_a_filing_without_exhibits_is_flagged_blocked_and_its_letter_claims_no_evidence(
    client, campaign, organizer, member, regulator
):
    filing = make_filing(campaign, organizer, regulator, with_exhibit=False)
    assert _problems(filing)["no_exhibits"]["now"] == 0
    text = _pdf_text(filing.current_version)
    assert "证据索引" not in text and "不含证据材料" in text
    with translation.override("zh-hans"), pytest.raises(services.FilingError, match="没有任何证据材料"):
        services.filing_send_for_approval(actor=organizer.user, filing=filing)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.DRAFT
    client.force_login(organizer.user)
    page = client.get(filing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "这一版没有任何证据材料" in page and "目前有 0 份证据已同意用于投诉文书" in page

    add_evidence(member)
    assert _problems(filing)["no_exhibits"]["now"] == 1, "the organizer sees the number move"
    regenerate(filing, organizer, narrative="余额被冻结。", demands="退款。")
    assert "no_exhibits" not in _problems(filing)
    assert "证据索引" in _pdf_text(filing.current_version)
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.AWAITING_APPROVAL


def test_a_regulator_that_needs_named_complainants_gets_none_until_a_member_agrees(
    client, campaign, organizer, member
):
    regulator = RegulatorFactory(requires_named_complainants=True)
    filing = make_filing(campaign, organizer, regulator)
    assert _problems(filing)["no_named_complainant"]["now"] == 0
    with translation.override("en"), pytest.raises(services.FilingError, match="named complainant"):
        services.filing_send_for_approval(actor=organizer.user, filing=filing)
    left_out = join(campaign, amount="10.00", include_in_filings=False)  # not in filings: not asked
    client.force_login(organizer.user)
    assert client.post(reverse("filings:ask_to_be_named", args=[filing.pk])).status_code == 302
    task = MemberTask.objects.get(audience=MemberTask.Audience.NOT_NAMED)
    asked = campaign_members_audience(Broadcast.objects.get(kind="task_assigned").audience_args, 0, 100)
    assert member.user_id in asked and left_out.user_id not in asked
    client.force_login(member.user)
    done = client.post(reverse("campaigns:task_done", args=[campaign.slug, task.pk]))
    assert done.url == reverse("filings:consent", args=[filing.pk]), "taken to the choice for this filing"
    services.filing_consent_update(
        actor=member.user, filing=filing, membership=member, disclose_identity=True
    )
    still = {"campaign": campaign.pk, "task_audience": MemberTask.Audience.NOT_NAMED}
    assert member.user_id not in campaign_members_audience(still, 0, 100)
    assert _problems(filing)["no_named_complainant"]["now"] == 1
    regenerate(filing, organizer, narrative="余额被冻结。", demands="退款。")
    assert "no_named_complainant" not in _problems(filing)
    services.filing_send_for_approval(actor=organizer.user, filing=filing)


def test_organizer_asks_exactly_the_members_whose_evidence_is_kept_out_and_they_land_on_the_choice(
    client, campaign, organizer, member, regulator
):
    kept_out = add_evidence(member, include_in_filings=False)
    other = join(campaign, amount="80.00", include_in_filings=True)
    add_evidence(other)  # released: not asked
    filing = make_filing(campaign, organizer, regulator)
    assert _problems(filing)["evidence_not_released"] == {
        "code": "evidence_not_released",
        "blocking": False,
        "items": 1,
        "members": 1,
    }
    client.force_login(organizer.user)
    page = client.get(filing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "有 1 份已上传的证据尚未同意用于投诉文书" in page and "请这些成员处理" in page
    assert client.post(reverse("filings:ask_for_evidence", args=[filing.pk])).status_code == 302
    task = MemberTask.objects.get(audience=MemberTask.Audience.EVIDENCE_NOT_IN_FILINGS)
    broadcast = Broadcast.objects.get(kind="task_assigned")
    assert campaign_members_audience(broadcast.audience_args, 0, 100) == [member.user_id]

    client.force_login(member.user)
    done = client.post(reverse("campaigns:task_done", args=[campaign.slug, task.pk]))
    assert done.status_code == 302 and done.url == reverse("evidence:review", args=[kept_out.pk])
    evidence_services.evidence_approve(
        actor=member.user, item=kept_out, share_with_group=True, include_in_filings=True
    )
    problems = _problems(filing)
    assert "evidence_not_released" not in problems
    with translation.override("en"), pytest.raises(services.FilingError, match="already released"):
        services.filing_ask_for_evidence(actor=organizer.user, filing=filing)


def test_once_the_filing_that_needed_names_is_sent_nobody_is_still_asked_to_be_named(
    client, campaign, organizer, member, moderator
):
    from complaints.campaigns.models import MemberTask

    regulator = RegulatorFactory(requires_named_complainants=True, channel="email", email="t@reg.example.org")
    filing = make_filing(campaign, organizer, regulator)
    client.force_login(organizer.user)
    client.post(reverse("filings:ask_to_be_named", args=[filing.pk]))
    task = MemberTask.objects.get(audience=MemberTask.Audience.NOT_NAMED)
    services.filing_consent_update(
        actor=member.user, filing=filing, membership=member, disclose_identity=True
    )
    regenerate(filing, organizer, narrative="余额被冻结。", demands="退款。")
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    services.filing_approve(actor=moderator, filing=filing)
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert task.title in dashboard, "before sending, the organizer is still asked"
    filing.refresh_from_db()
    services.filing_submit(actor=organizer.user, filing=filing)
    dashboard = client.get(reverse("campaigns:dashboard")).content.decode()
    assert task.title not in dashboard, "the choice is gone once the filing was sent"
