"""The portal-wide statistics: no count below 5, no member's identity, and the same figures as the campaign
and status pages on the same data."""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from complaints.campaigns.models import Campaign
from complaints.filings.services import outcome_confirm
from complaints.filings.workdays import add_working_days
from complaints.transparency import selectors
from tests.factories import CampaignFactory, RegulatorFactory, UserFactory, bulk_members, join
from tests.transparency.conftest import MONDAY, answer, members, sent_submission

pytestmark = pytest.mark.django_db


def _counts(value, path="stats"):
    """Every whole number in the statistics that counts something, with where it is."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _counts(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _counts(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _counts(item, f"{path}[{key}]")
    elif isinstance(value, int) and not isinstance(value, bool):
        yield path, value


@pytest.fixture
def world(campaign, organizer, regulator):
    """Two public campaigns of 9 and 6 members, one of 3 and one of 5 in other kinds of harm, a pending one
    of 7. The campaign of 3 is counted nowhere: its own page hides its size, so a total that held it would
    tell it (the total less the sizes the other pages show)."""
    members(campaign, 8, amount="100.00")
    other = CampaignFactory(platform=campaign.platform, category="not_credited")
    members(other, 6, amount="50.00")
    small = CampaignFactory(category="account_frozen")
    tiny = members(small, 3, amount="9999.00")
    members(CampaignFactory(category="refund_refused"), 5, amount="10.00")
    bulk_members(CampaignFactory(status="pending", category="hidden_fees"), 7)
    return {"campaign": campaign, "other": other, "small": small, "tiny": tiny}


def test_no_figure_describes_fewer_than_5_people(world):
    stats = selectors.compute_portal_statistics()
    # Counts of campaigns are not counts of people (each campaign's page is public anyway).
    too_small = [(path, n) for path, n in _counts(stats) if 0 < n < 5 and not path.endswith(".campaigns")]
    assert too_small == []
    assert "account_frozen" not in {c.category for c in stats.categories}
    assert stats.claimed == Decimal("1800.00") + Decimal("300.00") + Decimal("50.00")


def test_statistics_agree_with_the_campaign_pages(client, world):
    stats = selectors.compute_portal_statistics()
    public = Campaign.objects.filter(status__in=Campaign.PUBLIC_STATUSES)
    assert stats.campaigns == public.count() == 4
    assert stats.members == sum(c.members_count for c in public if c.members_count >= 5) == 20
    credited = next(c for c in stats.categories if c.category == "not_credited")
    page = client.get(world["campaign"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    other = client.get(world["other"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>9</strong>" in page and "<strong>6</strong>" in other
    assert "¥1,800.00" in page and "¥300.00" in other
    assert credited.members == 9 + 6
    assert credited.claimed == Decimal("1800.00") + Decimal("300.00")
    assert stats.claimed == Decimal("1800.00") + Decimal("300.00") + Decimal("50.00")
    assert {c.category: c.members for c in stats.categories} == {"not_credited": 15, "refund_refused": 5}
    assert sum(stats.joins_by_month.values()) == stats.members


def test_outcomes_agree_with_the_status_pages(client, world):
    for m in members(world["campaign"], 5):
        outcome_confirm(actor=m.user, membership=m, result="made_whole", amount_received=Decimal("40.00"))
    status = selectors.campaign_status(world["campaign"]).outcomes
    stats = selectors.compute_portal_statistics()
    assert stats.outcomes.made_whole == status.made_whole == 5
    assert stats.outcomes.recovered == status.recovered == Decimal("200.00")
    body = client.get(reverse("transparency:statistics"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "¥200.00" in body


def test_answers_on_time_by_regulator_and_by_platform(world, organizer):
    quick = RegulatorFactory(name_en="Quick Council", response_days=10)
    slow = RegulatorFactory(name_en="Slow Bureau", response_days=10)
    for i in range(6):
        submission = sent_submission(world["campaign"], quick)
        answer(submission, organizer, "已受理。", on=add_working_days(MONDAY, 2 + i % 2))
    for _ in range(4):
        sent_submission(world["other"], slow)  # never answered: missed, but only 4
    stats = selectors.compute_portal_statistics(today=add_working_days(MONDAY, 30))
    rows = {row.name_en: row for row in stats.by_regulator}
    assert (rows["Quick Council"].decided, rows["Quick Council"].on_time, rows["Quick Council"].share) == (
        6,
        6,
        100,
    )
    assert rows["Quick Council"].median_days == 3
    assert rows["Slow Bureau"].decided is None and rows["Slow Bureau"].share is None
    (platform,) = stats.by_platform
    assert (platform.decided, platform.on_time, platform.share) == (10, 6, 60)
    # The status page says the same of each of these filings.
    status = selectors.campaign_status(world["campaign"], today=add_working_days(MONDAY, 30))
    assert all(s.verdict == selectors.ON_TIME for f in status.filings for s in f.submissions)


def test_statistics_page_shows_charts_with_text_and_tables_in_both_languages(client, world):
    for language, words in (
        ("en", ("Statistics", "Show as a table", "hidden")),
        ("zh-hans", ("统计", "以表格显示", "已隐藏")),
    ):
        body = client.get(reverse("transparency:statistics"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for word in words:
            assert word in body
        assert body.count('role="img"') >= 3
        assert re.search(r"<desc id=\"harm-d\">[^<]+</desc>", body)
        assert "<table" in body
        assert "&lt;5" not in body, "a value hidden so another cannot be subtracted may be 5 or more"


def test_statistics_page_names_nobody(client, world):
    person = UserFactory(display_name="李雷雷", email="lilei@example.org")
    join(world["campaign"], person, amount="10.00")
    body = client.get(reverse("transparency:statistics")).content.decode()
    assert "李雷雷" not in body and "lilei@example.org" not in body


def test_statistics_are_cached(client, world, django_assert_max_num_queries):
    selectors.portal_statistics()
    with django_assert_max_num_queries(0):
        selectors.portal_statistics()
    with django_assert_max_num_queries(3):  # the session-free page: language, nothing of the statistics
        assert client.get(reverse("transparency:statistics")).status_code == 200


def test_the_small_campaign_is_not_counted_in_any_total(world):
    stats = selectors.compute_portal_statistics(today=MONDAY + datetime.timedelta(days=1))
    assert (
        stats.members == 20
    )  # 23 joined public campaigns; the 3 would be the total less the pages' 9, 6 and 5
    assert stats.campaigns == 4  # campaigns are not people: the small one is listed
    assert all(c.members is None or c.members >= 5 or c.members == 0 for c in stats.categories)


def test_statistics_cost_a_fixed_number_of_queries(world, organizer, django_assert_max_num_queries):
    regulator = RegulatorFactory()
    for campaign in (world["campaign"], world["other"]):
        for _ in range(3):
            answer(sent_submission(campaign, regulator), organizer, "已受理。", on=MONDAY)
    with django_assert_max_num_queries(8):
        selectors.compute_portal_statistics()


def test_money_recovered_of_one_small_group_cannot_be_worked_out_from_the_total(world):
    big = members(world["campaign"], 6)
    for m in big:
        outcome_confirm(actor=m.user, membership=m, result="made_whole", amount_received=Decimal("100.00"))
    few = members(world["small"], 2)
    for m in few:
        outcome_confirm(actor=m.user, membership=m, result="partly", amount_received=Decimal("7.00"))
    stats = selectors.compute_portal_statistics()
    assert stats.outcomes.recovered == Decimal("614.00")
    recovered = {c.category: c.recovered for c in stats.categories}
    # The 2 are hidden, and the 6 with them: 614 - 600 would otherwise give the 2 members' 14 yuan.
    assert recovered["account_frozen"] is None and recovered["not_credited"] is None


def test_every_chart_says_what_it_shows_before_the_chart(client, world):
    body = client.get(reverse("transparency:statistics"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    figures = re.findall(r"<figure>(.*?)</figure>", body, re.DOTALL)
    assert len(figures) >= 3
    for figure in figures:
        assert figure.lstrip().startswith("<figcaption>"), "the caption comes first, then the chart"
        assert re.search(r"<figcaption>[^<]+</figcaption>", figure), "a caption with words"
        assert "<desc" in figure or 'role="img"' in figure, "the chart keeps its text alternative"
    assert "Show as a table" in body


def test_a_month_whose_joins_all_stand_in_hidden_months_is_marked_hidden_not_missing_or_zero(world):
    from django.utils import timezone

    from complaints.campaigns.models import Membership
    from complaints.campaigns.services import campaign_recount

    today = timezone.localdate()
    earlier = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    two = list(Membership.objects.filter(campaign=world["campaign"]).order_by("pk")[:2])
    Membership.objects.filter(pk__in=[m.pk for m in two]).update(
        joined_at=timezone.make_aware(datetime.datetime.combine(earlier, datetime.time(10)))
    )
    campaign_recount(campaign=world["campaign"])  # its chart: 2 last month, 7 this month: both hidden
    stats = selectors.compute_portal_statistics()
    assert stats.joins_by_month[f"{earlier:%Y-%m}"] is None  # listed, hidden; not 0, not left out
    assert all(v is None or v >= 5 for v in stats.joins_by_month.values())
