"""Every app takes part in export, deletion warning and lock: what a person sees in their archive and on the
warning page, and what stops at once when they lock their account."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from complaints.accounts import lifecycle
from complaints.accounts import services as account_services
from complaints.accounts.models import User
from complaints.campaigns.models import Membership
from complaints.campaigns.services import CaseFacts, case_update
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem
from complaints.evidence.processing import evidence_process
from complaints.filings.models import FilingConsent
from complaints.notifications.models import Broadcast, Notification, NotificationPreference
from complaints.notifications.services import notify
from tests.factories import (
    PASSWORD,
    CampaignFactory,
    NotificationFactory,
    RegulatorFactory,
    UserFactory,
    join,
    organize,
)

pytestmark = pytest.mark.django_db


def _item(membership, *, data: bytes, status=EvidenceItem.Status.APPROVED, **fields) -> EvidenceItem:
    return EvidenceItem.objects.create(
        owner=membership.user,
        membership=membership,
        campaign_id=membership.campaign_id,
        original_name=fields.pop("original_name", "bank statement.txt"),
        kind="text",
        size=len(data),
        sha256_original="0" * 64,
        original=store(data, "txt"),
        status=status,
        **fields,
    )


def _archive(user, django_capture_on_commit_callbacks) -> zipfile.ZipFile:
    with django_capture_on_commit_callbacks(execute=True):
        export = account_services.export_request(actor=user)
    export.refresh_from_db()
    with export.file.open("rb") as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


def test_export_holds_every_category_and_the_original_files(user, django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    membership = join(campaign, user, amount="2835.43", share_with_group=True, include_in_filings=True)
    case_update(
        actor=user,
        membership=membership,
        facts=CaseFacts(amount=Decimal("2835.43"), references="T-2024-0001", account="余额被清零"),
    )
    item = _item(membership, data=b"statement bytes 1", share_with_group=True)
    FilingConsent.objects.create(
        filing=campaign.filings.create(regulator=RegulatorFactory()),
        membership=membership,
        disclose_identity=True,
    )
    NotificationFactory(recipient=user, params={"campaign": "wallet"})
    NotificationPreference.objects.create(user=user, kind="update_posted", mode="off")

    archive = _archive(user, django_capture_on_commit_callbacks)
    data = json.loads(archive.read("data.json"))

    assert data["profile"]["email"] == user.email
    assert data["campaigns"]["memberships"][0]["consent"] == {
        "share_with_group": True,
        "include_in_filings": True,
        "updated_at": data["campaigns"]["memberships"][0]["consent"]["updated_at"],
    }
    case = data["campaigns"]["cases"][0]
    assert (case["amount"], case["references"], case["account"]) == ("2835.43", "T-2024-0001", "余额被清零")
    assert data["evidence"][0]["file_name"] == "bank statement.txt"
    assert data["evidence"][0]["consent"]["share_with_group"] is True
    assert data["filings"]["filing_consents"][0]["disclose_identity"] is True
    assert data["notifications"]["notifications"][0]["parameters"] == {"campaign": "wallet"}
    assert data["notifications"]["preferences"] == {"update_posted": "off"}
    assert any(e["action"] == "account.export_requested" for e in data["audit"])
    # The original file itself, byte for byte, where data.json says it is.
    assert archive.read(data["evidence"][0]["file_in_archive"]) == b"statement bytes 1"
    assert data["evidence"][0]["file_in_archive"] == f"files/evidence/{item.pk}-original.txt"


def test_warning_page_names_who_takes_over_and_the_evidence(client, user):
    campaign = CampaignFactory(title="好多商城充值未到账")
    organize(campaign, user)
    successor = join(campaign)
    _item(Membership.objects.get(user=user), data=b"x")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("accounts:delete"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "好多商城充值未到账" in page
    assert f"Member #{successor.pseudonym_number}" in page and "takes it over" in page
    assert "You uploaded 1 evidence item" in page
    assert "your case there" in page
    assert "are not touched" in page
    assert reverse("accounts:export") in page


def test_locking_cancels_queued_work_and_hands_campaigns_over(user, django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    mine = organize(campaign, user)
    successor = join(campaign)
    queued = _item(mine, data=b"to be processed", status=EvidenceItem.Status.RECEIVED)
    digest = NotificationFactory(recipient=user, digest_pending=True)
    # An announcement of theirs not yet fanned out (the broker message is still in flight).
    with django_capture_on_commit_callbacks(execute=False):
        notify(
            actor=user,
            kind="update_posted",
            audience="users",
            audience_args={"ids": [successor.user_id]},
            params={"campaign": campaign.title, "update": "news"},
            dedupe_key="test-pending",
        )
    pending = Broadcast.objects.filter(actor=user, status=Broadcast.Status.PENDING)
    assert pending.exists()

    account_services.account_deletion_request(actor=user, user=user)

    queued.refresh_from_db()
    assert queued.status == EvidenceItem.Status.FAILED and queued.error_code == "cancelled"
    assert evidence_process(item_id=queued.pk) is False
    queued.refresh_from_db()
    assert queued.status == EvidenceItem.Status.FAILED, "a late task message processes nothing"
    assert not Notification.objects.filter(pk=digest.pk, digest_pending=True).exists()
    assert not pending.exists()
    assert Membership.objects.get(pk=successor.pk).role == Membership.Role.ORGANIZER


def test_erasing_one_person_leaves_another_persons_notifications(user):
    other = UserFactory()
    NotificationFactory(recipient=other)
    NotificationFactory(recipient=user)
    account_services.account_deletion_request(actor=user, user=user)
    User.objects.filter(pk=user.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert account_services.account_erase(user_id=user.pk)
    assert Notification.objects.filter(recipient=other).count() == 1
    assert Notification.objects.filter(recipient=user).count() == 0


def test_warning_lines_tell_pending_filings_from_submitted_ones(user):
    campaign = CampaignFactory()
    join(campaign, user, include_in_filings=True)
    regulator = RegulatorFactory()
    campaign.filings.create(regulator=regulator, status="draft")
    campaign.filings.create(regulator=regulator, status="submitted")
    campaign.filings.create(regulator=regulator, status="submitted")
    with translation.override("en"):
        lines = lifecycle.deletion_impact(user)
    assert "1 filing not yet submitted will leave your case out from its next version." in lines
    assert any(line.startswith("2 filings already submitted to a regulator keep your case") for line in lines)


def test_warning_page_names_the_linked_login_provider_it_does_not_touch(client, user):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(user=user, provider="github", uid="4242")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("accounts:delete"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Linked to this account: GitHub" in page
    assert "stay exactly as they are" in page


def test_a_fresh_social_login_does_not_count_as_reauthentication(client, user):
    # Signed in (for example through a linked provider) but not re-authenticated with the portal password.
    client.force_login(user)
    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response.url


def test_erasure_removes_broadcasts_addressed_to_the_person_alone(user, django_capture_on_commit_callbacks):
    from complaints.notifications.services import notify_user

    other = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(
            actor=None, user=user, kind="evidence_processed", params={"evidence": "mine.png"}, dedupe_key="a"
        )
        notify_user(
            actor=None,
            user=other,
            kind="evidence_processed",
            params={"evidence": "theirs.png"},
            dedupe_key="a",
        )
    account_services.account_deletion_request(actor=user, user=user)
    User.objects.filter(pk=user.pk).update(erase_after=timezone.now() - timedelta(seconds=1))
    assert account_services.account_erase(user_id=user.pk)
    assert not Broadcast.objects.filter(params__evidence="mine.png").exists()
    assert Broadcast.objects.filter(params__evidence="theirs.png").exists()
    assert Notification.objects.filter(recipient=other).exists()


def test_restoring_in_time_resumes_the_processing_the_lock_cancelled(
    user, django_capture_on_commit_callbacks
):
    membership = join(CampaignFactory(), user)
    queued = _item(
        membership, data="我的订单 2026-11-02 充值 300 元".encode(), status=EvidenceItem.Status.RECEIVED
    )
    account_services.account_deletion_request(actor=user, user=user)
    queued.refresh_from_db()
    assert queued.error_code == "cancelled"

    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_restore(user=user)

    queued.refresh_from_db()
    assert queued.status == EvidenceItem.Status.NEEDS_REVIEW, (queued.status, queued.error_code)
    assert queued.error_code == ""


def test_restoring_a_deleted_account_does_not_lift_a_suspension(user, moderator):
    from complaints.moderation.services import account_suspend

    account_services.account_deletion_request(actor=user, user=user)
    account_suspend(actor=moderator, user=user, reason="spam")
    account_services.account_restore(user=user)
    user.refresh_from_db()
    assert user.locked_at is None
    assert not user.is_active and user.suspended_at is not None
