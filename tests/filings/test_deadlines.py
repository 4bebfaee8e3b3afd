"""Answer deadlines in working days, with China's holidays and make-up workdays; overdue handling."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from complaints.filings import services
from complaints.filings.models import Filing, Submission
from complaints.filings.workdays import add_working_days, is_working_day
from complaints.notifications.models import Broadcast
from tests.factories import RegulatorFactory
from tests.filings.conftest import approved_filing


def test_national_day_week_and_its_make_up_saturday():
    assert not is_working_day(date(2025, 10, 3))
    assert is_working_day(date(2025, 10, 11)), "Saturday 11 October 2025 is a make-up workday"
    assert is_working_day(date(2025, 9, 28)), "Sunday 28 September 2025 is a make-up workday"
    # Sent on Tuesday 30 September 2025: the 8 days off do not count, Saturday 11 October does.
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_spring_festival_2026():
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)  # make-up Saturday
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_other_jurisdictions_count_weekends_only():
    assert is_working_day(date(2025, 10, 3), jurisdiction="GB")
    assert not is_working_day(date(2025, 10, 11), jurisdiction="GB")
    assert add_working_days(date(2025, 10, 3), 1, jurisdiction="GB") == date(2025, 10, 6)


def test_provincial_jurisdiction_uses_the_national_calendar():
    assert not is_working_day(date(2025, 10, 2), jurisdiction="CN-SH")


@pytest.mark.django_db
def test_overdue_submission_tells_organizers_once_and_proposes_the_next_ladder_step(
    campaign, organizer, member, moderator
):
    association = RegulatorFactory(
        kind="consumer_association", ladder_rank=2, channel="postal", postal_address="x"
    )
    regulator = RegulatorFactory(kind="regulator", ladder_rank=3, jurisdiction="CN")
    filing = approved_filing(campaign, organizer, association, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    services.submission_send(submission_id=submission.pk)
    submission.refresh_from_db()
    services.submission_record_tracking(actor=organizer.user, submission=submission, tracking_number="EMS9")
    submission.refresh_from_db()
    later = submission.due_at + timedelta(days=1)
    assert services.submissions_mark_overdue(today=submission.due_at) == 0
    assert services.submissions_mark_overdue(today=later) == 1
    assert services.submissions_mark_overdue(today=later) == 0
    assert Broadcast.objects.filter(kind="deadline_passed").count() == 1
    proposal = Filing.objects.get(regulator=regulator)
    assert proposal.campaign == campaign and proposal.status == Filing.Status.DRAFT
    assert Submission.objects.get(pk=submission.pk).overdue_notified_at is not None


@pytest.fixture
def sent_submission(campaign, organizer, member, moderator):
    regulator = RegulatorFactory(channel="postal", postal_address="北京", jurisdiction="CN")
    filing = approved_filing(campaign, organizer, regulator, moderator)
    submission = services.filing_submit(actor=organizer.user, filing=filing)
    services.submission_send(submission_id=submission.pk)
    submission.refresh_from_db()
    return services.submission_record_tracking(
        actor=organizer.user, submission=submission, tracking_number="E1"
    )


@pytest.mark.django_db
def test_extension_and_pause_are_recorded_with_a_reason(sent_submission, organizer):
    from complaints.filings.models import DeadlineChange

    due = sent_submission.due_at
    with pytest.raises(services.FilingError):
        services.submission_extend_deadline(
            actor=organizer.user, submission=sent_submission, days=5, reason=""
        )
    extended = services.submission_extend_deadline(
        actor=organizer.user, submission=sent_submission, days=5, reason="监管部门来电要求延期"
    )
    assert extended.due_at == add_working_days(due, 5, jurisdiction="CN")
    paused = services.submission_pause_deadline(actor=organizer.user, submission=extended, reason="调解中")
    assert services.submissions_mark_overdue(today=paused.due_at + timedelta(days=30)) == 0, (
        "a paused clock is not overdue"
    )
    services.submission_resume_deadline(actor=organizer.user, submission=paused, reason="调解失败")
    kinds = list(DeadlineChange.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["extend", "pause", "resume"]


@pytest.mark.django_db
def test_member_confirms_outcome_and_campaign_figures_follow(client, campaign, member, organizer):
    from django.urls import reverse

    from complaints.filings.models import Outcome

    client.force_login(member.user)
    url = reverse("filings:outcome", args=[campaign.slug])
    assert client.post(url, {"result": "partly", "amount_received": "60.00"}).status_code == 302
    assert Outcome.objects.get(membership=member).amount_received == 60
    services.outcome_confirm(actor=organizer.user, membership=organizer, result="made_whole")
    campaign.refresh_from_db()
    assert campaign.confirmed_resolved_count == 1
    figures = services.outcome_figures(campaign)
    assert figures["partly"] == {"count": 1, "received": "60.00"} and figures["made_whole"]["count"] == 1
    with pytest.raises(services.FilingError):
        services.outcome_confirm(actor=organizer.user, membership=member, result="not")


def test_a_year_the_holiday_package_has_follows_its_notice():
    # 2026 notice: Sunday 20 September is a make-up workday, Friday 25 September (Mid-Autumn) is off.
    assert is_working_day(date(2026, 9, 20))
    assert not is_working_day(date(2026, 9, 25))


def test_a_year_the_package_does_not_know_yet_still_skips_its_statutory_days():
    from complaints.filings.workdays import CN_STATUTORY_FALLBACK, cn_calendar_covers

    year = max(CN_STATUTORY_FALLBACK)
    if cn_calendar_covers(year):
        pytest.skip(f"the installed chinesecalendar already has the {year} notice")
    # Sent on Thursday 31 December 2026: New Year's Day 2027 (a Friday) does not count.
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert not is_working_day(date(2027, 10, 1))
    assert is_working_day(date(2027, 10, 4), jurisdiction="GB")
