"""The nightly snapshots: what a month counts, and that running the task again changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from complaints.campaigns.figures import public_count, public_share
from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.services import campaign_recount
from complaints.core.models import AuditEvent
from complaints.filings.models import Outcome
from complaints.filings.workdays import working_days_between
from complaints.rankings import selectors
from complaints.rankings.figures import snapshot_figures
from complaints.rankings.models import PlatformSnapshot
from complaints.rankings.periods import add_months
from complaints.rankings.tasks import snapshots_task
from tests.rankings.conftest import at, outcomes

pytestmark = pytest.mark.django_db


def _values(month):
    return list(
        PlatformSnapshot.objects.filter(month=month)
        .order_by("platform__slug")
        .values(
            "platform__slug",
            "members_joined",
            "members_total",
            "campaigns_started",
            "filings_sent",
            "deadlines_due",
            "answered_on_time",
            "answer_days",
            "regulator_answer_median_days",
            "outcomes_reported",
            "outcomes_made_whole",
            "outcomes_with_amount",
            "money_recovered",
        )
    )


def test_the_month_counts_joins_filings_deadlines_answers_and_outcomes(world):
    snapshots_task.delay()
    big = PlatformSnapshot.objects.get(platform=world.big, month=world.month)
    assert (big.members_joined, big.members_total, big.campaigns_started) == (30, 30, 1)
    assert (big.filings_sent, big.deadlines_due, big.answered_on_time) == (1, 1, 1)
    sent, answered = world.month.replace(day=5), world.month.replace(day=12)
    days = working_days_between(sent, answered)
    assert big.answer_days == {str(days): 1}
    assert big.regulator_answer_median_days == Decimal(days)
    assert (big.outcomes_reported, big.outcomes_made_whole, big.outcomes_with_amount) == (20, 12, 12)
    assert big.money_recovered == Decimal("2400.00")
    assert big.platform_reply_median_days is None
    small = PlatformSnapshot.objects.get(platform=world.small, month=world.month)
    # Its campaign of 3 is counted nowhere: a platform's joins less its campaign pages' sizes would tell it.
    assert (small.members_joined, small.outcomes_reported) == (0, 0)


def test_the_nightly_task_run_twice_writes_the_same_rows(world):
    snapshots_task.delay()
    first = _values(world.month)
    ids = set(PlatformSnapshot.objects.values_list("pk", flat=True))
    snapshots_task.delay()
    assert _values(world.month) == first
    assert set(PlatformSnapshot.objects.values_list("pk", flat=True)) == ids
    assert AuditEvent.objects.filter(action="rankings.snapshots_write").count() == 2


def test_a_campaign_rejected_after_the_fact_leaves_the_snapshots_on_the_next_run(world):
    snapshots_task.delay()
    Campaign.objects.filter(pk=world.small_campaign.pk).update(status=Campaign.Status.REJECTED)
    snapshots_task.delay()
    assert not PlatformSnapshot.objects.filter(platform=world.small).exists()
    assert PlatformSnapshot.objects.filter(platform=world.big, month=world.month).exists()


def test_members_who_left_before_the_month_ended_are_not_in_its_size(world):
    leaving = Membership.objects.filter(campaign=world.big_campaign).order_by("pk")[:4]
    Membership.objects.filter(pk__in=[m.pk for m in leaving]).update(
        status=Membership.Status.LEFT, left_at=at(world.month.replace(day=25))
    )
    assert timezone.now() > at(world.month.replace(day=25))
    snapshots_task.delay()
    big = PlatformSnapshot.objects.get(platform=world.big, month=world.month)
    assert (big.members_joined, big.members_total) == (30, 26)


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (20_000, 20_000)])
def test_public_count_hides_one_to_four_people(count, shown):
    assert public_count(count) == shown


def test_public_share_hides_shares_of_or_about_fewer_than_five_people():
    assert public_share(2, 30) is None  # names 2 people
    assert public_share(3, 4) is None  # of 4 people
    assert public_share(0, 4) is None
    assert public_share(0, 0) is None
    assert public_share(0, 30) == 0
    assert public_share(27, 30) is None  # tells of the 3 who were not
    assert public_share(30, 30) == 1
    assert public_share(12, 20) == 0.6


def test_a_month_of_few_joins_cannot_be_worked_out_from_the_others(world):
    """Joins of 3 in one month and 27 in the next: the campaign's chart hides the 3 and so the 27 (its public total
    less 27 would tell the 3); the platform's months add up only what the chart shows, so neither is counted, and
    no sum of months tells either."""
    earlier = add_months(world.month, -1)
    first = list(Membership.objects.filter(campaign=world.big_campaign).order_by("pk")[:3])
    Membership.objects.filter(pk__in=[m.pk for m in first]).update(joined_at=at(earlier.replace(day=9)))
    for campaign in Campaign.objects.filter(
        memberships__in=Membership.objects.filter(pk__in=[m.pk for m in first])
    ).distinct():
        campaign_recount(campaign=campaign)
    snapshots_task.delay()
    rows = {s.month: s for s in PlatformSnapshot.objects.filter(platform=world.big)}
    assert rows[world.month].members_joined == 0 and (
        earlier not in rows or rows[earlier].members_joined == 0
    )
    # Not 0 (30 joined): a month whose joins all stand in hidden months is not shown.
    assert snapshot_figures(rows[world.month])["members_joined"] is None
    for period in ("year", "30d"):
        ranked = next(r for r in selectors.ranking(period=period) if r.slug == "haoduo")
        assert ranked.figures["members_joined"] is None


def test_money_of_a_month_with_few_amounts_is_not_in_a_period_sum(world):
    earlier = add_months(world.month, -1)
    few = list(Membership.objects.filter(campaign=world.big_campaign).order_by("-pk")[:2])
    outcomes(few, Outcome.Result.PARTLY, amount="50.00", when=at(earlier.replace(day=15)))
    snapshots_task.delay()
    last = next(r for r in selectors.ranking(period="30d") if r.slug == "haoduo")
    assert last.figures["money_recovered"] == Decimal("2400.00")
    quarter = next(r for r in selectors.ranking(period="quarter") if r.slug == "haoduo")
    assert quarter.figures["money_recovered"] is None  # 2,500 less 2,400 would tell the two members' 100


def test_the_platforms_first_reply_time_is_counted_in_the_month_of_the_reply():
    from complaints.replies.models import PlatformDomain, Reply
    from complaints.replies.services import reply_post
    from tests.factories import CampaignFactory
    from tests.replies.conftest import approved_representative

    campaign = CampaignFactory(slug="reply-rank")
    PlatformDomain.objects.create(platform=campaign.platform, domain="shop.example.cn")
    rep = approved_representative(campaign.platform, email="care@shop.example.cn")
    reply_post(actor=rep.user, campaign=campaign, kind=Reply.Kind.REPLY, text="已处理。")
    snapshots_task()
    month = timezone.localdate().replace(day=1)
    snap = PlatformSnapshot.objects.get(platform=campaign.platform, month=month)
    started = timezone.localdate(campaign.created_at)
    assert snap.platform_reply_median_days == working_days_between(started, timezone.localdate())


def test_a_platforms_month_less_its_campaigns_shown_months_tells_no_hidden_month(db):
    """The walk's leak: a platform's month joins of 11 beside one campaign's chart showing 8 told that the other
    campaign, whose chart hides its months of 3, had 3. A platform's month now adds up only shown months."""
    from tests.factories import CampaignFactory, PlatformFactory, bulk_members

    month = add_months(timezone.localdate().replace(day=1), -1)
    earlier = add_months(month, -1)
    platform = PlatformFactory(slug="pingtai")
    shown, hidden = CampaignFactory(platform=platform), CampaignFactory(platform=platform)
    bulk_members(shown, 8)
    bulk_members(hidden, 6)
    Membership.objects.filter(campaign=shown).update(joined_at=at(month.replace(day=3)))
    late = list(Membership.objects.filter(campaign=hidden).order_by("pk").values_list("pk", flat=True))
    Membership.objects.filter(pk__in=late[:3]).update(joined_at=at(earlier.replace(day=3)))
    Membership.objects.filter(pk__in=late[3:]).update(joined_at=at(month.replace(day=3)))
    for campaign in (shown, hidden):
        campaign_recount(campaign=campaign)
    snapshots_task.delay()
    rows = {s.month: s for s in PlatformSnapshot.objects.filter(platform=platform)}
    assert rows[month].members_joined == 8  # not 11: 11 - 8 would be the hidden campaign's month
    assert earlier not in rows or rows[earlier].members_joined == 0
