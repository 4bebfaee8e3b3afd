"""Member tasks: an organizer asks members to do something, reminders when it is due, a member marks it done."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.accounts.models import User
from complaints.campaigns.models import (
    Campaign,
    Membership,
    MemberTask,
    TaskCompletion,
)
from complaints.campaigns.services.common import DOUBLE_SUBMIT_WINDOW, CampaignError
from complaints.campaigns.services.figures import _lock
from complaints.core.services import audit_record
from complaints.notifications.kinds import Kind
from complaints.notifications.services import Target, notifications_settle, notify


def task_create(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    description: str,
    audience: str,
    due_on: date | None = None,
) -> MemberTask:
    """Ask members (all, or those missing something) to do something for the campaign."""
    with transaction.atomic():
        _lock(campaign.pk)
        # The same task sent twice in a row (double click, resent form) is one task.
        task = MemberTask.objects.filter(
            campaign=campaign, created_by=actor, title=title.strip(), description=description.strip(),
            audience=audience, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        ).first()  # fmt: skip
        if task is not None:
            return task
        task = MemberTask.objects.create(
            campaign=campaign,
            title=title.strip(),
            description=description.strip(),
            audience=audience,
            created_by=actor,
            due_on=due_on,
        )
        audit_record(actor=actor, action="campaign.task_create", target=campaign, data={"task": task.pk})

    notify(
        actor=actor,
        kind=Kind.TASK_ASSIGNED,
        audience="campaign_members",
        audience_args={"campaign": campaign.pk, "task_audience": task.audience},
        params={"campaign": campaign.title, "task": task.title},
        target=Target(
            type=task._meta.label_lower,
            id=str(task.pk),
            url=_member_task_url(campaign.slug, task.pk),
        ),
        dedupe_key=f"task:{task.pk}",
    )
    return task


TASK_REMINDER_DAYS = 2


def _member_task_url(slug: str, task_pk: int) -> str:
    """Where a member's notice of a task leads: the members' task list at that task (the task's own page
    with its completions is the organizers')."""
    return f"{reverse('campaigns:tasks', args=[slug])}#task-{task_pk}"


def tasks_remind_due(*, today: date | None = None) -> int:
    """Remind the members a task is for, and who have not done it, that it is due within two days.

    Each task is claimed with a conditional update, so a beat run repeated or overlapping reminds once;
    the fan-out itself is deduplicated per task as well.
    """
    today = today or timezone.localdate()
    due = MemberTask.objects.filter(
        due_on__isnull=False,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=TASK_REMINDER_DAYS),
        due_reminded_at__isnull=True,
        campaign__status=Campaign.Status.OPEN,
    ).select_related("campaign")
    reminded = 0
    for task in due.iterator():
        with transaction.atomic():
            if not MemberTask.objects.filter(pk=task.pk, due_reminded_at__isnull=True).update(
                due_reminded_at=timezone.now()
            ):
                continue
            notify(
                actor=None,
                kind=Kind.TASK_DUE,
                audience="campaign_members",
                audience_args={
                    "campaign": task.campaign_id,
                    "task_audience": task.audience,
                    "not_done": task.pk,
                },
                params={
                    "campaign": task.campaign.title,
                    "task": task.title,
                    "due": {"date": task.due_on.isoformat()},
                },
                target=Target(
                    type=task._meta.label_lower,
                    id=str(task.pk),
                    url=_member_task_url(task.campaign.slug, task.pk),
                ),
                dedupe_key=f"task:{task.pk}:due",
            )
        reminded += 1
    return reminded


def task_complete(*, actor: User, task: MemberTask, membership: Membership) -> TaskCompletion:
    """Mark a task done for a member; doing it twice counts once."""
    if membership.campaign_id != task.campaign_id or not membership.is_active:
        raise CampaignError(_("This task is not for you."))
    try:
        with transaction.atomic():
            completion, created = TaskCompletion.objects.get_or_create(task=task, membership=membership)
            if created:
                MemberTask.objects.filter(pk=task.pk).update(completions_count=F("completions_count") + 1)
    except IntegrityError:
        completion = TaskCompletion.objects.get(task=task, membership=membership)

    # The task's notices no longer ask this member for anything.
    notifications_settle(
        target=task, kinds=[Kind.TASK_ASSIGNED, Kind.TASK_DUE], recipient_ids=[membership.user_id]
    )
    return completion
