"""A small world for rankings and open data: one platform big enough to rank, one too small, a filing sent and
answered, outcomes; dates put in last month (the rankings count complete months)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.services import campaign_recount
from complaints.filings.models import Filing, FilingVersion, Outcome, Response, Submission
from complaints.rankings.periods import add_months, this_month
from tests.factories import (
    CampaignFactory,
    PlatformFactory,
    RegulatorFactory,
    UserFactory,
    bulk_members,
    join,
)


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


def last_month() -> datetime.date:
    return add_months(this_month(), -1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def outcomes(memberships, result: str, *, amount: str | None = None, when: datetime.datetime) -> None:
    rows = [
        Outcome(membership=m, result=result, amount_received=Decimal(amount) if amount else None)
        for m in memberships
    ]
    Outcome.objects.bulk_create(rows)
    Outcome.objects.filter(membership__in=list(memberships)).update(confirmed_at=when)


def sent_filing(campaign: Campaign, regulator, *, sent: datetime.datetime, due: datetime.date, answered=None):
    filing = Filing.objects.create(campaign=campaign, regulator=regulator, status=Filing.Status.SUBMITTED)
    version = FilingVersion.objects.create(filing=filing, number=1, status=FilingVersion.Status.READY)
    submission = Submission.objects.create(
        version=version,
        regulator=regulator,
        channel=regulator.channel,
        status=Submission.Status.SENT,
        sent_at=sent,
        due_at=due,
    )
    if answered:
        response = Response.objects.create(
            submission=submission, source=Response.Source.LINK, text="已受理。联系人：王五 13800138000"
        )
        Response.objects.filter(pk=response.pk).update(received_at=answered)
    return submission


@dataclass
class World:
    big: object
    small: object
    big_campaign: Campaign
    small_campaign: Campaign
    regulator: object
    submission: Submission
    small_people: list
    month: datetime.date


@pytest.fixture
def world(db) -> World:
    month = last_month()
    big = PlatformFactory(slug="haoduo", name="好多商城", name_en="Haoduo Mall", sector="ecommerce")
    small = PlatformFactory(slug="xiaoqian", name="小钱包", name_en="Little Wallet", sector="payment")
    big_campaign = CampaignFactory(platform=big, slug="haoduo-topup", title="好多商城充值未到账")
    small_campaign = CampaignFactory(platform=small, slug="xiaoqian-frozen", title="小钱包冻结资金")
    bulk_members(big_campaign, 30, amount="200.00")
    small_people = [UserFactory(display_name=f"Zhang Wei {i}") for i in range(3)]
    for person in small_people:
        join(small_campaign, person, amount="5000")
    Membership.objects.update(joined_at=at(month.replace(day=3)))
    for campaign in (big_campaign, small_campaign):  # the joins chart's months follow the back-dated joins
        campaign_recount(campaign=campaign)
    Campaign.objects.update(created_at=at(month.replace(day=2)))
    big_members = list(Membership.objects.filter(campaign=big_campaign).order_by("pk"))
    outcomes(big_members[:12], Outcome.Result.MADE_WHOLE, amount="200.00", when=at(month.replace(day=20)))
    outcomes(big_members[12:20], Outcome.Result.NOT, when=at(month.replace(day=21)))
    small_members = list(Membership.objects.filter(campaign=small_campaign))
    outcomes(small_members[:2], Outcome.Result.MADE_WHOLE, amount="5000", when=at(month.replace(day=20)))
    regulator = RegulatorFactory(slug="samr", name_zh="市场监督管理总局", name_en="SAMR", response_days=7)
    # Sent on the 5th, due on the 20th, answered on the 12th: on time.
    submission = sent_filing(
        big_campaign,
        regulator,
        sent=at(month.replace(day=5)),
        due=month.replace(day=20),
        answered=at(month.replace(day=12)),
    )
    return World(big, small, big_campaign, small_campaign, regulator, submission, small_people, month)
