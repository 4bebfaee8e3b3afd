"""The filings app's part in campaigns (complaints/campaigns/hooks.py): the member task "be named in the
filing that needs names", who it is for, and where doing it leads."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.campaigns import hooks
from complaints.campaigns.models import Campaign, Membership, MemberTask
from complaints.filings.models import FilingConsent
from complaints.filings.selectors import filing_needing_names


def _not_named_applies(task: MemberTask, membership: Membership) -> bool:
    named = membership.filing_consents.filter(disclose_identity=True).exists()
    # Once the filing that needed names was sent, there is no choice left to make.
    return membership.include_in_filings and not named and filing_needing_names(task.campaign_id) is not None


def _not_named_members() -> Q:
    named = FilingConsent.objects.filter(membership=OuterRef("pk"), disclose_identity=True)
    return Q(include_in_filings=True) & ~Q(Exists(named))


def _choose_to_be_named(membership: Membership, campaign: Campaign) -> hooks.NextStep | None:
    """Being named is a choice per filing: the task ends at that choice for the filing that needs it."""
    filing = filing_needing_names(campaign)
    if filing is None:
        return None
    message = _("Thank you. Now choose whether this filing may name you.")
    return hooks.NextStep(reverse("filings:consent", kwargs={"pk": filing.pk}), message)


def connect() -> None:
    hooks.register_task_audience(
        MemberTask.Audience.NOT_NAMED,
        hooks.TaskAudience(
            applies=_not_named_applies, members=_not_named_members, next_step=_choose_to_be_named
        ),
    )
