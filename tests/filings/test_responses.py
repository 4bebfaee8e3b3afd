"""Answers: a one-time, expiring response link without an account; organizers record answers by hand."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.filings import services
from complaints.filings.models import Response
from complaints.filings.responses import response_link_token, submission_for_reply_address
from complaints.notifications.models import Broadcast
from tests.factories import UserFactory
from tests.filings.conftest import approved_filing, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(campaign, organizer, member, regulator, moderator):
    regulator.channel = "postal"
    regulator.postal_address = "北京"
    regulator.save()
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    services.submission_send(submission_id=submission.pk)
    submission.refresh_from_db()
    return services.submission_record_tracking(
        actor=organizer.user, submission=submission, tracking_number="EMS"
    )


def test_regulator_answers_once_through_the_link_with_an_attachment(client, submission, member, campaign):
    url = reverse("filings:respond", args=[response_link_token(submission)])
    assert submission.response_url.endswith(url)
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("answer.png", png_bytes(), content_type="image/png")
    assert (
        client.post(url, {"text": "已受理，将于15个工作日内答复。", "attachment": upload}).status_code == 200
    )
    response = Response.objects.get()
    assert response.source == Response.Source.LINK and response.attachment_type == "image/png"
    assert "answer" not in response.attachment.name
    assert Broadcast.objects.filter(kind="response_received").exists()
    # Single use.
    assert client.get(url).status_code == 410
    assert client.post(url, {"text": "again"}).status_code == 410
    assert Response.objects.count() == 1
    # Members see it on the campaign page and can open the attachment; outsiders cannot.
    client.force_login(member.user)
    assert "已受理".encode() in client.get(campaign.get_absolute_url()).content
    file_url = reverse("filings:response_attachment", args=[submission.version.filing_id, response.pk])
    download = client.get(file_url)
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    client.force_login(UserFactory())
    assert client.get(file_url).status_code == 404


def test_link_rejects_disguised_files_and_expires(client, submission):
    url = reverse("filings:respond", args=[response_link_token(submission)])
    fake = SimpleUploadedFile("answer.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"text": "见附件", "attachment": fake})
    assert response.status_code == 200 and not Response.objects.exists()
    later = timezone.now() + timedelta(days=365)
    with mock.patch("django.core.signing.time.time", autospec=True, return_value=later.timestamp()):
        assert client.get(url).status_code == 410
    assert client.get(reverse("filings:respond", args=["forged:token"])).status_code == 410


def test_organizer_records_an_answer_by_hand(client, submission, organizer, member):
    url = reverse("filings:response_record", args=[submission.version.filing_id, submission.pk])
    client.force_login(member.user)
    assert client.post(url, {"text": "x"}).status_code == 403  # sees the submitted filing, cannot change it
    client.force_login(organizer.user)
    assert client.post(url, {"text": "电话告知：已退款一部分。"}).status_code == 302
    assert Response.objects.get().source == Response.Source.ORGANIZER


def test_reply_to_the_submission_address_becomes_a_response(submission):
    assert submission_for_reply_address("filing+nope@tongsu.localhost") is None
    assert submission_for_reply_address(f"filing+{submission.response_token}@evil.example") is None
    assert submission_for_reply_address(f"<{submission.reply_to}>") == submission
    response = services.response_receive_email(submission=submission, text="已收到，正在核查。")
    assert response.source == Response.Source.EMAIL and response.submission == submission
