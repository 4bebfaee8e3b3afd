"""Amounts, dates and times read the way people write them in each language (issue #20, item 6)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation

from complaints.core.humanize import ago, money
from tests.factories import CampaignFactory, join

NOW = datetime.datetime(2026, 12, 6, 4, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_amounts_have_a_symbol_and_thousands_separators_in_both_languages(language):
    with translation.override(language):
        assert money(Decimal("593676")) == "¥593,676.00"
        assert money(Decimal("1234.5"), "USD") == "US$1,234.50"
        assert money(None) == "–"
        # A headline figure without cents is rounded, not cut: the statistics chart read ¥691,722 for .96.
        assert money(Decimal("691722.96"), places=0) == "¥691,723"
        assert money(Decimal("60522.49"), places=0) == "¥60,522"


def test_dates_are_written_as_people_write_them():
    day = datetime.date(2026, 12, 6)
    with translation.override("zh-hans"):
        assert formats.date_format(day, "DATE_FORMAT") == "2026年12月6日"
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "6 Dec 2026"


def test_recent_times_read_naturally_not_as_seconds():
    with translation.override("zh-hans"):
        assert ago(NOW - datetime.timedelta(seconds=54), now=NOW) == "刚刚"
        assert ago(NOW - datetime.timedelta(seconds=61), now=NOW) == "1 分钟前"
        assert ago(NOW - datetime.timedelta(hours=3, minutes=5), now=NOW) == "3 小时前"
        assert ago(NOW - datetime.timedelta(days=30), now=NOW) == "2026年11月6日"
    with translation.override("en"):
        assert ago(NOW - datetime.timedelta(minutes=2), now=NOW) == "2 minutes ago"
        assert ago(NOW - datetime.timedelta(days=1, hours=1), now=NOW) == "1 day ago"


@pytest.mark.django_db
def test_campaign_page_shows_the_total_with_separators_and_no_seconds(client):
    campaign = CampaignFactory()
    for _ in range(5):
        join(campaign, amount="118735.20")
    page = client.get(
        reverse("campaigns:detail", args=[campaign.slug]), HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert "¥593,676.00" in page
    listing = client.get(reverse("campaigns:list"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "¥593,676" in listing
    assert "秒之前" not in listing and "刚刚有动态" in listing


def test_working_days_read_as_a_person_says_them():
    from decimal import Decimal

    from django.utils import translation

    from complaints.core.humanize import working_days

    with translation.override("en"):
        assert working_days(0) == "less than one working day"
        assert working_days(1) == "1 working day"
        assert working_days(3) == "3 working days"
        assert working_days(Decimal("2.5")) == "2.5 working days"
        assert working_days(None) == "–"
    with translation.override("zh-hans"):
        assert working_days(0) == "不到 1 个工作日"
        assert working_days(Decimal("0.0")) == "不到 1 个工作日"
        assert working_days(1) == "1 个工作日"
