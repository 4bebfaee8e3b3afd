"""Following a campaign or a platform without joining: counts the public sees, news that reaches followers,
and nothing that tells an organizer (or anyone) who follows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.campaigns.services import campaign_approve, campaign_post_update, campaign_start
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Notification
from complaints.notifications.services import digest_send_due
from complaints.outreach.models import Follow
from complaints.outreach.services import follow_news_relay, follow_set
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db


def _follow_page(client, user, campaign, mode="instant"):
    client.force_login(user)
    return client.post(
        reverse("outreach:follow_campaign", args=[campaign.slug]),
        {"mode": mode, "next": campaign.get_absolute_url()},
    )


def test_signed_in_person_follows_a_campaign_without_joining(client, campaign, organizer):
    follower = UserFactory()
    response = _follow_page(client, follower, campaign)
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "You follow this campaign: its news reaches you at once." in page
    assert not campaign.memberships.filter(user=follower).exists()


def test_visitor_is_sent_to_sign_in_and_nothing_is_followed(client, campaign):
    response = client.post(reverse("outreach:follow_campaign", args=[campaign.slug]), {"mode": "instant"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()
    assert "Sign in to follow this campaign" in client.get(campaign.get_absolute_url()).content.decode()


def test_follower_count_is_hidden_below_five_and_shown_from_five(client, campaign, organizer):
    for _ in range(4):
        follow_set(actor=UserFactory(), campaign=campaign)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Fewer than 5 people follow this campaign." in page
    assert "4 people follow" not in page
    follow_set(actor=UserFactory(), campaign=campaign)
    client.force_login(UserFactory())  # a signed-in page is not the cached anonymous one
    assert "5 people follow this campaign." in client.get(campaign.get_absolute_url()).content.decode()


def test_organizer_never_sees_who_follows(client, campaign, organizer, member):
    follower = UserFactory(display_name="Fang Follower", email="fang.follower@example.org")
    follow_set(actor=follower, campaign=campaign)
    client.force_login(organizer)
    for url in (
        campaign.get_absolute_url(),
        reverse("campaigns:members", args=[campaign.slug]),
        reverse("campaigns:updates", args=[campaign.slug]),
    ):
        page = client.get(url).content.decode()
        assert "Fang Follower" not in page and "fang.follower" not in page


def test_someone_elses_follow_cannot_be_stopped(client, campaign):
    follow = follow_set(actor=UserFactory(), campaign=campaign)
    client.force_login(UserFactory())
    assert client.post(reverse("outreach:unfollow", args=[follow.pk])).status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_pending_campaign_cannot_be_followed(client, campaign):
    campaign.status = campaign.Status.PENDING
    campaign.save(update_fields=["status"])
    response = _follow_page(client, UserFactory(), campaign)
    assert response.status_code == 404 and not Follow.objects.exists()


def test_update_reaches_followers_at_once_or_in_the_digest_and_members_once(
    campaign, organizer, member, django_capture_on_commit_callbacks, mailoutbox
):
    follow_news_relay()  # the relay starts from now
    instant, daily = UserFactory(email="instant@example.org"), UserFactory(email="daily@example.org")
    follow_set(actor=instant, campaign=campaign)
    follow_set(actor=daily, campaign=campaign, mode=Follow.Mode.DAILY)
    follow_set(actor=member, campaign=campaign)  # a member who also follows hears it once, as a member
    with django_capture_on_commit_callbacks(execute=True):
        campaign_post_update(actor=organizer, campaign=campaign, title="退款进展", body="平台已回复")
    with django_capture_on_commit_callbacks(execute=True):
        follow_news_relay()
    with django_capture_on_commit_callbacks(execute=True):
        follow_news_relay()  # a second run tells nobody twice
    assert Notification.objects.filter(recipient=instant, kind=Kind.FOLLOWED_NEWS).count() == 1
    assert Notification.objects.filter(recipient=daily, kind=Kind.FOLLOWED_DIGEST).count() == 1
    assert Notification.objects.filter(recipient=member).values_list("kind", flat=True).count() >= 1
    assert not Notification.objects.filter(recipient=member, kind__startswith="followed").exists()
    (mail,) = [m for m in mailoutbox if m.to == ["instant@example.org"]]
    assert "退款进展" in mail.body
    assert not [m for m in mailoutbox if m.to == ["daily@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send_due() >= 1
    (digest,) = [m for m in mailoutbox if m.to == ["daily@example.org"]]
    assert "退款进展" in digest.body
    # Nothing in what followers receive names the organizer.
    assert organizer.email not in mail.body and organizer.display_name not in mail.body


def test_no_match_at_intake_then_told_when_a_campaign_starts(
    client, platform, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    follow_news_relay()
    waiting = UserFactory(email="waiting@example.org")
    client.force_login(waiting)
    session = client.session
    session["campaigns.intake"] = {
        "platform": platform.slug,
        "category": "not_credited",
        "description": "充值没到账",
    }
    session.save()
    page = client.get(reverse("campaigns:intake") + "?step=matches").content.decode()
    assert "Tell me when one starts" in page
    client.post(
        reverse("outreach:follow_platform", args=[platform.slug]),
        {"mode": "instant", "category": "not_credited"},
    )
    assert Follow.objects.filter(user=waiting, platform=platform, category="not_credited").exists()
    other_harm = UserFactory(email="other@example.org")
    follow_set(actor=other_harm, platform=platform, category="account_frozen")
    starter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        new = campaign_start(
            actor=starter, platform=platform, category="not_credited", title="好多充值不到账",
            summary="充值后余额没有变化。", demands="退款",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        campaign_approve(actor=moderator, campaign=new)
    with django_capture_on_commit_callbacks(execute=True):
        follow_news_relay()
    told = Notification.objects.get(recipient=waiting, kind=Kind.FOLLOWED_NEWS)
    assert told.target_url == new.get_absolute_url()
    (mail,) = [m for m in mailoutbox if m.to == ["waiting@example.org"]]
    assert "好多充值不到账" in mail.body
    assert not Notification.objects.filter(recipient=other_harm).exists()
    assert not Notification.objects.filter(recipient=starter, kind__startswith="followed").exists()


def test_platform_follower_count_counts_people_and_hides_small_numbers(client, platform, campaign):
    person = UserFactory()
    follow_set(actor=person, platform=platform)
    follow_set(actor=person, platform=platform, category="account_frozen")
    page = client.get(platform.get_absolute_url()).content.decode()
    assert "Fewer than 5 people follow this platform." in page
    for _ in range(4):
        follow_set(actor=UserFactory(), platform=platform)
    client.force_login(UserFactory())
    assert "5 people follow this platform." in client.get(platform.get_absolute_url()).content.decode()


def test_following_page_lists_only_my_follows(client, campaign, platform):
    mine, theirs = UserFactory(), UserFactory()
    follow_set(actor=mine, campaign=campaign)
    follow_set(actor=theirs, platform=platform)
    client.force_login(mine)
    page = client.get(reverse("outreach:following")).content.decode()
    assert campaign.title in page and f"/platforms/{platform.slug}/" not in page


def test_news_from_before_the_follow_is_not_sent_as_news(
    campaign, organizer, django_capture_on_commit_callbacks, mailoutbox
):
    follow_news_relay()  # the relay starts from now
    with django_capture_on_commit_callbacks(execute=True):
        campaign_post_update(actor=organizer, campaign=campaign, title="旧消息", body="关注之前发布")
    late = UserFactory(email="late@example.org")
    follow_set(actor=late, campaign=campaign)  # follows after the update, before the relay ran
    with django_capture_on_commit_callbacks(execute=True):
        follow_news_relay()
    assert not Notification.objects.filter(recipient=late, kind=Kind.FOLLOWED_NEWS).exists()
    assert not [m for m in mailoutbox if m.to == ["late@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        campaign_post_update(actor=organizer, campaign=campaign, title="新消息", body="关注之后发布")
    with django_capture_on_commit_callbacks(execute=True):
        follow_news_relay()
    (note,) = Notification.objects.filter(recipient=late, kind=Kind.FOLLOWED_NEWS)
    assert "新消息" in str(note.params)


def test_intake_offers_to_tell_me_when_only_other_platforms_campaigns_match(client, platform):
    CampaignFactory(title="充值没到账 top-up not credited", category="not_credited")  # another platform
    client.force_login(UserFactory())
    session = client.session
    session["campaigns.intake"] = {
        "platform": platform.slug,
        "category": "not_credited",
        "description": "充值没到账",
    }
    session.save()
    page = client.get(reverse("campaigns:intake") + "?step=matches").content.decode()
    assert "Similar problems on other platforms" in page, "the other platform's campaign is listed"
    assert "Tell me when one starts" in page, "and the person can still wait for one about their platform"


def test_a_follower_who_joined_nothing_finds_what_they_follow_from_my_campaigns(client, campaign):
    follower = UserFactory()
    follow_set(actor=follower, campaign=campaign)
    client.force_login(follower)
    page = client.get(reverse("campaigns:dashboard")).content.decode()
    assert reverse("outreach:following") in page
    assert campaign.title in client.get(reverse("outreach:following")).content.decode()
