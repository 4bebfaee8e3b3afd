"""After the grace period nothing personal of an erased person is left in the database or in storage,
while what others rely on stays: submitted filings keep their frozen redacted content and every campaign
keeps its member count and totals."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.utils import timezone

from complaints.accounts import services as account_services
from complaints.accounts.models import User
from complaints.campaigns import services as campaign_services
from complaints.campaigns.models import Campaign, CampaignUpdate, Case, Membership, MemberTask
from complaints.core.services import email_queue_rendered
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem, private_storage
from complaints.filings import services as filing_services
from complaints.filings.models import FilingVersion
from complaints.moderation.models import Report, ReportedContent
from complaints.notifications.models import Notification, NotificationPreference
from tests.factories import (
    CampaignFactory,
    ModeratorFactory,
    NotificationFactory,
    RegulatorFactory,
    UserFactory,
    join,
    organize,
)
from tests.privacy import database_hits, raw_file_hits, storage_hits

pytestmark = pytest.mark.django_db(transaction=True)

PLANTED = {
    "email": "zz-planted-mail-7731@example.org",
    "second_email": "zz-planted-alt-7731@example.org",
    "name": "Qx7731 Planted Name",
    "references": "ZZORDER-7731-REF",
    "account": "我的遭遇ZZ7731经过",
    "file_name": "zz-file-7731-receipt.txt",
    "filed_file_name": "zz-filed-7731-chat.txt",
    "original": "ZZ-ORIGINAL-BYTES-7731",
    "normalized": "ZZ-NORMALIZED-BYTES-7731",
    "redacted": "ZZ-REDACTED-BYTES-7731",
    "filed_original": "ZZ-FILED-ORIGINAL-7731",
    "report": "ZZ-REPORT-REASON-7731",
}
# The redacted copy that went out in a submitted filing: frozen content, it must survive.
FILED_REDACTED = "ZZ-FILED-REDACTED-7731"


def _text_item(membership, *, name: str, original: str, normalized: str, redacted: str, **fields):
    return EvidenceItem.objects.create(
        owner=membership.user,
        membership=membership,
        campaign_id=membership.campaign_id,
        original_name=name,
        kind="text",
        category="chat_log",
        size=len(original),
        sha256_original=hashlib.sha256(original.encode()).hexdigest(),
        sha256_redacted=hashlib.sha256(redacted.encode()).hexdigest(),
        original=store(original.encode(), "txt"),
        normalized=store(normalized.encode(), "txt"),
        redacted=store(redacted.encode(), "txt"),
        status=EvidenceItem.Status.APPROVED,
        approved_at=timezone.now(),
        **fields,
    )


def _plant_everything(user) -> dict:
    """The person organizes a campaign with a submitted filing, and is in a second one, with data everywhere."""
    EmailAddress.objects.create(user=user, email=PLANTED["second_email"], verified=True, primary=False)
    campaign = CampaignFactory(created_by=user, summary=f"Started by me, {PLANTED['references']}")
    mine = organize(campaign, user, amount="2835.43", include_in_filings=True, share_with_group=True)
    other = join(campaign, amount="120.00", include_in_filings=True)
    campaign_services.case_update(
        actor=user,
        membership=mine,
        facts=campaign_services.CaseFacts(
            amount=Decimal("2835.43"), references=PLANTED["references"], account=PLANTED["account"]
        ),
    )
    campaign_services.campaign_post_update(
        actor=user,
        campaign=campaign,
        title="Progress",
        body=f"Write to me: {PLANTED['email']} — {PLANTED['name']}",
    )
    campaign_services.task_create(
        actor=user, campaign=campaign, title="Upload", description=f"问 {PLANTED['name']}", audience="all"
    )
    filed = _text_item(
        mine,
        name=PLANTED["filed_file_name"],
        original=PLANTED["filed_original"],
        normalized=PLANTED["filed_original"],
        redacted=FILED_REDACTED,
        include_in_filings=True,
        share_with_group=True,
    )
    # A filing goes out with that exhibit: its content is frozen from now on.
    organizer, moderator = mine, ModeratorFactory()
    filing = filing_services.filing_create(
        actor=organizer.user, campaign=campaign, regulator=RegulatorFactory(), language="en"
    )
    filing.refresh_from_db()
    filing_services.filing_send_for_approval(actor=user, filing=filing)
    filing_services.filing_approve(actor=moderator, filing=filing)
    filing.refresh_from_db()
    filing_services.filing_submit(actor=user, filing=filing)
    filed.refresh_from_db()
    assert filed.filed_at is not None, "submitting marks the exhibits as frozen content"

    # Evidence not (yet) in any submitted filing, reported items, notifications, queued mail.
    _text_item(
        mine,
        name=PLANTED["file_name"],
        original=PLANTED["original"],
        normalized=PLANTED["normalized"],
        redacted=PLANTED["redacted"],
    )
    elsewhere = join(CampaignFactory(), user, amount="50")
    shared = _text_item(
        other, name="other.txt", original="x", normalized="x", redacted="x", share_with_group=True
    )
    content = ReportedContent.objects.create(target_type="evidence.evidenceitem", target_id=str(shared.pk))
    Report.objects.create(content=content, reporter=user, reason=PLANTED["report"])
    NotificationFactory(recipient=user, kind="evidence_processed", params={"evidence": PLANTED["file_name"]})
    NotificationPreference.objects.create(user=user, kind="update_posted", mode="daily")
    email_queue_rendered(to=PLANTED["email"], subject="pending", body_text=f"Dear {PLANTED['name']}")
    return {
        "campaign": campaign,
        "other": other,
        "elsewhere": elsewhere,
        "version": filing.current_version,
        "filed": filed,
    }


def test_erasure_leaves_no_planted_personal_value_anywhere(django_capture_on_commit_callbacks):
    user = UserFactory(email=PLANTED["email"], display_name=PLANTED["name"])
    bystander = UserFactory(display_name="Bystander Kept")
    world = _plant_everything(user)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.export_request(actor=user)
    account_services.account_deletion_request(actor=user, user=user)
    campaign = Campaign.objects.get(pk=world["campaign"].pk)
    figures_before = (campaign.members_count, campaign.total_claimed)
    version = FilingVersion.objects.get(pk=world["version"].pk)
    pdf_sha = hashlib.sha256(private_storage.open(version.pdf.name).read()).hexdigest()

    values = list(PLANTED.values())
    found = database_hits(values) + storage_hits(values)
    for value in values:
        assert any(repr(value) in hit for hit in found), (
            f"{value!r} must be findable before erasure, or this test proves nothing"
        )

    User.objects.filter(pk=user.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert account_services.account_erase(user_id=user.pk)

    # The only trace left is the narrative of the filing already sent: frozen, as the regulator received it.
    assert database_hits(values) == [f"filings.FilingVersion.narrative contains {PLANTED['references']!r}"]
    assert FilingVersion.objects.filter(
        narrative__contains=PLANTED["references"], frozen_at__isnull=False
    ).exists()
    assert storage_hits(values) == []
    # Nor in the bytes on disk: free pages of the SQLite file, its write-ahead log, the cache, the broker.
    # (The references stay: they are in the frozen filing's narrative, as the regulator received it.)
    if connection.vendor == "sqlite":
        kept = [v for v in values if v != PLANTED["references"]]
        assert raw_file_hits(kept, Path(connection.settings_dict["NAME"]).parent) == []

    # What others rely on survives: the frozen filing with its exhibit, and the campaign's figures.
    version.refresh_from_db()
    assert version.frozen_at is not None
    assert hashlib.sha256(private_storage.open(version.pdf.name).read()).hexdigest() == pdf_sha
    filed = EvidenceItem.objects.get(pk=world["filed"].pk)
    assert private_storage.open(filed.redacted.name).read() == FILED_REDACTED.encode()
    assert not filed.original and not filed.normalized
    campaign.refresh_from_db()
    assert (campaign.members_count, campaign.total_claimed) == figures_before
    assert Membership.objects.filter(user=user).count() == 2, "memberships stay as anonymous counts"
    assert not Membership.objects.filter(user=user, include_in_filings=True).exists()
    assert not Membership.objects.filter(user=user, role=Membership.Role.ORGANIZER).exists()
    assert Case.objects.get(membership__user=user, membership__campaign=campaign).amount == Decimal("2835.43")
    update = CampaignUpdate.objects.get(campaign=campaign, title="Progress")
    assert update.author is None and "Write to me" in update.body
    assert MemberTask.objects.filter(campaign=campaign, created_by__isnull=True).exists()
    # The other member took the campaign over when the account was locked.
    assert Membership.objects.get(pk=world["other"].pk).role == Membership.Role.ORGANIZER
    assert not Notification.objects.filter(recipient=user).exists()
    bystander.refresh_from_db()
    assert bystander.display_name == "Bystander Kept"
    assert User.objects.filter(pk=user.pk).exists(), "the row stays (as an anonymous id) so counts stay right"
