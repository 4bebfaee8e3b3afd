from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import CampaignFactory, PlatformFactory, join, organize


@pytest.fixture
def client():
    """Pages in English, so assertions read like the source strings."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def platform(db):
    return PlatformFactory(
        slug="haoduo", name="好多商城", name_en="Haoduo Mall", aliases=["好多", "HD Mall", "好多购物"]
    )


@pytest.fixture
def campaign(platform):
    return CampaignFactory(
        platform=platform,
        slug="haoduo-topup",
        title="好多商城充值未到账",
        summary="充值成功但余额没有增加，客服说是网络问题。",
    )


@pytest.fixture
def organizer(campaign):
    return organize(campaign, amount="300").user


@pytest.fixture
def member(campaign, organizer):
    return join(campaign, amount="120.50", share_with_group=True).user
