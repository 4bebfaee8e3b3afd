"""A campaign with filings sent at chosen dates, answers recorded through the filings services and outcomes
confirmed by its members."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from complaints.filings import services as filing_services
from complaints.filings.models import Filing, FilingConsent, FilingVersion, Submission
from complaints.filings.workdays import add_working_days
from tests.factories import CampaignFactory, PlatformFactory, RegulatorFactory, join, organize

# A stretch of 2025 with no public holiday in China between 3 March and 30 April (Qingming is 4 April).
MONDAY = datetime.date(2025, 3, 3)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def sent_submission(
    campaign, regulator, *, sent_on: datetime.date = MONDAY, days: int | None = None, status: str = "sent"
) -> Submission:
    """A submitted filing whose submission the channel confirmed on `sent_on`, due after the regulator's days.

    The filing's PDF and generation are the filings app's own tests; here only its sent state matters."""
    filing = Filing.objects.create(
        campaign=campaign, regulator=regulator, status=Filing.Status.SUBMITTED, submitted_at=at(sent_on, 9)
    )
    version = FilingVersion.objects.create(filing=filing, number=1, status=FilingVersion.Status.READY)
    Filing.objects.filter(pk=filing.pk).update(current_version=version)
    delivered = status == Submission.Status.SENT
    due = days if days is not None else regulator.response_days
    return Submission.objects.create(
        version=version,
        regulator=regulator,
        channel=regulator.channel,
        status=status,
        sent_at=at(sent_on) if delivered else None,
        due_at=add_working_days(sent_on, due, jurisdiction=regulator.jurisdiction) if delivered else None,
        message_id="<m@regulator.example.org>" if delivered else "",
    )


def answer(submission: Submission, organizer, text: str, *, on: datetime.date):
    """An answer recorded by an organizer through the service, dated `on`."""
    response = filing_services.response_record(actor=organizer.user, submission=submission, text=text)
    type(response).objects.filter(pk=response.pk).update(received_at=at(on, 15))
    response.refresh_from_db()
    return response


def disclose(submission: Submission, membership) -> None:
    FilingConsent.objects.create(
        filing=submission.version.filing, membership=membership, disclose_identity=True
    )


@pytest.fixture
def campaign(db):
    return CampaignFactory(
        platform=PlatformFactory(name="某钱包", name_en="SomeWallet"), title="某钱包冻结资金"
    )


@pytest.fixture
def organizer(campaign):
    return organize(campaign, amount="1000.00")


@pytest.fixture
def regulator(db):
    return RegulatorFactory(
        response_days=10, name_zh="上海市消费者权益保护委员会", name_en="Shanghai Consumer Council"
    )


def members(campaign, count: int, *, amount: str = "100.00") -> list:
    return [join(campaign, amount=amount) for _ in range(count)]
