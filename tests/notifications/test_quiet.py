"""Notifications stay true and quiet: joins grouped per campaign and day, done things stop asking."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.campaigns import services as campaigns
from complaints.campaigns.models import Campaign
from complaints.evidence import services as evidence_services
from complaints.evidence.models import EvidenceItem
from complaints.evidence.processing import notify_owner
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Notification
from tests.factories import CampaignFactory, ModeratorFactory, PlatformFactory, UserFactory, join, organize
from tests.filings.conftest import add_evidence

pytestmark = pytest.mark.django_db


def _unread(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind, read_at__isnull=True))


def test_fifteen_joins_give_the_organizer_one_notice_counted_in_place(
    client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(title="某钱包冻结资金")
    organizer = organize(campaign).user
    for _ in range(15):
        with django_capture_on_commit_callbacks(execute=True):
            join(campaign, UserFactory())
    notices = list(Notification.objects.filter(recipient=organizer, kind=Kind.MEMBER_JOINED))
    assert len(notices) == 1 and notices[0].params["count"] == 15 and notices[0].read_at is None
    with translation.override("zh-hans"):
        assert notices[0].rendered.title == "“某钱包冻结资金”今天有 15 人加入"
    client.force_login(organizer)
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count("今天有 15 人加入") == 1

    client.post(reverse("notifications:mark_all_read"))
    with django_capture_on_commit_callbacks(execute=True):
        join(campaign, UserFactory())
    notice = Notification.objects.get(recipient=organizer, kind=Kind.MEMBER_JOINED)
    assert notice.params["count"] == 16 and notice.read_at is None, "news again, in the same place"
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "今天有 16 人加入" in page and "今天有 15 人加入" not in page


def test_a_completed_task_stops_asking(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    organizer = organize(campaign).user
    member = join(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        task = campaigns.task_create(
            actor=organizer, campaign=campaign, title="上传银行截图", description="", audience="all"
        )
    assert len(_unread(member.user, Kind.TASK_ASSIGNED)) == 1
    campaigns.task_complete(actor=member.user, task=task, membership=member)
    assert _unread(member.user, Kind.TASK_ASSIGNED) == []


def test_reviewed_evidence_stops_asking_its_owner(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    organize(campaign)
    member = join(campaign)
    item = add_evidence(member, status=EvidenceItem.Status.NEEDS_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        notify_owner(actor=None, item_id=item.pk, kind=Kind.EVIDENCE_PROCESSED, key="processed:1")
    assert len(_unread(member.user, Kind.EVIDENCE_PROCESSED)) == 1
    evidence_services.evidence_approve(
        actor=member.user, item=item, share_with_group=True, include_in_filings=True
    )
    assert _unread(member.user, Kind.EVIDENCE_PROCESSED) == []


def test_a_decided_campaign_stops_asking_the_moderators(django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    starter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = campaigns.campaign_start(
            actor=starter,
            platform=PlatformFactory(),
            category="other",
            title="直播礼物重复扣费",
            summary="送礼物后被重复扣费。",
            demands="退还重复扣费。",
        )
    assert len(_unread(moderator, Kind.MODERATION_WAITING)) == 1
    campaigns.campaign_approve(actor=moderator, campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.OPEN
    assert _unread(moderator, Kind.MODERATION_WAITING) == []


def test_a_campaign_decided_in_the_same_transaction_leaves_the_moderators_nothing_to_do(
    django_capture_on_commit_callbacks,
):
    """The demo loads and approves its campaigns in one transaction: no notice may outlive the decision."""
    moderator = ModeratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("直播礼物重复扣费", "会员自动续费"):
            campaign = campaigns.campaign_start(
                actor=UserFactory(), platform=PlatformFactory(), category="other", title=title,
                summary="重复扣费。", demands="退款。",
            )  # fmt: skip
            campaigns.campaign_approve(actor=moderator, campaign=campaign, reason="demo data")
        waiting = campaigns.campaign_start(
            actor=UserFactory(), platform=PlatformFactory(), category="other", title="提现手续费",
            summary="未公示的手续费。", demands="退还手续费。",
        )  # fmt: skip
    unread = _unread(moderator, Kind.MODERATION_WAITING)
    assert [(n.target_id) for n in unread] == [str(waiting.pk)], "one notice, for the campaign still waiting"


def test_evidence_confirmed_in_the_same_transaction_as_it_was_processed_never_asks_its_owner(
    django_capture_on_commit_callbacks,
):
    """The demo processes and confirms evidence in one transaction: the "please review" notice is not
    delivered after commit for a file already confirmed."""
    campaign = CampaignFactory()
    organize(campaign)
    member = join(campaign)
    item = add_evidence(member, status=EvidenceItem.Status.NEEDS_REVIEW)
    other = add_evidence(member, status=EvidenceItem.Status.NEEDS_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        notify_owner(actor=None, item_id=item.pk, kind=Kind.EVIDENCE_PROCESSED, key="processed:1")
        notify_owner(actor=None, item_id=other.pk, kind=Kind.EVIDENCE_PROCESSED, key="processed:1")
        evidence_services.evidence_approve(
            actor=member.user, item=item, share_with_group=True, include_in_filings=True
        )
    unread = _unread(member.user, Kind.EVIDENCE_PROCESSED)
    assert [n.target_id for n in unread] == [str(other.pk)], "only the file still waiting asks"
