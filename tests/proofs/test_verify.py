"""A party that received a filing verifies members' purchases by keyed hashes, through its own link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints.core.models import AuditEvent
from complaints.filings.channels.email import EmailTransport
from complaints.filings.models import Submission
from complaints.filings.responses import response_link_token, verify_link_token
from complaints.proofs import services
from complaints.proofs.models import CampaignKey, Claim, VerificationUpload
from tests.proofs.conftest import platform_hash

pytestmark = pytest.mark.django_db
VERIFY_LINE = (
    "To check members' purchases against your own records (by keyed hashes: no order number is exchanged in "
    "clear), download the campaign's key and upload your hashes here; this link still works after you answer:"
)


def _hash_file(lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("hashes.csv", "\n".join(lines).encode(), content_type="text/csv")


def _key_from(client, verify_url: str) -> str:
    download = client.get(verify_url + "key.txt")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    text = download.content.decode()
    assert "NFKC" in text and "hmac.new" in text  # the rules and the program
    return re.search(r"^([0-9a-f]{64})$", text, re.MULTILINE).group(1)


def test_platform_verifies_purchases_after_answering(client, members, campaign, submission):
    answer_url = reverse("filings:respond", args=[response_link_token(submission)])
    page = client.get(answer_url).content.decode()
    verify_url = re.search(r'href="(/filings/verify/[^"]+/)"', page).group(1)
    # Answering uses the answer link up; the verification page still works.
    assert client.post(answer_url, {"text": "已核实部分订单。"}).status_code == 200
    assert client.get(answer_url).status_code == 410
    verify_page = client.get(verify_url)
    assert verify_page.status_code == 200
    assert "Each link allows 5 uploads." in verify_page.content.decode() or "最多可以上传 5 次" in (
        verify_page.content.decode()
    )

    key = _key_from(client, verify_url)
    records = [f"tb2024061288{n}1" for n in range(5)] + ["TB-9999-0000-0001"]  # five members and a stranger
    csv = [f"{i},{platform_hash(key, r)},2024-06-12" for i, r in enumerate(records)]
    result = client.post(verify_url, {"hashes": _hash_file(["id,hash,date", *csv])})
    text = result.content.decode()
    numbers = sorted(m.pseudonym_number for m in members[:5])
    for number in numbers:
        assert f"#{number}" in text
    assert f"#{members[5].pseudonym_number}:" not in text
    assert "TB2024" not in text
    assert CampaignKey.objects.get(campaign=campaign).verified_members == 5
    assert VerificationUpload.objects.get().hashes_count == 6
    assert AuditEvent.objects.filter(action="proofs.key_handed_out").count() == 1
    # No uploaded hash is kept: the stranger's is nowhere.
    assert not Claim.objects.filter(digest=platform_hash(key, "TB-9999-0000-0001")).exists()

    # The public page shows the count (5 or more), in both languages.
    assert "5 members' purchases verified" in client.get(campaign.get_absolute_url()).content.decode()
    chinese = client.get(campaign.get_absolute_url(), headers={"Accept-Language": "zh-CN"})
    assert "5 名成员的购买已核实" in chinese.content.decode()


def test_fewer_than_five_verified_are_not_shown(client, members, campaign, submission):
    key = services.campaign_key(campaign).secret
    services.proofs_verify_upload(
        campaign=campaign,
        submission_id=submission.pk,
        hashes=[platform_hash(key, f"TB2024061288{n}1") for n in range(4)],
    )
    assert CampaignKey.objects.get(campaign=campaign).verified_members == 4
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "purchases verified" not in page and "purchase verified" not in page


def test_forged_or_expired_verification_links_are_refused(client, members, submission, settings):
    assert client.get("/filings/verify/eyJ2IjoiYSJ9:forged/").status_code == 410
    forged = signing.dumps({"v": submission.response_token}, salt="another-salt")
    assert client.get(f"/filings/verify/{forged}/").status_code == 410
    assert client.get(f"/filings/verify/{forged}/key.txt").status_code == 410
    # The answer link's own token is not a verification token (and the reverse).
    assert client.get(f"/filings/verify/{response_link_token(submission)}/").status_code == 410
    assert client.get(f"/filings/respond/{verify_link_token(submission)}/").status_code == 410

    url = f"/filings/verify/{verify_link_token(submission)}/"
    assert client.get(url).status_code == 200
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(days=121))
    assert client.get(url).status_code == 410
    assert client.get(url + "key.txt").status_code == 410
    assert not AuditEvent.objects.filter(action="proofs.key_handed_out").exists()


def test_a_link_allows_a_few_uploads_not_an_oracle(client, members, campaign, submission):
    url = f"/filings/verify/{verify_link_token(submission)}/"
    for _ in range(services.MAX_UPLOADS_PER_SUBMISSION):
        assert client.post(url, {"hashes": _hash_file(["ab" * 32])}).status_code == 200
    refused = client.post(url, {"hashes": _hash_file(["cd" * 32])})
    assert "the most it allows" in refused.content.decode()
    assert VerificationUpload.objects.count() == services.MAX_UPLOADS_PER_SUBMISSION


def test_garbage_uploads_change_nothing(client, members, campaign, submission):
    url = f"/filings/verify/{verify_link_token(submission)}/"
    junk = SimpleUploadedFile("x.bin", b"\x00\xff" * 5000 + b"not a hash\n" + b"g" * 64)
    response = client.post(url, {"hashes": junk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Claim.objects.filter(verified_at__isnull=False).exists()
    # Told what went wrong (order numbers instead of their hashes?), and the link keeps all its uploads.
    assert "The file holds no hashes" in response.content.decode()
    assert not VerificationUpload.objects.exists()


def test_the_filing_email_gives_the_verification_page_when_members_typed_order_numbers(
    client, members, submission
):
    message = EmailTransport().message(submission)
    body = message.body
    verify_url = reverse("filings:verify", args=[verify_link_token(submission)])
    assert submission.response_url in body
    language = submission.version.filing.language
    with translation.override(language):
        line = gettext(VERIFY_LINE)
    assert line in body  # in the filing's language
    assert language.startswith("en") or "keyed hashes" not in line
    assert submission.verify_url.endswith(verify_url) and submission.verify_url in body
    # The address in the email is the working page, where the key is downloaded.
    page = client.get(verify_url)
    assert page.status_code == 200 and f"{verify_url}key.txt".encode() in page.content


def test_the_filing_email_leaves_the_verification_page_out_when_there_is_nothing_to_verify(
    campaign, organizer, submission
):
    assert not Claim.objects.filter(campaign_id=campaign.pk).exists()
    body = EmailTransport().message(submission).body
    assert submission.response_url in body and "/filings/verify/" not in body
