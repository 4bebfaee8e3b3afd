""" "Report this": one mechanism for campaigns, updates, evidence and responses; repeats merge; moderators
claim, then hide or dismiss with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.campaigns.models import CampaignUpdate
from complaints.campaigns.services import campaign_post_update
from complaints.core.models import AuditEvent
from complaints.moderation.models import Claim, Report, ReportedContent
from complaints.moderation.services import REPORTS_PER_HOUR
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Notification
from tests.factories import CampaignFactory, ModeratorFactory, UserFactory, join

pytestmark = pytest.mark.django_db


def _report_url(obj) -> str:
    return reverse("moderation:report_this", args=[obj._meta.label_lower, obj.pk])


@pytest.fixture
def update(campaign, organizer):
    return campaign_post_update(
        actor=organizer, campaign=campaign, title="Spam link", body="buy followers here"
    )


def test_repeat_reports_of_one_update_merge_into_one_entry_with_count_and_reasons(client, campaign, update):
    reporters = [join(campaign).user for _ in range(3)]
    for n, person in enumerate(reporters):
        client.force_login(person)
        response = client.post(_report_url(update), {"reason": f"spam reason {n}"})
        assert response.status_code == 302
    client.post(_report_url(update), {"reason": "same person again"})
    entry = ReportedContent.objects.get()
    assert entry.reports_count == 3 and Report.objects.count() == 3

    moderator = ModeratorFactory()
    client.force_login(moderator)
    page = client.get(reverse("moderation:reports")).content.decode()
    assert page.count("Spam link") == 1 and "3 reports" in page
    detail = client.get(reverse("moderation:report", args=[entry.pk])).content.decode()
    assert all(f"spam reason {n}" in detail for n in range(3)) and "same person again" not in detail


def test_the_report_page_is_shown_on_campaign_pages_and_only_for_what_the_person_may_see(
    client, campaign, update, platform
):
    client.force_login(UserFactory())
    assert "Report this" in client.get(campaign.get_absolute_url()).content.decode()
    assert client.get(_report_url(campaign)).status_code == 200
    hidden = CampaignFactory(platform=platform, status="pending")
    assert client.get(_report_url(hidden)).status_code == 404
    assert client.get(reverse("moderation:report_this", args=["accounts.user", 1])).status_code == 404
    client.logout()
    assert client.post(_report_url(campaign), {"reason": "x"}).status_code == 302
    assert not Report.objects.exists()


def test_moderator_hides_a_reported_update_with_a_reason_the_author_is_told(
    client, campaign, organizer, update, django_capture_on_commit_callbacks
):
    client.force_login(join(campaign).user)
    client.post(_report_url(update), {"reason": "scam"})
    entry = ReportedContent.objects.get()
    first, second = ModeratorFactory(display_name="Mod Wang"), ModeratorFactory()
    client.force_login(first)
    client.post(reverse("moderation:claim", args=["moderation.reportedcontent", entry.pk]))
    client.force_login(second)
    response = client.post(reverse("moderation:report_hide", args=[entry.pk]), {"reason": "x"}, follow=True)
    assert "Mod Wang is working on this item" in response.content.decode()

    client.force_login(first)
    assert client.post(reverse("moderation:report_hide", args=[entry.pk]), {"reason": ""}).status_code == 302
    assert ReportedContent.objects.get().status == "open", "no decision without a reason"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("moderation:report_hide", args=[entry.pk]), {"reason": "commercial spam"})
    entry.refresh_from_db()
    assert entry.status == "hidden" and entry.decided_by == first and not Claim.objects.exists()
    assert (
        "buy followers" not in client.get(reverse("campaigns:updates", args=[campaign.slug])).content.decode()
    )
    assert CampaignUpdate.objects.get(pk=update.pk).body != "buy followers here"
    event = AuditEvent.objects.get(action="report.hide")
    assert event.reason == "commercial spam" and "buy followers here" in event.data["hidden_text"]
    assert set(Notification.objects.filter(kind=Kind.CONTENT_HIDDEN).values_list("recipient", flat=True)) == {
        organizer.pk
    }


def test_dismissing_keeps_the_content_and_a_new_report_reopens_the_entry(client, campaign, update):
    reporter, later = join(campaign).user, join(campaign).user
    client.force_login(reporter)
    client.post(_report_url(update), {"reason": "I disagree"})
    entry = ReportedContent.objects.get()
    client.force_login(ModeratorFactory())
    client.post(reverse("moderation:report_dismiss", args=[entry.pk]), {"reason": "not abuse"})
    entry.refresh_from_db()
    assert entry.status == "dismissed" and CampaignUpdate.objects.get(pk=update.pk).title == "Spam link"
    assert AuditEvent.objects.filter(action="report.dismiss", reason="not abuse").exists()
    client.force_login(later)
    client.post(_report_url(update), {"reason": "really spam"})
    entry.refresh_from_db()
    assert entry.status == "open" and entry.reports_count == 2


def test_reporting_is_rate_limited(client, platform):
    person = UserFactory()
    campaigns = [CampaignFactory(platform=platform) for _ in range(REPORTS_PER_HOUR + 1)]
    client.force_login(person)
    for campaign in campaigns:
        client.post(_report_url(campaign), {"reason": "spam"})
    assert Report.objects.filter(reporter=person).count() == REPORTS_PER_HOUR


def test_members_cannot_reach_the_reports_queue(client, campaign, update):
    client.force_login(join(campaign).user)
    client.post(_report_url(update), {"reason": "spam"})
    entry = ReportedContent.objects.get()
    for name, args in (("reports", []), ("report", [entry.pk])):
        assert client.get(reverse(f"moderation:{name}", args=args)).status_code == 404
    assert client.post(reverse("moderation:report_hide", args=[entry.pk]), {"reason": "x"}).status_code == 404
    assert ReportedContent.objects.get().status == "open"
