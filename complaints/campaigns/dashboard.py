"""The "My campaigns" dashboard: for each campaign, how complete my case is, my open tasks, what waits for me
and the one next step to take.

Apps above this one (evidence, filings) add what they know through `register`, so this app never imports
them. Each part costs a fixed number of queries for the whole page, however many campaigns are on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.campaigns.models import Campaign, Case, Membership, MemberTask, TaskCompletion

TASKS_SHOWN = 3

# Lower goes first: what the person must look at (their evidence before anyone sees it), then what the
# organizers asked by a date, then the gaps in the case itself.
RANK_RESUBMIT = 5
RANK_EVIDENCE_REVIEW = 10
RANK_TASK = 20
RANK_AMOUNT = 30
RANK_DATE = 35
RANK_EVIDENCE_UPLOAD = 40
RANK_CONSENT = 50
RANK_CAMPAIGN = 90


@dataclass
class Step:
    """Something the person can do now, as one button."""

    rank: int
    label: str
    url: str


@dataclass
class FilingLine:
    title: str
    status: str
    url: str = ""


@dataclass
class StatusLine:
    """One fact another app states on a campaign's card (e.g. where the person's mandate stands), with a link."""

    text: str
    url: str = ""
    attention: bool = False


@dataclass
class CampaignProgress:
    membership: Membership
    checklist: list[tuple[str, bool]] = field(default_factory=list)
    open_tasks: list[MemberTask] = field(default_factory=list)
    evidence_waiting: int = 0
    evidence_waiting_url: str = ""
    evidence_processing: int = 0
    filings: list[FilingLine] = field(default_factory=list)
    statuses: list[StatusLine] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def campaign(self) -> Campaign:
        return self.membership.campaign

    @property
    def done(self) -> int:
        return sum(1 for _label, ok in self.checklist if ok)

    @property
    def next_step(self) -> Step:
        if self.steps:
            return min(self.steps, key=lambda step: step.rank)
        return Step(RANK_CAMPAIGN, _("See the campaign"), self.campaign.get_absolute_url())

    @property
    def actionable(self) -> bool:
        """Open to work on: the person is in it and the campaign still takes cases."""
        return self.membership.is_active and self.campaign.status in Campaign.MANAGEABLE_STATUSES


Contributor = Callable[[object, list[CampaignProgress]], None]
_contributors: list[Contributor] = []


def register(contributor: Contributor) -> None:
    """Another app adds its facts and steps to the rows of campaigns a person can work on."""
    if contributor not in _contributors:
        _contributors.append(contributor)


def _case_of(membership: Membership) -> Case | None:
    try:
        return membership.case
    except Case.DoesNotExist:
        return None


def _case_checklist(row: CampaignProgress) -> None:
    """What makes a case complete, and a step for each gap (one rule: the tasks' audiences read the same)."""
    membership = row.membership
    case = _case_of(membership)
    slug = row.campaign.slug
    case_url = reverse("campaigns:case", args=[slug])
    has_amount = case is not None and case.amount is not None
    has_date = case is not None and case.incident_date is not None
    has_evidence = membership.evidence_count > 0
    row.checklist = [
        (_("Amount lost"), has_amount),
        (_("Date it happened"), has_date),
        (_("Approved evidence"), has_evidence),
        (_("Agreed to be in filings"), membership.include_in_filings),
    ]
    if not has_amount:
        row.steps.append(Step(RANK_AMOUNT, _("Add the amount you lost"), case_url))
    if not has_date:
        row.steps.append(Step(RANK_DATE, _("Add the date it happened"), case_url))
    if not has_evidence and not row.evidence_waiting and not row.evidence_processing:
        row.steps.append(
            Step(RANK_EVIDENCE_UPLOAD, _("Upload your evidence"), reverse("evidence:mine", args=[slug]))
        )
    if not membership.include_in_filings:
        row.steps.append(Step(RANK_CONSENT, _("Decide whether your case goes into filings"), case_url))


def _open_tasks(rows: list[CampaignProgress]) -> None:
    """The tasks each person still has to do, soonest due first; two queries for the whole page."""
    by_campaign = {row.campaign.pk: row for row in rows}
    if not by_campaign:
        return
    done = set(
        TaskCompletion.objects.filter(membership__in=[row.membership.pk for row in rows]).values_list(
            "task_id", flat=True
        )
    )
    tasks = MemberTask.objects.filter(campaign_id__in=by_campaign).order_by("-created_at", "-id")
    for task in tasks.only("id", "campaign_id", "title", "audience", "due_on", "created_at"):
        row = by_campaign[task.campaign_id]
        if task.pk not in done and task.applies_to(row.membership, _case_of(row.membership)):
            row.open_tasks.append(task)
    for row in rows:
        row.open_tasks.sort(key=lambda task: (task.due_on is None, task.due_on or date.max))
        if row.open_tasks:
            first = row.open_tasks[0]
            url = f"{reverse('campaigns:tasks', args=[row.campaign.slug])}#task-{first.pk}"
            row.steps.append(Step(RANK_TASK, _("Do the task: %(title)s") % {"title": first.title}, url))
        del row.open_tasks[TASKS_SHOWN:]


def dashboard_rows(user, memberships: list[Membership]) -> list[CampaignProgress]:
    """One row per membership with facts for the campaigns the person is in; steps only where they can act."""
    rows = [CampaignProgress(membership=m) for m in memberships]
    members = [row for row in rows if row.membership.is_active]
    _open_tasks([row for row in members if row.actionable])
    for contributor in _contributors:
        contributor(user, members)
    for row in members:
        _case_checklist(row)
        if not row.actionable:
            row.steps = []
        if row.campaign.status == Campaign.Status.REJECTED and row.membership.is_organizer:
            # The one thing to do with a campaign a moderator turned down: correct it and send it again.
            url = reverse("campaigns:resubmit", args=[row.campaign.slug])
            row.steps = [Step(RANK_RESUBMIT, _("Correct and resubmit"), url)]
    return rows
