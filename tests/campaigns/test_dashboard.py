# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""The "My campaigns" dashboard says, per campaign, how complete my case is, what waits for me (evidence to
review, tasks with due dates), which filings carry my evidence, and the one next thing to do."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.campaigns.models import Campaign, Membership
from complaints.campaigns.services import CaseFacts, case_update, task_complete, task_create
from complaints.filings.models import Filing
from tests.evidence.support import (  # noqa: F401 - fixtures
    campaign,
    client,
    organizer,
    other_member,
    owner,
    owner_membership,
    picture_item,
    private_dir,
)
from tests.factories import CampaignFactory, PlatformFactory, RegulatorFactory, UserFactory, join

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


def next_action(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" role="button" data-next-action>([^<]*)</a>', page)
    assert match, "every campaign I am in shows one next action"
    return match.group(1).replace("&amp;", "&"), match.group(2).strip()


def test_the_dashboard_shows_my_case_evidence_tasks_and_filings(
    client, private_dir, campaign, organizer, owner_membership, owner
):
    approved = picture_item(owner_membership)
    from complaints.evidence.services import evidence_approve

    evidence_approve(actor=owner, item=approved, share_with_group=False, include_in_filings=True)
    waiting = picture_item(owner_membership)
    due = timezone.localdate() + timedelta(days=3)
    task_create(
        actor=organizer, campaign=campaign, title="上传银行流水", description="", audience="all", due_on=due
    )
    regulator = RegulatorFactory(name_en="Consumer Council")
    Filing.objects.create(
        campaign=campaign, regulator=regulator, status=Filing.Status.SUBMITTED, submitted_at=timezone.now()
    )
    draft_regulator = RegulatorFactory(name_en="Banking Regulator")
    Filing.objects.create(campaign=campaign, regulator=draft_regulator)

    client.force_login(owner)
    page = client.get(DASHBOARD).content.decode()
    assert "My case: 3 of 4 done" in page, "amount, evidence and consent; the date is missing"
    assert "1 file waits for your review" in page and reverse("evidence:review", args=[waiting.pk]) in page
    assert "上传银行流水" in page and "due on" in page
    assert "Consumer Council" in page and "Being sent, your evidence goes with it" in page, (
        "not delivered yet"
    )
    assert (
        "Banking Regulator" in page
        and "in preparation: each new version takes in the evidence you released" in page
    )
    assert reverse("filings:detail", args=[campaign.filings.get(regulator=draft_regulator).pk]) not in page, (
        "a member cannot open a draft"
    )
    url, label = next_action(page)
    assert label == "Review your evidence (1 file waiting)"
    assert url == reverse("evidence:review", args=[waiting.pk])
    assert client.get(url).status_code == 200


def test_someone_elses_evidence_and_done_tasks_are_not_mine_to_do(
    client, private_dir, campaign, organizer, owner_membership, owner, other_member
):
    other = Membership.objects.get(user=other_member, campaign=campaign)
    picture_item(other)
    task = task_create(actor=organizer, campaign=campaign, title="填写问卷", description="", audience="all")
    task_complete(actor=owner, task=task, membership=owner_membership)
    client.force_login(owner)
    page = client.get(DASHBOARD).content.decode()
    assert "waits for your review" not in page and "填写问卷" not in page
    assert "Review your evidence" not in next_action(page)[1]


def test_the_next_action_follows_what_is_still_missing_and_leads_to_the_right_page(
    client, private_dir, campaign, organizer
):
    membership = join(campaign, UserFactory())
    person = membership.user
    due = timezone.localdate() + timedelta(days=1)
    task = task_create(
        actor=organizer, campaign=campaign, title="上传截图", description="", audience="all", due_on=due
    )
    client.force_login(person)

    def step():
        url, label = next_action(client.get(DASHBOARD).content.decode())
        assert client.get(url).status_code == 200, (label, url)
        return url, label

    tasks_url = reverse("campaigns:tasks", args=[campaign.slug])
    assert step() == (f"{tasks_url}#task-{task.pk}", "Do the task: 上传截图")
    assert f'id="task-{task.pk}"' in client.get(tasks_url).content.decode()
    task_complete(actor=person, task=task, membership=membership)
    assert step() == (reverse("campaigns:case", args=[campaign.slug]), "Add the amount you lost")
    case_update(
        actor=person,
        membership=membership,
        facts=CaseFacts(amount=Decimal("35"), currency="CNY", incident_date=None),
    )
    assert step() == (reverse("campaigns:case", args=[campaign.slug]), "Add the date it happened")
    case_update(
        actor=person,
        membership=membership,
        facts=CaseFacts(amount=Decimal("35"), currency="CNY", incident_date=date(2026, 10, 1)),
    )
    assert step() == (reverse("evidence:mine", args=[campaign.slug]), "Upload your evidence")
    item = picture_item(membership)
    assert step() == (reverse("evidence:review", args=[item.pk]), "Review your evidence (1 file waiting)")
    client.post(reverse("evidence:approve", args=[item.pk]), {})
    assert step() == (
        reverse("campaigns:case", args=[campaign.slug]),
        "Decide whether your case goes into filings",
    )
    Membership.objects.filter(pk=membership.pk).update(include_in_filings=True)
    assert step() == (campaign.get_absolute_url(), "See the campaign")
    assert "My case: 4 of 4 done" in client.get(DASHBOARD).content.decode()


def test_a_closed_campaign_asks_nothing_more_and_a_left_one_shows_no_button(client, campaign, organizer):
    membership = join(campaign, UserFactory())
    client.force_login(membership.user)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    assert next_action(client.get(DASHBOARD).content.decode()) == (
        campaign.get_absolute_url(),
        "See the campaign",
    )
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.LEFT)
    assert "data-next-action" not in client.get(DASHBOARD).content.decode()


def _busy_campaigns(person, count: int) -> None:
    """Campaigns with everything the dashboard shows: a task, evidence to review, filings with my evidence."""
    from complaints.evidence.services import evidence_approve

    platform = PlatformFactory()
    regulator = RegulatorFactory()
    for _n in range(count):
        campaign = CampaignFactory(platform=platform)
        organizer = join(campaign, UserFactory())
        Membership.objects.filter(pk=organizer.pk).update(role="organizer")
        membership = join(campaign, person, amount=10, include_in_filings=True)
        task_create(
            actor=organizer.user, campaign=campaign, title="任务", description="", audience="all",
            due_on=timezone.localdate(),
        )  # fmt: skip
        evidence_approve(
            actor=person, item=picture_item(membership), share_with_group=False, include_in_filings=True
        )
        picture_item(membership)
        Filing.objects.create(campaign=campaign, regulator=regulator)
        Filing.objects.create(
            campaign=campaign,
            regulator=regulator,
            status=Filing.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )


def test_the_dashboard_costs_the_same_queries_for_1_and_10_campaigns(
    client, private_dir, django_assert_max_num_queries
):
    one, ten = UserFactory(), UserFactory()
    _busy_campaigns(one, 1)
    _busy_campaigns(ten, 10)
    client.force_login(one)
    with django_assert_max_num_queries(12) as one_page:
        page = client.get(DASHBOARD).content.decode()
    assert page.count("data-next-action") == 1
    client.force_login(ten)
    with django_assert_max_num_queries(len(one_page.captured_queries)):
        page = client.get(DASHBOARD).content.decode()
    assert page.count("data-next-action") == 10 and page.count("your evidence goes with it") == 10


def test_a_filing_sent_before_my_evidence_was_released_is_not_said_to_carry_it(
    client, private_dir, campaign, owner_membership, owner
):
    from complaints.evidence.services import evidence_approve

    regulator = RegulatorFactory(name_en="Earlier Regulator")
    Filing.objects.create(
        campaign=campaign,
        regulator=regulator,
        status=Filing.Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=2),
    )
    evidence_approve(
        actor=owner, item=picture_item(owner_membership), share_with_group=False, include_in_filings=True
    )
    client.force_login(owner)
    page = client.get(DASHBOARD).content.decode()
    assert "Earlier Regulator" not in page and "your evidence goes with it" not in page
