"""The consent page: everything a person allowed, in one place, and one button that takes it back for
every filing not yet submitted (the organizers see that the member withdrew)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints.campaigns.models import Membership
from complaints.core.models import AuditEvent
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem
from complaints.filings.models import FilingConsent
from tests.factories import CampaignFactory, RegulatorFactory, UserFactory, join, organize

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def world(user):
    campaign = CampaignFactory(title="某钱包冻结资金")
    organizer = organize(campaign)
    membership = join(campaign, user, amount="100", share_with_group=True, include_in_filings=True)
    item = EvidenceItem.objects.create(
        owner=user,
        membership=membership,
        campaign=campaign,
        original_name="wallet-statement.txt",
        kind="text",
        size=1,
        sha256_original="0" * 64,
        original=store(b"x", "txt"),
        status=EvidenceItem.Status.APPROVED,
        share_with_group=True,
        include_in_filings=True,
    )
    regulator = RegulatorFactory(name_en="Consumer Council")
    pending = campaign.filings.create(regulator=regulator, status="draft")
    sent = campaign.filings.create(regulator=regulator, status="submitted")
    for filing in (pending, sent):
        FilingConsent.objects.create(filing=filing, membership=membership, disclose_identity=True)
    return {
        "campaign": campaign,
        "organizer": organizer,
        "membership": membership,
        "item": item,
        "pending": pending,
        "sent": sent,
    }


def test_consent_page_lists_every_membership_evidence_item_and_filing(client, user, world):
    client.force_login(user)
    page = client.get(reverse("accounts:consent")).content.decode()
    assert "某钱包冻结资金" in page
    assert "wallet-statement.txt" in page
    assert page.count("you agreed to be named to this regulator") == 2
    assert reverse("filings:consent", args=[world["pending"].pk]) in page
    assert reverse("filings:consent", args=[world["sent"].pk]) not in page, "a sent filing cannot change"


def test_withdrawing_applies_to_every_filing_not_yet_submitted(client, user, world):
    client.force_login(user)
    url = reverse("accounts:consent_withdraw", args=[world["campaign"].slug])
    assert client.get(url).status_code == 405

    response = client.post(url)

    assert response.status_code == 302
    membership = Membership.objects.get(pk=world["membership"].pk)
    assert not membership.share_with_group and not membership.include_in_filings
    assert membership.consent_withdrawn_at is not None
    item = EvidenceItem.objects.get(pk=world["item"].pk)
    assert not item.share_with_group and not item.include_in_filings
    assert not FilingConsent.objects.get(filing=world["pending"], membership=membership).disclose_identity
    assert FilingConsent.objects.get(filing=world["sent"], membership=membership).disclose_identity
    assert AuditEvent.objects.filter(action="account.consent_withdraw", actor=user).exists()

    # The organizer sees it in the member list.
    organizer = Client(headers={"Accept-Language": "en"})
    organizer.force_login(world["organizer"].user)
    members = organizer.get(reverse("campaigns:members", args=[world["campaign"].slug])).content.decode()
    assert "withdrew consent" in members


def test_a_person_cannot_withdraw_for_a_campaign_they_are_not_in(client, world):
    outsider = UserFactory()
    client.force_login(outsider)
    response = client.post(reverse("accounts:consent_withdraw", args=[world["campaign"].slug]))
    assert response.status_code == 404
    assert Membership.objects.get(pk=world["membership"].pk).include_in_filings


def test_consent_page_needs_login(client):
    response = client.get(reverse("accounts:consent"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_consent_page_in_chinese(user, world):
    client = Client(headers={"Accept-Language": "zh-hans"})
    client.force_login(user)
    page = client.get(reverse("accounts:consent")).content.decode()
    assert "你允许了什么" in page


def test_consent_page_query_count_does_not_grow_with_memberships(
    client, user, world, django_assert_max_num_queries
):
    client.force_login(user)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("accounts:consent"))
    for _ in range(5):
        campaign = CampaignFactory()
        join(campaign, user, include_in_filings=True)
        campaign.filings.create(regulator=RegulatorFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:consent"))
