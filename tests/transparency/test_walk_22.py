"""Issue #22's walk: the statistics page says what its table shows for groups with few decided filings, and the
rankings' methodology describes the platform's first-reply figure that the rankings now show."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from complaints.transparency import selectors
from tests.factories import RegulatorFactory
from tests.transparency.conftest import sent_submission

pytestmark = pytest.mark.django_db


def test_the_statistics_page_says_the_share_is_not_shown_below_five_decided_filings(campaign):
    slow = RegulatorFactory(name_zh="慢局", name_en="Slow Bureau", response_days=10)
    for _ in range(4):
        sent_submission(campaign, slow)  # never answered and long due: decided, but only 4
    (row,) = [r for r in selectors.compute_portal_statistics().by_regulator if r.name_en == "Slow Bureau"]
    assert row.share is None
    zh = Client(headers={"Accept-Language": "zh-hans"})
    body = zh.get(reverse("transparency:statistics")).content.decode()
    assert "少于 5 份已到期的投诉文书时，不显示比例" in body
    assert "不参与评比" not in body and "不予显示" in body, "the text and the table say the same thing"
    english = (
        Client(headers={"Accept-Language": "en"}).get(reverse("transparency:statistics")).content.decode()
    )
    assert (
        "With fewer than 5 decided filings, the share is not shown." in english and "not rated" not in english
    )


def test_the_methodology_describes_the_platforms_first_reply_as_shown():
    zh = Client(headers={"Accept-Language": "zh-hans"}).get(reverse("rankings:methodology")).content.decode()
    assert "在此之前留空" not in zh and "平台可以在同诉上回复后" not in zh
    assert "在“平台回应”一栏中以“首次回复”一行显示" in zh
    en = Client(headers={"Accept-Language": "en"}).get(reverse("rankings:methodology")).content.decode()
    assert "until then it is empty" not in en
    assert "the “first reply” line in the “Platform's reply” column" in en
