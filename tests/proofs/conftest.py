"""Fixtures for proofs: a campaign whose members typed order numbers, and a filing sent to a platform."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

import pytest

from complaints.campaigns.services import CaseFacts, case_update
from complaints.filings import services as filing_services
from tests.factories import (
    CampaignFactory,
    ModeratorFactory,
    PlatformFactory,
    RegulatorFactory,
    join,
    organize,
)
from tests.filings.conftest import approved_filing

# What a platform does with the instructions it downloads (written here from the rules, not imported).
_DROP = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")


def platform_hash(secret_hex: str, number: str) -> str:
    normalized = _DROP.sub("", unicodedata.normalize("NFKC", number)).upper()
    return hmac.new(bytes.fromhex(secret_hex), normalized.encode(), hashlib.sha256).hexdigest()


def type_references(membership, references: str):
    case = membership.case
    facts = CaseFacts(
        amount=case.amount, currency=case.currency, incident_date=case.incident_date, references=references
    )
    return case_update(actor=membership.user, membership=membership, facts=facts)


@pytest.fixture
def campaign(db):
    return CampaignFactory(title="某商城余额清零集体投诉", platform=PlatformFactory(name="某商城"))


@pytest.fixture
def organizer(campaign):
    return organize(campaign, amount="2835.43", include_in_filings=True)


@pytest.fixture
def members(campaign, organizer):
    """Six members, each with their own order number typed in their case."""
    out = []
    for n in range(6):
        membership = join(campaign, amount="100.00", include_in_filings=True)
        type_references(membership, f"订单号：TB-2024-0612-88{n}1")
        out.append(membership)
    return out


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def submission(campaign, organizer, moderator):
    regulator = RegulatorFactory(channel="postal", postal_address="杭州")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = filing_services.filing_submit(actor=organizer.user, filing=filing)
    filing_services.submission_send(submission_id=submission.pk)
    submission.refresh_from_db()
    return filing_services.submission_record_tracking(
        actor=organizer.user, submission=submission, tracking_number="EMS"
    )


@pytest.fixture
def client():
    """Pages in English, so assertions read like the source strings (one test reads the Chinese)."""
    from django.test import Client

    return Client(headers={"Accept-Language": "en"})
