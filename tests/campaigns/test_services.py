from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from complaints.campaigns import services
from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.services import CaseFacts
from complaints.core.models import AuditEvent
from tests.factories import CampaignFactory, ModeratorFactory, UserFactory, join

pytestmark = pytest.mark.django_db


def fresh(campaign: Campaign) -> Campaign:
    return Campaign.objects.get(pk=campaign.pk)


def test_joining_twice_makes_one_membership_and_counts_once(campaign):
    user = UserFactory()
    first, created = services.campaign_join(
        actor=user, campaign=campaign, facts=CaseFacts(amount=Decimal("50"))
    )
    again, created_again = services.campaign_join(
        actor=user, campaign=campaign, facts=CaseFacts(amount=Decimal("50"))
    )
    assert created and not created_again
    assert first.pk == again.pk
    assert Membership.objects.filter(campaign=campaign, user=user).count() == 1
    assert fresh(campaign).members_count == 1
    assert fresh(campaign).total_claimed == Decimal("50.00")


def test_pseudonym_numbers_are_sequential_and_stable_across_leave_and_rejoin(campaign):
    a, b, c = (join(campaign) for _ in range(3))
    assert [a.pseudonym_number, b.pseudonym_number, c.pseudonym_number] == [1, 2, 3]
    services.membership_leave(actor=b.user, membership=b)
    d = join(campaign)
    assert d.pseudonym_number == 4, "a number once given is never reused"
    back = join(campaign, b.user)
    assert back.pk == b.pk and back.pseudonym_number == 2
    with translation.override("en"):
        assert str(back.pseudonym) == "Member #2"


def test_leaving_withdraws_consent_and_stops_counting(campaign):
    stay = join(campaign, amount=100)
    leaver = join(
        campaign,
        amount=40,
        incident_date=datetime.date(2025, 1, 2),
        share_with_group=True,
        include_in_filings=True,
    )
    assert fresh(campaign).total_claimed == Decimal("140.00")
    services.membership_leave(actor=leaver.user, membership=leaver)
    leaver.refresh_from_db()
    assert leaver.status == Membership.Status.LEFT
    assert not leaver.share_with_group and not leaver.include_in_filings
    assert leaver.consent_updated_at is not None
    figures = fresh(campaign)
    assert figures.members_count == 1
    assert figures.total_claimed == Decimal("100.00")
    assert figures.first_incident_on is None, "the only dated case left"
    assert AuditEvent.objects.filter(action="membership.leave", target_id=str(leaver.pk)).exists()
    assert stay.is_active


def test_case_edit_moves_total_histogram_and_date_range(campaign):
    m = join(campaign, amount=80, incident_date=datetime.date(2025, 3, 1))
    join(campaign, amount=20000, incident_date=datetime.date(2025, 5, 1))
    c = fresh(campaign)
    assert c.total_claimed == Decimal("20080.00")
    assert c.amount_histogram == {"0": 1, "5": 1}
    assert (c.first_incident_on, c.last_incident_on) == (datetime.date(2025, 3, 1), datetime.date(2025, 5, 1))
    services.case_update(
        actor=m.user,
        membership=m,
        facts=CaseFacts(amount=Decimal("700"), incident_date=datetime.date(2025, 4, 1)),
    )
    c = fresh(campaign)
    assert c.total_claimed == Decimal("20700.00")
    assert c.amount_histogram == {"2": 1, "5": 1}
    assert c.first_incident_on == datetime.date(2025, 4, 1)
    services.case_update(actor=m.user, membership=m, facts=CaseFacts(amount=Decimal("10"), currency="USD"))
    c = fresh(campaign)
    assert c.total_claimed == Decimal("20000.00")
    assert c.claimed_other_currencies == {"USD": "10.00"}


def test_counters_match_a_full_recount(campaign):
    people = [
        join(campaign, amount=a, incident_date=datetime.date(2025, 1, d))
        for a, d in [(10, 1), (600, 5), (9, 9)]
    ]
    services.membership_confirm_resolved(actor=people[0].user, membership=people[0], resolved=True)
    services.membership_leave(actor=people[2].user, membership=people[2])
    kept = fresh(campaign)
    recounted = services.campaign_recount(campaign=fresh(campaign))
    for name in (
        "members_count",
        "total_claimed",
        "amount_histogram",
        "joins_by_month",
        "first_incident_on",
        "last_incident_on",
        "confirmed_resolved_count",
        "claimed_other_currencies",
    ):
        assert getattr(kept, name) == getattr(recounted, name), name
    assert kept.confirmed_resolved_count == 1
    assert kept.last_incident_on == datetime.date(2025, 1, 5)


def test_cannot_join_a_campaign_that_is_not_open(platform):
    pending = CampaignFactory(platform=platform, status="pending")
    with pytest.raises(services.CampaignError):
        services.campaign_join(actor=UserFactory(), campaign=pending)


def test_starting_a_campaign_makes_the_starter_organizer_with_a_case(platform):
    user = UserFactory()
    campaign = services.campaign_start(
        actor=user,
        platform=platform,
        category="balance_lost",
        title="账户注销后余额清零",
        summary="注销后余额没了",
        demands="退还余额",
        facts=CaseFacts(amount=Decimal("2835.43")),
    )
    assert campaign.status == Campaign.Status.PENDING
    membership = campaign.memberships.get()
    assert membership.user == user and membership.role == "organizer" and membership.pseudonym_number == 1
    assert membership.case.amount == Decimal("2835.43")
    assert campaign.members_count == 1 and campaign.total_claimed == Decimal("2835.43")
    assert campaign.slug, "Chinese titles still get an address"
    assert AuditEvent.objects.filter(action="campaign.start", target_id=str(campaign.pk)).exists()


def test_last_organizer_cannot_leave_members_behind(campaign, organizer, member):
    membership = Membership.objects.get(campaign=campaign, user=organizer)
    with pytest.raises(services.CampaignError):
        services.membership_leave(actor=organizer, membership=membership)
    other = Membership.objects.get(campaign=campaign, user=member)
    services.membership_promote(actor=organizer, membership=other)
    services.membership_leave(actor=organizer, membership=membership)
    assert Membership.objects.get(pk=membership.pk).role == "member"


def test_task_completion_counts_once(campaign, organizer, member):
    task = services.task_create(
        actor=organizer, campaign=campaign, title="上传付款截图", description="", audience="all"
    )
    membership = Membership.objects.get(campaign=campaign, user=member)
    services.task_complete(actor=member, task=task, membership=membership)
    services.task_complete(actor=member, task=task, membership=membership)
    task.refresh_from_db()
    assert task.completions_count == 1


def test_approve_and_reject_are_audited_and_need_a_moderator(platform):
    moderator = ModeratorFactory()
    a = CampaignFactory(platform=platform, status="pending")
    b = CampaignFactory(platform=platform, status="pending")
    with pytest.raises(services.PermissionDenied):
        services.campaign_approve(actor=UserFactory(), campaign=a)
    services.campaign_approve(actor=moderator, campaign=a)
    services.campaign_reject(actor=moderator, campaign=b, reason="重复了")
    assert fresh(a).status == "open"
    assert fresh(b).status == "rejected" and fresh(b).rejection_reason == "重复了"
    assert AuditEvent.objects.get(action="campaign.approve").actor == moderator
    assert AuditEvent.objects.get(action="campaign.reject").reason == "重复了"
    with pytest.raises(services.CampaignError):
        services.campaign_approve(actor=moderator, campaign=b)


def test_merge_moves_members_renumbers_dedupes_and_recounts(platform):
    moderator = ModeratorFactory()
    target = CampaignFactory(platform=platform)
    source = CampaignFactory(platform=platform, status="open")
    both = UserFactory()
    t1 = join(target, amount=100)
    join(target, both, amount=None)
    s_both = join(source, both, amount=55, incident_date=datetime.date(2025, 2, 2))
    s_only = join(source, amount=200, share_with_group=True)
    s_left = join(source, amount=999)
    services.membership_leave(actor=s_left.user, membership=s_left)
    older = CampaignFactory(platform=platform, status="merged", merged_into=source)

    services.campaign_merge(actor=moderator, source=source, target=target, reason="duplicate")

    source, target = fresh(source), fresh(target)
    assert source.status == "merged" and source.merged_into == target
    assert fresh(older).merged_into == target, "earlier merges follow to the new home"
    moved = Membership.objects.get(pk=s_only.pk)
    assert moved.campaign == target and moved.pseudonym_number == 3 and moved.merged_from == source
    assert moved.share_with_group and moved.case.amount == Decimal("200.00")
    kept = Membership.objects.get(campaign=target, user=both)
    assert kept.case.amount == Decimal("55.00"), "facts missing in the target come from the source"
    assert Membership.objects.get(pk=s_both.pk).status == "left"
    assert Membership.objects.filter(campaign=target, user=both).count() == 1
    numbers = list(Membership.objects.filter(campaign=target).values_list("pseudonym_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 4
    assert target.members_count == 3
    assert target.total_claimed == Decimal("355.00")
    assert source.members_count == 0
    assert t1.pseudonym_number == 1
    assert AuditEvent.objects.get(action="campaign.merge").data["into"] == target.pk
    assert target.updates.filter(kind="merge").exists()
    # New joiners still get fresh numbers after the merge.
    assert join(target).pseudonym_number == 5


def test_search_index_follows_edits(campaign, organizer):
    from complaints.campaigns.search import campaign_search

    assert not campaign_search("退款拒绝").exists()
    services.campaign_edit(
        actor=organizer, campaign=campaign, title="好多商城退款拒绝", summary="x", demands=""
    )
    assert list(campaign_search("退款拒绝")) == [campaign]
    assert not campaign_search("充值未到账").exists()
