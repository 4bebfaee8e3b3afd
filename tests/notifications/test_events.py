"""The events of the other apps reach the right people, once, without slowing the request that caused them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.campaigns import services as campaigns
from complaints.evidence.models import EvidenceItem
from complaints.evidence.services import evidence_processing_fail
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Notification
from tests.factories import CampaignFactory, ModeratorFactory, UserFactory, bulk_members, join, organize

pytestmark = pytest.mark.django_db


def _told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def _post_update(client: Client, campaign, n: int, capture) -> int:
    with capture(execute=False) as callbacks, CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("campaigns:update_create", args=[campaign.slug]),
            {"title": f"Filing sent {n}", "body": "We filed with the regulator."},
        )
    assert response.status_code == 302
    fanned = Notification.objects.filter(kind=Kind.UPDATE_POSTED, params__update=f"Filing sent {n}")
    assert not fanned.exists(), "the request fans nothing out"
    for callback in callbacks:
        callback()
    return len(queries)


def test_an_update_to_n_members_makes_n_notifications_and_the_request_costs_the_same(
    django_capture_on_commit_callbacks,
):
    small, large = CampaignFactory(), CampaignFactory()
    organizers = []
    for campaign, members in ((small, 3), (large, 1200)):
        organizer = organize(campaign).user
        organizers.append(organizer)
        bulk_members(campaign, members)
    client = Client(headers={"Accept-Language": "en"})

    client.force_login(organizers[0])
    few = _post_update(client, small, 3, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=Kind.UPDATE_POSTED).count() == 3  # not the author

    client.force_login(organizers[1])
    many = _post_update(client, large, 1200, django_capture_on_commit_callbacks)
    assert many == few, "posting to 1,200 members costs the request the same queries as to 3"
    large_ids = set(large.memberships.exclude(user=organizers[1]).values_list("user_id", flat=True))
    told = set(
        Notification.objects.filter(kind=Kind.UPDATE_POSTED, params__update="Filing sent 1200").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == large_ids and len(told) == 1200


def test_approve_and_reject_reach_the_organizers_only(django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    approved, rejected = CampaignFactory(status="pending"), CampaignFactory(status="pending")
    organizer = organize(CampaignFactory()).user  # an organizer elsewhere
    starter_a, starter_b = UserFactory(), UserFactory()
    from complaints.campaigns.models import Membership

    for campaign, starter in ((approved, starter_a), (rejected, starter_b)):
        Membership.objects.create(campaign=campaign, user=starter, role="organizer", pseudonym_number=1)
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_approve(actor=moderator, campaign=approved)
        campaigns.campaign_reject(actor=moderator, campaign=rejected, reason="Duplicate of an open one")
    assert _told(Kind.CAMPAIGN_APPROVED) == {starter_a.pk}
    assert _told(Kind.CAMPAIGN_REJECTED) == {starter_b.pk}
    note = Notification.objects.get(kind=Kind.CAMPAIGN_REJECTED)
    assert "Duplicate of an open one" in note.rendered.body
    assert organizer.pk not in _told(Kind.CAMPAIGN_APPROVED) | _told(Kind.CAMPAIGN_REJECTED)


def test_merge_tells_the_moved_members_not_the_target_members(django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    source = CampaignFactory()
    target = CampaignFactory(platform=source.platform)
    moved = [join(source).user for _ in range(3)]
    stay = join(target).user
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_merge(actor=moderator, source=source, target=target)
    assert _told(Kind.CAMPAIGN_MERGED) == {u.pk for u in moved}
    assert stay.pk not in _told(Kind.CAMPAIGN_MERGED)


def test_a_task_reaches_only_the_members_it_is_for(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="10").user
    with_amount = join(campaign, amount="50").user
    without = join(campaign).user
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.task_create(
            actor=organizer,
            campaign=campaign,
            title="Enter your amount",
            description="",
            audience="missing_amount",
        )
    assert _told(Kind.TASK_ASSIGNED) == {without.pk}
    assert with_amount.pk not in _told(Kind.TASK_ASSIGNED)


def test_joining_tells_the_organizers_and_not_the_member_about_their_own_join(
    django_capture_on_commit_callbacks,
):
    campaign = CampaignFactory()
    organizer = organize(campaign).user
    other_member = join(campaign).user
    Notification.objects.all().delete()
    newcomer = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        join(campaign, newcomer)
    # (The other callback retires the kept member list: complaints.core.pieces.)
    fan_outs = [callback for callback in callbacks if "_start_fan_out" in repr(callback)]
    assert len(fan_outs) == 1, "the organizers' notice fans out from one task message"
    fan_outs[0]()
    assert _told(Kind.MEMBERSHIP_CHANGED) == set(), "nobody is told (or emailed) about what they just did"
    assert _told(Kind.MEMBER_JOINED) == {organizer.pk}
    assert other_member.pk not in _told(Kind.MEMBER_JOINED)


def test_a_consent_change_is_told_to_that_member_even_when_they_made_it(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    membership = join(campaign)
    join(campaign)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.membership_consent_update(
            actor=membership.user, membership=membership, share_with_group=True, include_in_filings=True
        )
    assert _told(Kind.CONSENT_CHANGED) == {membership.user_id}


def test_a_new_campaign_tells_the_moderators_and_nobody_else(django_capture_on_commit_callbacks):
    moderators = {ModeratorFactory().pk, ModeratorFactory().pk}
    starter = UserFactory()
    bystander = UserFactory()
    from tests.factories import PlatformFactory

    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_start(
            actor=starter,
            platform=PlatformFactory(),
            category="other",
            title="Wallet frozen",
            summary="",
            demands="",
        )
    assert _told(Kind.MODERATION_WAITING) == moderators
    assert bystander.pk not in _told(Kind.MODERATION_WAITING)


def test_failed_processing_tells_the_owner_once(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    membership = join(campaign)
    join(campaign)
    item = EvidenceItem.objects.create(
        owner=membership.user,
        membership=membership,
        campaign=campaign,
        original_name="receipt\nfake line.png",
        kind="image",
        size=10,
        sha256_original="0" * 64,
        status=EvidenceItem.Status.PROCESSING,
        attempts=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        evidence_processing_fail(item_id=item.pk, attempt=1, code="timeout", message="time limit")
        evidence_processing_fail(
            item_id=item.pk, attempt=1, code="timeout", message="time limit"
        )  # a second run of the same attempt changes nothing
    notes = Notification.objects.filter(kind=Kind.EVIDENCE_FAILED)
    assert [n.recipient_id for n in notes] == [membership.user_id]
    assert "\n" not in notes[0].rendered.title


def test_a_moderator_decision_on_reported_evidence_reaches_its_owner_only(django_capture_on_commit_callbacks):
    from complaints.evidence.services import evidence_moderate
    from complaints.moderation.services import report_create

    campaign = CampaignFactory()
    membership = join(campaign)
    reporter = join(campaign).user
    item = EvidenceItem.objects.create(
        owner=membership.user,
        membership=membership,
        campaign=campaign,
        original_name="receipt.png",
        kind="image",
        size=10,
        sha256_original="0" * 64,
        status=EvidenceItem.Status.APPROVED,
        share_with_group=True,
    )
    from complaints.campaigns.models import Membership

    Membership.objects.filter(pk=membership.pk).update(evidence_count=1)  # as evidence_approve would
    moderators = {ModeratorFactory().pk}
    with django_capture_on_commit_callbacks(execute=True):
        assert report_create(actor=reporter, target=item, reason="phone number visible")
    assert _told(Kind.MODERATION_WAITING) == moderators
    moderator = ModeratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        evidence_moderate(actor=moderator, item=item, decision="remove", reason="shows a phone number")
    notes = Notification.objects.filter(kind=Kind.EVIDENCE_MODERATED)
    assert [n.recipient_id for n in notes] == [membership.user_id]
    assert "shows a phone number" in notes[0].rendered.body
    from complaints.moderation.models import ReportedContent

    assert ReportedContent.objects.get().status == "hidden", "the report entry closes with the decision"
