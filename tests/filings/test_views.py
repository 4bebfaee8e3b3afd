"""Who sees and does what: organizers draft and submit, moderators approve, members see submitted filings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.filings import services
from complaints.filings.models import Filing, FilingConsent
from tests.factories import UserFactory, join
from tests.filings.conftest import approved_filing, build_pending, make_filing

pytestmark = pytest.mark.django_db


def _submitted(campaign, organizer, regulator, moderator):
    regulator.channel = "postal"
    regulator.postal_address = "北京市西城区"
    regulator.save()
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    services.submission_send(submission_id=submission.pk)  # the task, run inline
    filing.refresh_from_db()
    return filing


def test_organizer_creates_a_filing_and_sees_progress(client, campaign, organizer, member, regulator):
    client.force_login(organizer.user)
    response = client.post(
        reverse("filings:new", args=[campaign.slug]), {"regulator": regulator.pk, "language": "zh-hans"}
    )
    filing = Filing.objects.get()
    assert response.status_code == 302 and response.url == filing.get_absolute_url()
    page = client.get(filing.get_absolute_url())
    assert b'hx-trigger="every 2s"' in page.content
    build_pending()
    progress = client.get(reverse("filings:progress", args=[filing.pk]))
    assert b"every 2s" not in progress.content
    assert client.get(filing.get_absolute_url()).status_code == 200


def test_member_and_outsider_cannot_draft(client, campaign, organizer, member, regulator):
    url = reverse("filings:new", args=[campaign.slug])
    client.force_login(member.user)
    assert client.post(url, {"regulator": regulator.pk, "language": "en"}).status_code == 403
    client.force_login(UserFactory())
    assert client.post(url, {"regulator": regulator.pk, "language": "en"}).status_code == 403
    assert not Filing.objects.exists()


def test_outsiders_and_members_get_404_on_drafts(client, campaign, organizer, member, regulator):
    filing = make_filing(campaign, organizer, regulator)
    client.force_login(UserFactory())
    assert client.get(reverse("filings:list", args=[campaign.slug])).status_code == 404
    client.force_login(member.user)
    assert (
        filing.get_absolute_url().encode()
        not in client.get(reverse("filings:list", args=[campaign.slug])).content
    )
    for user in (member.user, UserFactory()):
        client.force_login(user)
        assert client.get(filing.get_absolute_url()).status_code == 404
        assert client.get(reverse("filings:pdf", args=[filing.pk, 1])).status_code == 404
        assert client.post(reverse("filings:submit", args=[filing.pk])).status_code == 404


def test_only_moderators_review(client, campaign, organizer, member, regulator, moderator):
    filing = make_filing(campaign, organizer, regulator)
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    url = reverse("filings:review", args=[filing.pk])
    client.force_login(organizer.user)
    assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(moderator)
    assert b"checklist" in client.get(url).content
    assert client.post(url, {"decision": "approve", "comment": ""}).status_code == 302
    filing.refresh_from_db()
    assert filing.status == Filing.Status.APPROVED and filing.approved_by == moderator


def test_organizer_submits_through_the_view(client, campaign, organizer, member, regulator, moderator):
    regulator.channel = "postal"
    regulator.postal_address = "地址"
    regulator.save()
    filing = approved_filing(campaign, organizer, regulator, moderator)
    client.force_login(member.user)
    assert client.post(reverse("filings:submit", args=[filing.pk])).status_code == 404
    client.force_login(organizer.user)
    assert client.post(reverse("filings:submit", args=[filing.pk])).status_code == 302
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED


def test_pdf_is_an_attachment_with_nosniff_and_sandbox(
    client, campaign, organizer, member, regulator, moderator
):
    filing = make_filing(campaign, organizer, regulator)
    url = reverse("filings:pdf", args=[filing.pk, 1])
    for user in (organizer.user, moderator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_members_see_submitted_filings_and_their_pdf(
    client, campaign, organizer, member, regulator, moderator
):
    filing = _submitted(campaign, organizer, regulator, moderator)
    client.force_login(member.user)
    assert client.get(filing.get_absolute_url()).status_code == 200
    assert client.get(reverse("filings:pdf", args=[filing.pk, 1])).status_code == 200
    assert client.get(reverse("filings:annex", args=[filing.pk, 1, "csv"])).status_code == 403
    page = client.get(campaign.get_absolute_url())
    assert filing.get_absolute_url().encode() in page.content
    client.force_login(UserFactory())
    assert client.get(filing.get_absolute_url()).status_code == 404
    assert client.get(reverse("filings:pdf", args=[filing.pk, 1])).status_code == 404


def test_member_chooses_to_disclose_identity(client, campaign, organizer, member, regulator):
    filing = make_filing(campaign, organizer, regulator)
    client.force_login(member.user)
    assert (
        client.post(reverse("filings:consent", args=[filing.pk]), {"disclose_identity": "on"}).status_code
        == 302
    )
    assert FilingConsent.objects.get(filing=filing, membership=member).disclose_identity
    client.force_login(UserFactory())
    assert (
        client.post(reverse("filings:consent", args=[filing.pk]), {"disclose_identity": "on"}).status_code
        == 404
    )


def test_organizer_records_a_tracking_number(client, campaign, organizer, member, regulator, moderator):
    filing = _submitted(campaign, organizer, regulator, moderator)
    submission = filing.current_version.submissions.get()
    assert submission.status == "needs_manual"
    url = reverse("filings:tracking", args=[filing.pk, submission.pk])
    client.force_login(moderator)
    assert client.post(url, {"tracking_number": "X"}).status_code == 403
    client.force_login(organizer.user)
    assert client.post(url, {"tracking_number": "EMS1"}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == "sent"


def test_filing_page_query_budget(client, campaign, organizer, regulator, django_assert_max_num_queries):
    for _ in range(5):
        join(campaign, include_in_filings=True)
    filing = make_filing(campaign, organizer, regulator)
    client.force_login(organizer.user)
    with django_assert_max_num_queries(20):
        assert client.get(filing.get_absolute_url()).status_code == 200


def test_facts_with_someone_elses_phone_are_shown_highlighted_and_no_version_is_made(
    client, campaign, organizer, member, regulator
):
    filing = make_filing(campaign, organizer, regulator)
    versions = filing.versions.count()
    client.force_login(organizer.user)
    response = client.post(
        reverse("filings:regenerate", args=[filing.pk]),
        {"narrative": "成员张三的电话是13812345678。", "demands": "退款", "keep_personal_data": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<mark class="finding blocked"' in page and ">13812345678</mark>" in page
    assert filing.versions.count() == versions


def test_the_review_has_no_preselected_decision_and_refuses_a_submit_without_one(
    client, campaign, organizer, member, regulator, moderator
):
    filing = make_filing(campaign, organizer, regulator)
    services.filing_send_for_approval(actor=organizer.user, filing=filing)
    url = reverse("filings:review", args=[filing.pk])
    client.force_login(moderator)
    page = client.get(url).content.decode()
    assert 'type="radio" name="decision" value="approve"' in page and "checked" not in page
    response = client.post(url, {"comment": "Looks fine"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "请选择审核决定：批准这份投诉文书，或退回修改。" in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == Filing.Status.AWAITING_APPROVAL and filing.approved_by is None


def test_the_new_filing_page_says_plainly_when_no_evidence_is_released_yet(
    client, campaign, organizer, member
):
    from tests.filings.conftest import add_evidence

    client.force_login(organizer.user)
    url = reverse("filings:new", args=[campaign.slug])
    add_evidence(member, include_in_filings=False)  # uploaded, kept out of filings
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No evidence is released for filings yet" in page
    assert "Include the redacted version in filings" in page, "what members must do"
    assert "1 member has uploaded evidence that is not released for filings." in page
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "还没有可用于投诉文书的证据" in chinese and "将脱敏后的版本纳入投诉文书" in chinese

    add_evidence(organizer)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No evidence is released for filings yet" not in page
    assert "1 piece of evidence is released for filings and would go in as an exhibit." in page
