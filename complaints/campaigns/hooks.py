"""How the apps above campaigns (evidence, filings) take part in what campaigns does, without campaigns
importing them. This app owns the hooks; the higher apps fill them in their AppConfig.ready().

Signals, sent by the campaigns services (a receiver's error propagates: nothing is skipped silently):
- `membership_left(sender=Membership, actor, membership)`: inside the leave's transaction, after the
  membership stopped counting; evidence withdraws the sharing choices of the member's items.
- `campaigns_merged(sender=Campaign, actor, source, target)`: after the merge committed and the members were
  told; evidence follows its memberships into the target campaign.
- `case_saved(sender=Case, actor, membership, case, created)`: inside the transaction of a join or a
  member's edit of their case, after the case was saved (`created`: a first join, so nothing was claimed
  before); proofs recomputes the keyed hashes of the member's order numbers.

Member tasks whose audience only a higher app can decide ("evidence not yet in filings", "not named in the
filing that needs names"), and where doing a task leads next, are registered with `register_task_audience`.
The dashboard's rows have their own registry (`dashboard.register`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.dispatch import Signal

if TYPE_CHECKING:
    from complaints.campaigns.models import Campaign, Membership, MemberTask

membership_left = Signal()
campaigns_merged = Signal()
# Sent inside campaign_join's transaction when a person becomes an active member (first join or coming
# back), with `membership` (outreach counts joins per invite link).
member_joined = Signal()
case_saved = Signal()


@dataclass(frozen=True)
class NextStep:
    """Where a member goes after marking a task done, with the message shown there."""

    url: str
    message: str


@dataclass(frozen=True)
class TaskAudience:
    """What a higher app knows about one task audience; each part is optional."""

    # Does the task ask this member for something? (the Python twin of `members`)
    applies: Callable[[MemberTask, Membership], bool] | None = None
    # The same rule as a filter on Membership rows (notification audiences page through it).
    members: Callable[[], Q] | None = None
    # Where doing the task leads (None: back to the campaign with a thank-you).
    next_step: Callable[[Membership, Campaign], NextStep | None] | None = None


_task_audiences: dict[str, TaskAudience] = {}


def register_task_audience(audience: str, rule: TaskAudience) -> None:
    """A higher app decides (part of) a task audience; registering again replaces the rule."""
    _task_audiences[str(audience)] = rule


def _rule(audience: str, part: str) -> Callable:
    found = getattr(_task_audiences.get(str(audience)), part, None)
    if found is None:
        # A task audience nobody decides would reach every member or nobody, silently: fail instead.
        raise RuntimeError(f"no installed app decides the {part} of the task audience {audience!r}")
    return found


def task_applies(task: MemberTask, membership: Membership) -> bool:
    """Whether a task of a registered audience asks this member for something."""
    return _rule(task.audience, "applies")(task, membership)


def task_members(audience: str) -> Q:
    """The memberships a task of a registered audience is for, as a filter."""
    return _rule(audience, "members")()


def task_next_step(task: MemberTask, membership: Membership, campaign: Campaign) -> NextStep | None:
    """Where a member goes after doing this task, if an app says so."""
    rule = _task_audiences.get(str(task.audience))
    if rule is None or rule.next_step is None:
        return None
    return rule.next_step(membership, campaign)
