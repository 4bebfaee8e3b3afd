"""Member tasks with a due date: the members it is for, who have not done it, are reminded once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from complaints.campaigns import services
from complaints.campaigns.models import MemberTask
from complaints.notifications.kinds import Kind
from complaints.notifications.models import Notification
from tests.factories import CampaignFactory, join, organize

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def reminded() -> set[int]:
    return set(Notification.objects.filter(kind=Kind.TASK_DUE).values_list("recipient_id", flat=True))


@pytest.fixture
def group():
    campaign = CampaignFactory()
    organizer = organize(campaign, amount="10").user
    done = join(campaign).user
    pending = join(campaign).user
    has_amount = join(campaign, amount="50").user
    return campaign, organizer, done, pending, has_amount


def make_task(campaign, organizer, due_on):
    return services.task_create(
        actor=organizer,
        campaign=campaign,
        title="填写金额",
        description="",
        audience=MemberTask.Audience.MISSING_AMOUNT,
        due_on=due_on,
    )


def test_members_who_have_not_done_it_are_reminded_once(group, django_capture_on_commit_callbacks):
    campaign, organizer, done, pending, has_amount = group
    task = make_task(campaign, organizer, TODAY + timedelta(days=2))
    services.task_complete(actor=done, task=task, membership=done.memberships.get())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tasks_remind_due(today=TODAY) == 1
    assert reminded() == {pending.pk}
    assert done.pk not in reminded() and has_amount.pk not in reminded()
    note = Notification.objects.get(kind=Kind.TASK_DUE)
    assert note.target_url == f"{reverse('campaigns:tasks', args=[campaign.slug])}#task-{task.pk}"
    client = Client()
    client.force_login(pending)
    page = client.get(note.target_url.split("#")[0])
    assert page.status_code == 200, "the member the notice reminds can open where it leads"
    assert f'id="task-{task.pk}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tasks_remind_due(today=TODAY + timedelta(days=1)) == 0
    assert Notification.objects.filter(kind=Kind.TASK_DUE).count() == 1


def test_tasks_due_later_or_past_or_without_date_are_left_alone(group, django_capture_on_commit_callbacks):
    campaign, organizer, *_ = group
    make_task(campaign, organizer, TODAY + timedelta(days=3))
    make_task(campaign, organizer, None)
    past = make_task(campaign, organizer, TODAY + timedelta(days=1))
    MemberTask.objects.filter(pk=past.pk).update(due_on=TODAY - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tasks_remind_due(today=TODAY) == 0
    assert reminded() == set()


def test_a_due_date_in_the_past_is_refused_in_the_form(client, group):
    campaign, organizer, *_ = group
    client.force_login(organizer)
    response = client.post(
        reverse("campaigns:tasks", args=[campaign.slug]),
        {"title": "上传截图", "description": "", "audience": "all", "due_on": "2020-01-01"},
        headers={"Accept-Language": "en"},
    )
    assert "A due date cannot be in the past." in response.content.decode()
    assert not MemberTask.objects.filter(title="上传截图").exists()
